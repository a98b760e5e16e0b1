package dev.multilane.chain.block;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a signed transaction from its JSON-RPC form (an element of {@code
 * eth_getBlockByNumber(n, true).transactions}). The same reconstruction as the chain module's
 * MainnetTransactionsTest, which checks it reproduces every fixture transaction's hash.
 */
public final class TransactionJson {
    private TransactionJson() {}

    /**
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Transaction fromRpc(JsonNode t) {
        int type = (int) RpcJson.quantity(t, "type");
        long nonce = RpcJson.quantity(t, "nonce");
        long gas = RpcJson.quantity(t, "gas");
        Address to = t.hasNonNull("to") ? Address.fromHex(t.get("to").asText()) : null;
        U256 value = RpcJson.u256(t, "value");
        byte[] input = Hex.decode(RpcJson.text(t, "input"));
        U256 r = RpcJson.u256(t, "r");
        U256 s = RpcJson.u256(t, "s");
        if (type == Transaction.LEGACY) {
            // EIP-155: v = 35 + 2·chainId + yParity, or 27/28 without replay protection.
            long v = RpcJson.quantity(t, "v");
            Long chainId = v == 27 || v == 28 ? null : (v - 35) / 2;
            int parity = (int) (chainId == null ? v - 27 : (v - 35) % 2);
            return UnsignedTransaction.legacy(chainId, nonce, RpcJson.u256(t, "gasPrice"), gas, to, value, input)
                    .withSignature(new Signature(parity, r, s));
        }
        long chainId = RpcJson.quantity(t, "chainId");
        List<AccessListEntry> accessList = accessList(t.get("accessList"));
        // Older nodes give typed transactions only v, which equals yParity for them.
        int parity = (int) (t.hasNonNull("yParity") ? RpcJson.quantity(t, "yParity") : RpcJson.quantity(t, "v"));
        UnsignedTransaction body = switch (type) {
            case Transaction.ACCESS_LIST -> UnsignedTransaction.accessList(chainId, nonce, RpcJson.u256(t, "gasPrice"),
                    gas, to, value, input, accessList);
            case Transaction.DYNAMIC_FEE -> UnsignedTransaction.dynamicFee(chainId, nonce,
                    RpcJson.u256(t, "maxPriorityFeePerGas"), RpcJson.u256(t, "maxFeePerGas"), gas, to, value, input,
                    accessList);
            case Transaction.BLOB -> {
                List<Hash> hashes = new ArrayList<>();
                for (JsonNode h : RpcJson.field(t, "blobVersionedHashes")) {
                    hashes.add(Hash.fromHex(h.asText()));
                }
                yield UnsignedTransaction.blob(chainId, nonce, RpcJson.u256(t, "maxPriorityFeePerGas"),
                        RpcJson.u256(t, "maxFeePerGas"), gas, to, value, input, accessList,
                        RpcJson.u256(t, "maxFeePerBlobGas"), hashes);
            }
            default -> throw new IllegalArgumentException("unknown transaction type " + type);
        };
        return body.withSignature(new Signature(parity, r, s));
    }

    private static List<AccessListEntry> accessList(JsonNode list) {
        List<AccessListEntry> entries = new ArrayList<>();
        if (list == null || list.isNull()) {
            return entries;
        }
        for (JsonNode e : list) {
            List<U256> keys = new ArrayList<>();
            for (JsonNode k : RpcJson.field(e, "storageKeys")) {
                keys.add(U256.parse(k.asText()));
            }
            entries.add(new AccessListEntry(Address.fromHex(RpcJson.text(e, "address")), keys));
        }
        return entries;
    }
}
