package dev.multilane.rpc.metrics;

import dev.multilane.chain.block.Block;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.rpc.JsonRpcDispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * The node's metrics, all named {@code multilane_*}, rendered for {@code GET /metrics} in the
 * Prometheus text format 0.0.4 (see {@link #render}): block production ({@link BlockMetrics}),
 * JSON-RPC calls (observed through the dispatcher), and gauges sampled at scrape time (pool size,
 * subscriptions).
 *
 * <p>Thread-safe.
 */
public final class NodeMetrics {
    private record Gauge(String name, String help, DoubleSupplier value) {}

    private final BlockMetrics blocks = new BlockMetrics();
    private final RpcMetrics rpc = new RpcMetrics();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();

    /** Counts the dispatcher's calls from now on. */
    public NodeMetrics observe(JsonRpcDispatcher dispatcher) {
        dispatcher.observe(rpc);
        return this;
    }

    /** Adds a gauge read at every scrape; {@code name} must be a valid metric name. */
    public NodeMetrics gauge(String name, String help, DoubleSupplier value) {
        gauges.add(new Gauge(name, help, value));
        return this;
    }

    /** One committed block; see {@link BlockMetrics#record}. */
    public void recordBlock(Block block, BlockTimings timings, ExecutionStats stats, boolean executorFellBack) {
        blocks.record(block, timings, EngineRun.of(stats), executorFellBack);
    }

    public JsonRpcDispatcher.CallObserver callObserver() {
        return rpc;
    }

    BlockMetrics blocks() {
        return blocks;
    }

    /** The exposition text. */
    public String render() {
        Exposition out = new Exposition();
        blocks.write(out);
        for (Gauge g : gauges) {
            out.single(g.name(), "gauge", g.help(), g.value().getAsDouble());
        }
        rpc.write(out);
        return out.toString();
    }
}
