package dev.multilane.rpc.metrics;

import dev.multilane.chain.block.Block;
import dev.multilane.exec.ExecutionStats;
import java.util.EnumMap;
import java.util.Map;

/**
 * Block production: time per phase (histograms and the last block's values), blocks, transactions
 * and gas mined, throughput, and the Block-STM engine's counters.
 *
 * <p>Written by the one mining thread, read by the metrics scrape: every method is synchronized
 * (once per block and per scrape, so contention is nil) and a scrape sees one block's values
 * together.
 */
final class BlockMetrics {
    /** Blocks the transactions-per-second gauge averages over. */
    static final int TPS_WINDOW = 16;

    private enum Phase {
        SENDER_RECOVERY("sender_recovery"), EXECUTION("execution"), STATE_ROOT("state_root"), COMMIT("commit"),
        POOL_SELECTION("pool_selection"), POOL_UPDATE("pool_update");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final Map<Phase, Histogram> phases = new EnumMap<>(Phase.class);
    private final double[] lastPhase = new double[Phase.values().length];
    private final Histogram total = new Histogram(Histogram.SECONDS_BUCKETS);
    private long blocks;
    private long transactions;
    private long gas;
    private long head = -1;
    private long lastTransactions;
    private final long[] windowTxs = new long[TPS_WINDOW];
    private final long[] windowNanos = new long[TPS_WINDOW];
    private int windowNext;

    private final Map<ExecutionStats.Mode, Long> modes = new EnumMap<>(ExecutionStats.Mode.class);
    private long executions;
    private long reExecutions;
    private long validationAborts;
    private long dependencyWaits;
    private long engineFallbacks;
    private long executorFallbacks;
    private double lastReExecutionRate;

    BlockMetrics() {
        for (Phase p : Phase.values()) {
            phases.put(p, new Histogram(Histogram.SECONDS_BUCKETS));
        }
    }

    /**
     * @param stats the parallel engine's statistics of this block, or null when it did not run
     * @param executorFellBack whether the block was re-run sequentially because the parallel
     *     result could not be used (ParallelBlockExecutor's own fallback)
     */
    synchronized void record(Block block, BlockTimings t, EngineRun stats, boolean executorFellBack) {
        long[] nanos = {t.senderRecoveryNanos(), t.executionNanos(), t.stateRootNanos(), t.commitNanos(),
            t.poolSelectionNanos(), t.poolUpdateNanos()};
        for (Phase p : Phase.values()) {
            double s = nanos[p.ordinal()] / 1e9;
            phases.get(p).observe(s);
            lastPhase[p.ordinal()] = s;
        }
        total.observe(t.totalNanos() / 1e9);
        int txs = block.transactions().size();
        blocks++;
        transactions += txs;
        gas += block.header().gasUsed();
        head = block.header().number();
        lastTransactions = txs;
        windowTxs[windowNext] = txs;
        windowNanos[windowNext] = t.totalNanos();
        windowNext = (windowNext + 1) % TPS_WINDOW;
        if (stats != null) {
            modes.merge(stats.mode(), 1L, Long::sum);
            executions += stats.executions();
            reExecutions += stats.reExecutions();
            validationAborts += stats.validationAborts();
            dependencyWaits += stats.dependencyWaits();
            if (stats.mode() == ExecutionStats.Mode.PARALLEL_FELL_BACK) {
                engineFallbacks++;
            }
            lastReExecutionRate = stats.reExecutionRate();
        }
        if (executorFellBack) {
            executorFallbacks++;
        }
    }

    /** Transactions per second of production time over the last {@link #TPS_WINDOW} blocks. */
    private double tps() {
        long txs = 0;
        long nanos = 0;
        for (int i = 0; i < TPS_WINDOW; i++) {
            txs += windowTxs[i];
            nanos += windowNanos[i];
        }
        return nanos == 0 ? 0 : txs / (nanos / 1e9);
    }

    synchronized void write(Exposition out) {
        out.family("multilane_block_phase_seconds", "histogram",
                "Time to produce a block, per phase: pool_selection, sender_recovery, execution, state_root,"
                        + " commit, pool_update.");
        for (Phase p : Phase.values()) {
            phases.get(p).write(out, "multilane_block_phase_seconds", Exposition.label("phase", p.label));
        }
        out.family("multilane_block_phase_last_seconds", "gauge", "The last block's time per phase.");
        for (Phase p : Phase.values()) {
            out.sample("multilane_block_phase_last_seconds", Exposition.label("phase", p.label),
                    lastPhase[p.ordinal()]);
        }
        out.family("multilane_block_production_seconds", "histogram",
                "Time to produce a block, all phases; rate(_sum) is the miner's busy fraction.");
        total.write(out, "multilane_block_production_seconds", null);
        out.single("multilane_blocks_mined_total", "counter", "Blocks mined and committed.", blocks);
        out.single("multilane_transactions_mined_total", "counter", "Transactions in mined blocks.", transactions);
        out.single("multilane_gas_used_total", "counter", "Gas used by mined blocks.", gas);
        out.single("multilane_head_block_number", "gauge", "The number of the last mined block (-1 before the first).",
                head);
        out.single("multilane_last_block_transactions", "gauge", "Transactions in the last mined block.",
                lastTransactions);
        out.single("multilane_transactions_per_second", "gauge", "Transactions per second of block production time"
                + " over the last " + TPS_WINDOW + " blocks (idle time between blocks excluded);"
                + " rate(multilane_transactions_mined_total) gives wall-clock throughput.", tps());

        out.family("multilane_parallel_blocks_total", "counter", "Blocks by how the Block-STM engine ran them.");
        for (ExecutionStats.Mode m : ExecutionStats.Mode.values()) {
            out.sample("multilane_parallel_blocks_total", Exposition.label("mode", m.name().toLowerCase()),
                    modes.getOrDefault(m, 0L));
        }
        out.single("multilane_parallel_executions_total", "counter",
                "Transaction executions by the engine, every incarnation included.", executions);
        out.single("multilane_parallel_reexecutions_total", "counter",
                "Executions beyond the first of each transaction (conflicts).", reExecutions);
        out.single("multilane_parallel_validation_aborts_total", "counter",
                "Read-set validations that failed and aborted an incarnation.", validationAborts);
        out.single("multilane_parallel_dependency_waits_total", "counter",
                "Executions parked on an ESTIMATE of an earlier transaction.", dependencyWaits);
        out.family("multilane_parallel_fallbacks_total", "counter",
                "Blocks re-run sequentially: by the engine (abort storms, broken invariants) or by the"
                        + " executor (a result the versioned state cannot express).");
        out.sample("multilane_parallel_fallbacks_total", Exposition.label("level", "engine"), engineFallbacks);
        out.sample("multilane_parallel_fallbacks_total", Exposition.label("level", "executor"), executorFallbacks);
        out.single("multilane_parallel_last_reexecution_rate", "gauge",
                "Re-executions per transaction in the last block the engine ran.", lastReExecutionRate);
    }
}
