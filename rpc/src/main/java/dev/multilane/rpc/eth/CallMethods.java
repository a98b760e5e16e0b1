package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Fork;
import dev.multilane.evm.InvalidReason;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.evm.precompile.Precompiles;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcHex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * eth_call, eth_estimateGas and eth_createAccessList: transactions executed on the state after the
 * named block (the head's, or an earlier block's through the store's history index, from one
 * consistent RocksDB snapshot) and discarded.
 */
public final class CallMethods {
    /** geth's default RPC gas cap (--rpc.gascap). */
    static final long GAS_CAP = 50_000_000L;
    /** geth's estimateGas tolerance: stop the binary search within 1.5% of the answer. */
    static final double ESTIMATE_ERROR_RATIO = 0.015;
    static final long TX_GAS = 21_000;
    static final long CALL_STIPEND = 2_300;

    private final RpcContext ctx;
    private final ChainView chain;

    public CallMethods(RpcContext ctx) {
        this.ctx = ctx;
        this.chain = new ChainView(ctx.store());
    }

    public void register(JsonRpcDispatcher d) {
        d.register("eth_call", p -> withState(p.block(1, true), (runner, state) -> call(CallRequest.parse(p.node(0), 0),
                runner, state)));
        d.register("eth_estimateGas", p -> withState(p.block(1, true), (runner, state) -> estimate(
                CallRequest.parse(p.node(0), 0), runner, state)));
        d.register("eth_createAccessList", p -> withState(p.block(1, true), (runner, state) -> accessList(
                CallRequest.parse(p.node(0), 0), runner, state)));
    }

    private interface AtState {
        MethodResult run(CallRunner runner, StateView state);
    }

    private MethodResult withState(BlockParam block, AtState action) {
        return chain.withState(block, (header, state) -> {
            Fork fork = ctx.config().forkAt(header);
            if (fork == null) {
                return MethodResult.err(RpcError.server("block " + header.number() + " is before the first supported fork"));
            }
            return action.run(new CallRunner(ctx.store(), ctx.config().chainId(), fork, header), state);
        });
    }

    private static MethodResult call(CallRequest req, CallRunner runner, StateView state) {
        long gas = req.gas() != null ? Math.min(req.gas(), runner.defaultGas()) : runner.defaultGas();
        TxResult result = runner.run(req, gas, state);
        return switch (result) {
            case TxResult.Invalid inv -> MethodResult.err(invalidError(inv, req, state));
            case TxResult.Executed e when e.success() -> MethodResult.ok(TextNode.valueOf(Hex.encode(e.output())));
            case TxResult.Executed e -> MethodResult.err(failure(e, gas));
        };
    }

