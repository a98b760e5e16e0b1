package dev.multilane.chain.block;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a block in the form {@code eth_getBlockByNumber(n, true)} returns: header fields at the top
 * level, full transaction objects, withdrawals, and ommers as hashes only.
 */
public final class BlockJson {
    private BlockJson() {}

    /**
     * The block; its ommer list is empty, since JSON gives only ommer hashes ({@link #ommerHashes}).
     *
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Block fromRpc(JsonNode b) {
        List<Transaction> txs = new ArrayList<>();
        for (JsonNode t : RpcJson.field(b, "transactions")) {
            if (!t.isObject()) {
                throw new IllegalArgumentException("transactions are hashes only; full objects are needed");
            }
            txs.add(TransactionJson.fromRpc(t));
        }
        List<Withdrawal> withdrawals = null;
        if (b.hasNonNull("withdrawals")) {
            withdrawals = new ArrayList<>();
            for (JsonNode w : b.get("withdrawals")) {
                withdrawals.add(new Withdrawal(RpcJson.quantity(w, "index"), RpcJson.quantity(w, "validatorIndex"),
                        Address.fromHex(RpcJson.text(w, "address")), RpcJson.quantity(w, "amount")));
            }
        }
        return new Block(headerFromRpc(b), txs, List.of(), withdrawals);
    }

    public static BlockHeader headerFromRpc(JsonNode b) {
        return new BlockHeader(
                RpcJson.hash(b, "parentHash"),
                RpcJson.hash(b, "sha3Uncles"),
                Address.fromHex(RpcJson.text(b, "miner")),
                RpcJson.hash(b, "stateRoot"),
                RpcJson.hash(b, "transactionsRoot"),
                RpcJson.hash(b, "receiptsRoot"),
                Hex.decode(RpcJson.text(b, "logsBloom")),
                RpcJson.u256(b, "difficulty"),
                RpcJson.quantity(b, "number"),
                RpcJson.quantity(b, "gasLimit"),
                RpcJson.quantity(b, "gasUsed"),
                RpcJson.quantity(b, "timestamp"),
                Hex.decode(RpcJson.text(b, "extraData")),
                RpcJson.hash(b, "mixHash"),
                RpcJson.quantity(b, "nonce"),
                b.hasNonNull("baseFeePerGas") ? RpcJson.u256(b, "baseFeePerGas") : null,
                RpcJson.optionalHash(b, "withdrawalsRoot"),
                RpcJson.optionalQuantity(b, "blobGasUsed"),
                RpcJson.optionalQuantity(b, "excessBlobGas"),
                RpcJson.optionalHash(b, "parentBeaconBlockRoot"));
    }

    /** The hashes of the block's ommers, as JSON lists them; empty when there are none. */
    public static List<Hash> ommerHashes(JsonNode b) {
        List<Hash> hashes = new ArrayList<>();
        if (b.hasNonNull("uncles")) {
            for (JsonNode h : b.get("uncles")) {
                hashes.add(Hash.fromHex(h.asText()));
            }
        }
        return hashes;
    }

    /** The {@code from} field of each transaction, in order. */
    public static List<Address> senders(JsonNode b) {
        List<Address> senders = new ArrayList<>();
        for (JsonNode t : RpcJson.field(b, "transactions")) {
            senders.add(Address.fromHex(RpcJson.text(t, "from")));
        }
        return senders;
    }
}
