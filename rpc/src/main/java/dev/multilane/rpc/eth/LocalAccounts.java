package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.rpc.RpcHex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code eth_accounts} and {@code eth_sendTransaction} for accounts whose keys the node holds, as
 * anvil and Hardhat unlock their development accounts: the node fills in what the caller left out
 * (nonce, gas, fees) the way geth's {@code TransactionArgs.setDefaults} does, signs, and hands the
 * raw transaction to {@code eth_sendRawTransaction}, so that it meets the same pool checks and
 * errors as any other.
 *
 * <p>The defaults come from the node's own methods through the dispatcher (pending nonce,
 * eth_estimateGas, eth_maxPriorityFeePerGas, the latest base fee), not from a second copy of their
 * logic. One account's requests are serialized from choosing the nonce to the pool's answer, so
 * that two concurrent sends do not pick the same nonce (geth holds a per-account nonce lock for
 * the same reason).
 */
public final class LocalAccounts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final long chainId;
    private final Map<Address, byte[]> keys = new LinkedHashMap<>();
    private final JsonRpcDispatcher dispatcher;

    /** @param keys 32-byte secp256k1 private keys by address, in the order eth_accounts lists them */
    public LocalAccounts(long chainId, Map<Address, byte[]> keys, JsonRpcDispatcher dispatcher) {
        this.chainId = chainId;
        keys.forEach((address, key) -> this.keys.put(address, key.clone()));
        this.dispatcher = dispatcher;
    }

    public void register(JsonRpcDispatcher d) {
        d.register("eth_accounts", p -> {
            ArrayNode out = NODES.arrayNode();
            keys.keySet().forEach(a -> out.add(a.toString()));
            return MethodResult.ok(out);
        });
        d.register("eth_sendTransaction", this::send);
    }

    private MethodResult send(Params p) {
        JsonNode object = p.atMost(1).node(0);
        if (object == null || object.isNull()) {
            return MethodResult.err(RpcError.invalidArgument(0, "missing transaction object"));
        }
        CallRequest req = CallRequest.parse(object, 0);
        if (req.from() == null) {
            return MethodResult.err(RpcError.invalidArgument(0, "missing \"from\": the account to send from"));
        }
        byte[] key = keys.get(req.from());
        if (key == null) {
            return MethodResult.err(RpcError.server("unknown account " + req.from()
                    + ": the node holds keys only for the accounts eth_accounts lists"));
        }
        if (req.blobVersionedHashes() != null || req.maxFeePerBlobGas() != null) {
            return MethodResult.err(RpcError.server("eth_sendTransaction does not build blob transactions:"
                    + " sign one and send it with eth_sendRawTransaction"));
        }
        if (object.hasNonNull("chainId")) {
            long given = quantity(object.get("chainId"), "chainId");
            if (given != chainId) {
                return MethodResult.err(RpcError.invalidArgument(0,
                        "chainId does not match node's (have=" + given + ", want=" + chainId + ")"));
            }
        }
        // One account at a time from its nonce to the pool's answer; other accounts go on.
        synchronized (key) {
            try {
                return sign(req, object, key);
            } catch (RpcException e) {
                return MethodResult.err(e.error());
            }
        }
    }

    private MethodResult sign(CallRequest req, JsonNode object, byte[] key) {
        long nonce = object.hasNonNull("nonce") ? quantity(object.get("nonce"), "nonce")
                : RpcHex.decodeQuantity(call("eth_getTransactionCount",
                        TextNode.valueOf(req.from().toString()), TextNode.valueOf("pending")).asText());
        long gas = req.gas() != null ? req.gas()
                : RpcHex.decodeQuantity(call("eth_estimateGas", object).asText());
        U256 value = req.value() == null ? U256.ZERO : req.value();
        byte[] data = req.input() == null ? Bytes.EMPTY : req.input();
        List<AccessListEntry> accessList = req.accessList() == null ? List.of() : req.accessList();
        UnsignedTransaction unsigned;
        if (req.gasPrice() != null) {
            unsigned = req.accessList() == null
                    ? UnsignedTransaction.legacy(chainId, nonce, req.gasPrice(), gas, req.to(), value, data)
                    : UnsignedTransaction.accessList(chainId, nonce, req.gasPrice(), gas, req.to(), value, data,
                            accessList);
        } else {
            U256 tip = req.maxPriorityFeePerGas() != null ? req.maxPriorityFeePerGas()
                    : RpcHex.decodeU256(call("eth_maxPriorityFeePerGas").asText());
            U256 maxFee = req.maxFeePerGas();
            if (maxFee == null) {
                // geth's default: room for the base fee to double, plus the tip.
                maxFee = latestBaseFee().mul(U256.of(2)).add(tip);
            }
            if (maxFee.compareTo(tip) < 0) {
                return MethodResult.err(RpcError.invalidArgument(0,
                        "maxFeePerGas (" + maxFee + ") < maxPriorityFeePerGas (" + tip + ")"));
            }
            unsigned = UnsignedTransaction.dynamicFee(chainId, nonce, tip, maxFee, gas, req.to(), value, data,
                    accessList);
        }
        Transaction tx = unsigned.sign(key);
        return dispatcher.call("eth_sendRawTransaction", Params.of(TextNode.valueOf(RpcHex.data(tx.encode()))));
    }

    private U256 latestBaseFee() {
        JsonNode block = call("eth_getBlockByNumber", TextNode.valueOf("latest"), NODES.booleanNode(false));
        JsonNode baseFee = block.get("baseFeePerGas");
        return baseFee == null || baseFee.isNull() ? U256.ZERO : RpcHex.decodeU256(baseFee.asText());
    }

    /** A method of this node, whose error becomes this request's error. */
    private JsonNode call(String method, JsonNode... params) {
        return switch (dispatcher.call(method, Params.of(params))) {
            case MethodResult.Ok ok -> ok.value();
            case MethodResult.Err err -> throw new RpcException(err.error());
        };
    }

    private static long quantity(JsonNode n, String field) {
        try {
            return RpcHex.decodeQuantity(n.asText());
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(0, field + ": " + e.getMessage()));
        }
    }
}
