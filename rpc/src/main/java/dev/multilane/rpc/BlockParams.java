package dev.multilane.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.primitives.Hash;

/** Decodes a block parameter as geth's BlockNumberOrHash does; messages are geth's. */
final class BlockParams {
    private BlockParams() {}

    static BlockParam parse(JsonNode n) {
        if (n.isObject()) {
            return parseObject(n);
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("json: cannot unmarshal " + Params.jsonKind(n)
                    + " into Go value of type string");
        }
        String s = n.asText();
        if (s.length() == 66) {
            return new BlockParam.ByHash(Hash.wrap(RpcHex.decodeFixed(s, Hash.SIZE, "common.Hash")), false);
        }
        return parseNumberOrTag(s);
    }

    static BlockParam parseNumberOrTag(String s) {
        return switch (s) {
            case "latest" -> BlockParam.LATEST;
            case "earliest" -> new BlockParam.Named(BlockParam.Tag.EARLIEST);
            case "pending" -> new BlockParam.Named(BlockParam.Tag.PENDING);
            case "safe" -> new BlockParam.Named(BlockParam.Tag.SAFE);
            case "finalized" -> new BlockParam.Named(BlockParam.Tag.FINALIZED);
            default -> {
                long number = RpcHex.decodeQuantity(s);
                if (number < 0) {
                    throw new IllegalArgumentException("block number larger than int64");
                }
                yield new BlockParam.Number(number);
            }
        };
    }

    /** EIP-1898: {"blockHash": h, "requireCanonical": b} or {"blockNumber": n}, exactly one of the two. */
    private static BlockParam parseObject(JsonNode n) {
        JsonNode hash = n.get("blockHash");
        JsonNode number = n.get("blockNumber");
        boolean hasHash = hash != null && !hash.isNull();
        boolean hasNumber = number != null && !number.isNull();
        if (hasHash == hasNumber) {
            throw new IllegalArgumentException(hasHash ? "cannot specify both BlockHash and BlockNumber, choose one or the other"
                    : "invalid block number or hash");
        }
        if (hasHash) {
            JsonNode canonical = n.get("requireCanonical");
            return new BlockParam.ByHash(Hash.wrap(RpcHex.decodeFixed(hash.asText(), Hash.SIZE, "common.Hash")),
                    canonical != null && canonical.asBoolean(false));
        }
        return parseNumberOrTag(number.asText());
    }
}
