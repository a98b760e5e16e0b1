package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcHex;

/**
 * The development methods scripts written for anvil and Hardhat call: {@code evm_mine}, {@code
 * evm_setAutomine}, {@code anvil_/hardhat_getAutomine}, {@code anvil_/hardhat_setBalance}, and
 * {@code evm_snapshot}/{@code evm_revert}, which roll blocks and state back through the store's
 * per-block change sets.
 */
public final class DevMethods {
    private final DevChain chain;

    public DevMethods(DevChain chain) {
        this.chain = chain;
    }

    public void register(JsonRpcDispatcher d) {
        d.register("evm_mine", this::mine);
        d.register("evm_setAutomine", p -> {
            chain.setAutomine(p.atMost(1).bool(0));
            return MethodResult.ok(BooleanNode.TRUE);
        });
        d.register("anvil_getAutomine", p -> MethodResult.ok(BooleanNode.valueOf(chain.automine())));
        d.register("hardhat_getAutomine", p -> MethodResult.ok(BooleanNode.valueOf(chain.automine())));
        d.register("anvil_setBalance", this::setBalance);
        d.register("hardhat_setBalance", this::setBalance);
        d.register("evm_snapshot", p -> MethodResult.ok(TextNode.valueOf(chain.snapshot())));
        d.register("evm_revert", this::revert);
    }

    /** evm_revert id: a hex quantity ("0x1") or a plain number, as anvil and Hardhat take it. */
    private MethodResult revert(Params p) {
        JsonNode n = p.atMost(1).node(0);
        long id;
        if (n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0) {
            id = n.longValue();
        } else if (n != null && n.isTextual()) {
            try {
                id = RpcHex.decodeQuantity(n.asText());
            } catch (IllegalArgumentException e) {
                return MethodResult.err(RpcError.invalidArgument(0, e.getMessage()));
            }
        } else {
            return MethodResult.err(RpcError.invalidArgument(0, "want a snapshot id (hex quantity)"));
        }
        DevChain.RevertOutcome outcome = chain.revert(id);
        return outcome.error() != null ? MethodResult.err(RpcError.server(outcome.error()))
                : MethodResult.ok(BooleanNode.valueOf(outcome.reverted()));
    }

    /** evm_mine [timestamp]: Hardhat takes a number, anvil also a hex quantity or {timestamp}. */
    private MethodResult mine(Params p) {
        Long timestamp = null;
        if (!p.absent(0)) {
            JsonNode n = p.node(0);
            if (n.isObject() && n.has("timestamp")) {
                n = n.get("timestamp");
            }
            if (n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0) {
                timestamp = n.longValue();
            } else if (n.isTextual()) {
                try {
                    timestamp = RpcHex.decodeQuantity(n.asText());
                } catch (IllegalArgumentException e) {
                    return MethodResult.err(RpcError.invalidArgument(0, e.getMessage()));
                }
            } else if (!n.isNull() && !(n.isObject() && !n.has("timestamp"))) {
                return MethodResult.err(RpcError.invalidArgument(0, "want a timestamp (number or hex quantity)"));
            }
        }
        String error = chain.mine(timestamp);
        return error == null ? MethodResult.ok(TextNode.valueOf("0x0")) : MethodResult.err(RpcError.server(error));
    }

    private MethodResult setBalance(Params p) {
        String error = chain.setBalance(p.address(0), p.u256(1));
        return error == null ? MethodResult.ok(BooleanNode.TRUE) : MethodResult.err(RpcError.server(error));
    }
}
