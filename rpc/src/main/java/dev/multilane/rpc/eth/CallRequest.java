package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.rpc.RpcHex;
import java.util.ArrayList;
import java.util.List;

/**
 * The transaction object of eth_call, eth_estimateGas and eth_createAccessList (geth's
 * TransactionArgs). Every field is optional; null means absent.
 */
public record CallRequest(Address from, Address to, Long gas, U256 gasPrice, U256 maxFeePerGas,
        U256 maxPriorityFeePerGas, U256 value, byte[] input, List<AccessListEntry> accessList,
        List<Hash> blobVersionedHashes, U256 maxFeePerBlobGas) {

    /** True when the caller named a price: then fees are charged and checked against the base fee. */
    public boolean pricesGiven() {
        return nonZero(gasPrice) || nonZero(maxFeePerGas) || nonZero(maxPriorityFeePerGas);
    }

    private static boolean nonZero(U256 v) {
        return v != null && !v.isZero();
    }

    public Address sender() {
        return from == null ? Address.ZERO : from;
    }

    public CallRequest withAccessList(List<AccessListEntry> list) {
        return new CallRequest(from, to, gas, gasPrice, maxFeePerGas, maxPriorityFeePerGas, value, input, list,
                blobVersionedHashes, maxFeePerBlobGas);
    }

    public CallRequest withGas(long g) {
        return new CallRequest(from, to, g, gasPrice, maxFeePerGas, maxPriorityFeePerGas, value, input, accessList,
                blobVersionedHashes, maxFeePerBlobGas);
    }

    /** Decodes parameter {@code index}; a malformed field is geth's "invalid argument" error. */
    public static CallRequest parse(JsonNode o, int index) {
        if (!o.isObject()) {
            throw bad(index, "json: cannot unmarshal " + o.getNodeType().toString().toLowerCase() + " into Go value of type ethapi.TransactionArgs");
        }
        try {
            JsonNode input = o.hasNonNull("input") ? o.get("input") : o.get("data");
            if (o.hasNonNull("input") && o.hasNonNull("data")
                    && !o.get("input").asText().equals(o.get("data").asText())) {
                throw bad(index, "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass transaction call data");
            }
            if (o.hasNonNull("gasPrice") && (o.hasNonNull("maxFeePerGas") || o.hasNonNull("maxPriorityFeePerGas"))) {
                throw new RpcException(RpcError.server("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified"));
            }
            List<AccessListEntry> accessList = null;
            if (o.hasNonNull("accessList")) {
                accessList = new ArrayList<>();
                for (JsonNode e : o.get("accessList")) {
                    List<U256> keys = new ArrayList<>();
                    if (e.hasNonNull("storageKeys")) {
                        for (JsonNode k : e.get("storageKeys")) {
                            keys.add(Hash.wrap(RpcHex.decodeFixed(k.asText(), Hash.SIZE, "common.Hash")).toU256());
                        }
                    }
                    accessList.add(new AccessListEntry(address(e.get("address")), keys));
                }
            }
            List<Hash> blobs = null;
            if (o.hasNonNull("blobVersionedHashes")) {
                blobs = new ArrayList<>();
                for (JsonNode h : o.get("blobVersionedHashes")) {
                    blobs.add(Hash.wrap(RpcHex.decodeFixed(h.asText(), Hash.SIZE, "common.Hash")));
                }
            }
            return new CallRequest(address(o.get("from")), address(o.get("to")),
                    o.hasNonNull("gas") ? RpcHex.decodeQuantity(o.get("gas").asText()) : null,
                    u256(o.get("gasPrice")), u256(o.get("maxFeePerGas")), u256(o.get("maxPriorityFeePerGas")),
                    u256(o.get("value")), input == null || input.isNull() ? Bytes.EMPTY : RpcHex.decodeData(input.asText()),
                    accessList, blobs, u256(o.get("maxFeePerBlobGas")));
        } catch (IllegalArgumentException e) {
            throw bad(index, e.getMessage());
        }
    }

    private static Address address(JsonNode n) {
        return n == null || n.isNull() ? null : Address.wrap(RpcHex.decodeFixed(n.asText(), Address.SIZE, "common.Address"));
    }

    private static U256 u256(JsonNode n) {
        return n == null || n.isNull() ? null : RpcHex.decodeU256(n.asText());
    }

    private static RpcException bad(int index, String why) {
        return new RpcException(RpcError.invalidArgument(index, why));
    }
}