    /** geth's Estimate: one run at the cap, an optimistic guess, then a skewed binary search. */
    private static MethodResult estimate(CallRequest req, CallRunner runner, StateView state) {
        long hi = req.gas() != null && req.gas() >= TX_GAS ? req.gas() : runner.header().gasLimit();
        U256 feeCap = req.gasPrice() != null ? req.gasPrice() : req.maxFeePerGas();
        if (feeCap != null && !feeCap.isZero()) {
            AccountInfo from = state.account(req.sender());
            BigInteger available = from == null ? BigInteger.ZERO : from.balance().toBigInteger();
            if (req.value() != null) {
                available = available.subtract(req.value().toBigInteger());
                if (available.signum() < 0) {
                    return MethodResult.err(RpcError.server("insufficient funds for transfer"));
                }
            }
            BigInteger allowance = available.divide(feeCap.toBigInteger());
            if (allowance.compareTo(BigInteger.valueOf(hi)) < 0) {
                hi = allowance.longValue();
            }
        }
        hi = Math.min(hi, GAS_CAP);
        // A plain transfer: try exactly 21000 first.
        if (req.input().length == 0 && req.to() != null && state.code(req.to()).length == 0) {
            if (runner.run(req, TX_GAS, state) instanceof TxResult.Executed e && e.success()) {
                return MethodResult.ok(TextNode.valueOf(RpcHex.quantity(TX_GAS)));
            }
        }
        TxResult first = runner.run(req, hi, state);
        if (first instanceof TxResult.Invalid inv) {
            return MethodResult.err(invalidError(inv, req, state));
        }
        TxResult.Executed top = (TxResult.Executed) first;
        if (!top.success()) {
            if (top.gasUsed() < hi || top.output().length > 0) {
                return MethodResult.err(revertError(top.output()));
            }
            return MethodResult.err(RpcError.server("gas required exceeds allowance (" + hi + ")"));
        }
        long lo = top.gasUsed() - 1;
        // Refunds are not reported by the processor, so the guess leaves them out (geth adds them).
        long optimistic = (top.gasUsed() + CALL_STIPEND) * 64 / 63;
        if (optimistic < hi) {
            Boolean failed = failedAt(req, optimistic, runner, state);
            if (failed == null) {
                return MethodResult.err(RpcError.server("transaction became invalid during estimation"));
            }
            if (failed) {
                lo = optimistic;
            } else {
                hi = optimistic;
            }
        }
        while (lo + 1 < hi) {
            if ((double) (hi - lo) / hi < ESTIMATE_ERROR_RATIO) {
                break;
            }
            long mid = (hi + lo) / 2;
            if (mid > lo * 2) {
                mid = lo * 2; // most transactions need little more than they use: search low first
            }
            Boolean failed = failedAt(req, mid, runner, state);
            if (failed == null) {
                return MethodResult.err(RpcError.server("transaction became invalid during estimation"));
            }
            if (failed) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return MethodResult.ok(TextNode.valueOf(RpcHex.quantity(hi)));
    }

    /** True when the call fails with {@code gas}, false when it succeeds, null when it is invalid otherwise. */
    private static Boolean failedAt(CallRequest req, long gas, CallRunner runner, StateView state) {
        return switch (runner.run(req, gas, state)) {
            case TxResult.Executed e -> !e.success();
            case TxResult.Invalid inv -> inv.reason() == InvalidReason.INTRINSIC_GAS_TOO_LOW ? Boolean.TRUE : null;
        };
    }

    /**
     * geth's CreateAccessList: run with the list so far, record what was read, repeat until the list
     * stops changing (warming slots changes gas, which can change the path taken).
     */
    private static MethodResult accessList(CallRequest req, CallRunner runner, StateView state) {
        long gas = req.gas() != null ? Math.min(req.gas(), runner.defaultGas()) : runner.defaultGas();
        AccountInfo sender = state.account(req.sender());
        Address to = req.to() != null ? req.to()
                : Evm.createAddress(req.sender(), sender == null ? 0 : sender.nonce());
        Set<Address> excluded = new HashSet<>(Precompiles.addresses(runner.fork()));
        excluded.add(req.sender());
        excluded.add(to);
        excluded.add(runner.header().coinbase());
        List<AccessListEntry> list = req.accessList() == null ? List.of() : req.accessList();
        for (int round = 0; round < 16; round++) {
            RecordingStateView recording = new RecordingStateView(state);
            TxResult result = runner.run(req.withAccessList(list), gas, recording);
            if (result instanceof TxResult.Invalid inv) {
                return MethodResult.err(invalidError(inv, req, state));
            }
            TxResult.Executed e = (TxResult.Executed) result;
            List<AccessListEntry> next = new ArrayList<>();
            for (Map.Entry<Address, Set<U256>> t : recording.touched.entrySet()) {
                // As geth's tracer: excluded addresses (sender, recipient, precompiles) are left out
                // as addresses, but the slots read in them are listed.
                if (!excluded.contains(t.getKey()) || !t.getValue().isEmpty()) {
                    next.add(new AccessListEntry(t.getKey(), List.copyOf(t.getValue())));
                }
            }
            if (sameList(next, list)) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set("accessList", EthJson.accessList(next));
                if (!e.success()) {
                    o.put("error", failure(e, gas).message());
                }
                o.put("gasUsed", RpcHex.quantity(e.gasUsed()));
                return MethodResult.ok(o);
            }
            list = next;
        }
        return MethodResult.err(RpcError.server("access list did not settle"));
    }

    private static boolean sameList(List<AccessListEntry> a, List<AccessListEntry> b) {
        Function<List<AccessListEntry>, Set<String>> flat = l -> {
            Set<String> s = new HashSet<>();
            l.forEach(e -> {
                s.add(e.address().toString());
                e.storageKeys().forEach(k -> s.add(e.address() + "/" + k));
            });
            return s;
        };
        return flat.apply(a).equals(flat.apply(b));
    }

    /**
     * A failed execution: revert data makes it geth's code 3 with the data. Without data, a call
     * that burned all its gas ran out of it (or hit an exceptional halt, which also burns all gas);
     * one that did not reverted.
     */
    private static RpcError failure(TxResult.Executed e, long gas) {
        if (e.output().length > 0 || e.gasUsed() < gas) {
            return revertError(e.output());
        }
        return RpcError.server("out of gas");
    }

    static RpcError revertError(byte[] data) {
        if (data.length == 0) {
            return RpcError.server("execution reverted");
        }
        String reason = RevertReason.of(data);
        return new RpcError(RpcError.EXECUTION_REVERTED, reason == null ? "execution reverted"
                : "execution reverted: " + reason, TextNode.valueOf(Hex.encode(data)));
    }

    /** A call that could not be a transaction at all, worded as geth's core errors. */
    private static RpcError invalidError(TxResult.Invalid inv, CallRequest req, StateView state) {
        String message = switch (inv.reason()) {
            case INSUFFICIENT_FUNDS -> {
                AccountInfo a = state.account(req.sender());
                yield "insufficient funds for gas * price + value: address " + req.sender() + " have "
                        + (a == null ? "0" : a.balance().toString()) + " want " + inv.detail().replaceAll(".*< ", "");
            }
            case INTRINSIC_GAS_TOO_LOW -> "intrinsic gas too low: " + inv.detail().replace(" < ", ", need ");
            case FEE_CAP_BELOW_BASE_FEE -> "max fee per gas less than block base fee: " + inv.detail();
            case PRIORITY_FEE_ABOVE_FEE_CAP -> "max priority fee per gas higher than max fee per gas";
            case GAS_LIMIT_ABOVE_BLOCK -> "gas limit reached";
            case SENDER_NOT_EOA -> "sender not an eoa: address " + req.sender();
            case INIT_CODE_TOO_LARGE -> "max initcode size exceeded: " + inv.detail();
            default -> inv.reason().toString().toLowerCase().replace('_', ' ')
                    + (inv.detail().isEmpty() ? "" : ": " + inv.detail());
        };
        return RpcError.server(message);
    }
}
