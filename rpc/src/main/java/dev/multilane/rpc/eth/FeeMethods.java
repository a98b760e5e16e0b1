package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.validation.BaseFee;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.ChainStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fee methods: eth_feeHistory as geth computes it, and a simple tip oracle for eth_gasPrice and
 * eth_maxPriorityFeePerGas (the 60th percentile of the lowest tip paid in each of the last 20
 * blocks, 1 wei when there is none: a dev chain's oracle, not geth's exact sampling).
 */
public final class FeeMethods {
    static final int MAX_FEE_HISTORY = 1024;
    static final int ORACLE_BLOCKS = 20;
    static final int ORACLE_PERCENTILE = 60;

    private final ChainStore store;
    private final ChainView chain;

    public FeeMethods(RpcContext ctx) {
        this.store = ctx.store();
        this.chain = new ChainView(ctx.store());
    }

    public void register(JsonRpcDispatcher d) {
        d.register("eth_maxPriorityFeePerGas", p -> MethodResult.ok(TextNode.valueOf(RpcHex.quantity(suggestTip()))));
        d.register("eth_gasPrice", p -> {
            BlockHeader head = chain.head();
            BigInteger base = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas().toBigInteger();
            return MethodResult.ok(TextNode.valueOf(RpcHex.quantity(suggestTip().add(base))));
        });
        d.register("eth_feeHistory", this::feeHistory);
    }

    private BigInteger suggestTip() {
        BlockHeader head = chain.head();
        List<BigInteger> lowest = new ArrayList<>();
        for (long n = head.number(); n >= 0 && n > head.number() - ORACLE_BLOCKS; n--) {
            Optional<Block> b = store.block(n);
            if (b.isEmpty() || b.get().header().baseFeePerGas() == null) {
                continue;
            }
            U256 base = b.get().header().baseFeePerGas();
            b.get().transactions().stream().map(tx -> tip(tx, base)).min(Comparator.naturalOrder()).ifPresent(lowest::add);
        }
        if (lowest.isEmpty()) {
            return BigInteger.ONE;
        }
        lowest.sort(Comparator.naturalOrder());
        return lowest.get((lowest.size() - 1) * ORACLE_PERCENTILE / 100);
    }

    private static BigInteger tip(Transaction tx, U256 baseFee) {
        if (tx.type() < Transaction.DYNAMIC_FEE) {
            return tx.gasPrice().toBigInteger().subtract(baseFee.toBigInteger()).max(BigInteger.ZERO);
        }
        return EthJson.effectiveGasPrice(tx, baseFee).toBigInteger().subtract(baseFee.toBigInteger()).max(BigInteger.ZERO);
    }

    /** eth_feeHistory(blockCount, newestBlock, rewardPercentiles?). */
    private MethodResult feeHistory(Params p) {
        long count = p.quantity(0);
        BlockParam newestParam = p.block(1, false);
        List<Double> percentiles = new ArrayList<>();
        if (!p.absent(2)) {
            JsonNode ps = p.node(2);
            if (!ps.isArray()) {
                throw new RpcException(RpcError.invalidArgument(2, "json: cannot unmarshal " + ps.getNodeType().toString().toLowerCase() + " into Go value of type []float64"));
            }
            double previous = -1;
            for (JsonNode x : ps) {
                double v = x.asDouble();
                if (!x.isNumber() || v < 0 || v > 100) {
                    return MethodResult.err(RpcError.invalidParams("invalid reward percentile: " + x));
                }
                if (v < previous) {
                    return MethodResult.err(RpcError.invalidParams("invalid reward percentile: #" + (percentiles.size() - 1)
                            + ":" + previous + " > #" + percentiles.size() + ":" + v));
                }
                previous = v;
                percentiles.add(v);
            }
        }
        Optional<BlockHeader> newest = chain.header(newestParam);
        if (newest.isEmpty()) {
            return MethodResult.err(RpcError.server("header not found"));
        }
        count = Math.min(Math.min(count, MAX_FEE_HISTORY), newest.get().number() + 1);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (count == 0) {
            o.put("oldestBlock", RpcHex.quantity(0));
            o.putArray("baseFeePerGas");
            o.putArray("gasUsedRatio");
            return MethodResult.ok(o);
        }
        long oldest = newest.get().number() - count + 1;
        o.put("oldestBlock", RpcHex.quantity(oldest));
        ArrayNode rewards = JsonNodeFactory.instance.arrayNode();
        ArrayNode baseFees = o.putArray("baseFeePerGas");
        ArrayNode ratios = JsonNodeFactory.instance.arrayNode();
        for (long n = oldest; n <= newest.get().number(); n++) {
            Block b = store.block(n).orElseThrow();
            BlockHeader h = b.header();
            U256 base = h.baseFeePerGas() == null ? U256.ZERO : h.baseFeePerGas();
            baseFees.add(RpcHex.quantity(base));
            ratios.add((double) h.gasUsed() / h.gasLimit());
            if (!percentiles.isEmpty()) {
                rewards.add(rewards(b, store.receipts(h.hash()).orElseThrow(), base, percentiles));
            }
        }
        BlockHeader last = newest.get();
        Optional<BlockHeader> next = store.header(last.number() + 1);
        baseFees.add(RpcHex.quantity(next.map(BlockHeader::baseFeePerGas).orElseGet(() -> nextBaseFee(last))));
        o.set("gasUsedRatio", ratios);
        if (!percentiles.isEmpty()) {
            o.set("reward", rewards);
        }
        return MethodResult.ok(o);
    }

    /** geth's processBlock: tips sorted ascending, weighted by each transaction's gas used. */
    private static ArrayNode rewards(Block b, List<Receipt> receipts, U256 base, List<Double> percentiles) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<Transaction> txs = b.transactions();
        if (txs.isEmpty()) {
            percentiles.forEach(x -> out.add(RpcHex.quantity(0)));
            return out;
        }
        record Tip(BigInteger reward, long gasUsed) {}
        List<Tip> tips = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            long used = receipts.get(i).cumulativeGasUsed() - (i == 0 ? 0 : receipts.get(i - 1).cumulativeGasUsed());
            tips.add(new Tip(tip(txs.get(i), base), used));
        }
        tips.sort(Comparator.comparing(Tip::reward));
        int index = 0;
        long sum = tips.get(0).gasUsed();
        for (double pct : percentiles) {
            long threshold = (long) (b.header().gasUsed() * pct / 100);
            while (sum < threshold && index < tips.size() - 1) {
                index++;
                sum += tips.get(index).gasUsed();
            }
            out.add(RpcHex.quantity(tips.get(index).reward()));
        }
        return out;
    }

    /** EIP-1559's base fee for the child of {@code parent} (elasticity 2, change denominator 8). */
    static U256 nextBaseFee(BlockHeader parent) {
        if (parent.baseFeePerGas() == null) {
            return U256.ZERO;
        }
        return BaseFee.next(parent.baseFeePerGas(), parent.gasLimit(), parent.gasUsed());
    }
}
