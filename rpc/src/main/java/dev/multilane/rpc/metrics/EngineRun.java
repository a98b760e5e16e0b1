package dev.multilane.rpc.metrics;

import dev.multilane.exec.ExecutionStats;

/**
 * The part of the Block-STM engine's {@link ExecutionStats} the metrics keep, as its own value so
 * the metrics do not change whenever the engine's statistics grow a field.
 */
record EngineRun(ExecutionStats.Mode mode, int txs, long executions, long reExecutions, long validationAborts,
        long dependencyWaits) {

    static EngineRun of(ExecutionStats s) {
        return s == null ? null : new EngineRun(s.mode(), s.txs(), s.executions(), s.reExecutions(),
                s.validationAborts(), s.dependencyWaits());
    }

    /** Re-executions per transaction; 0 for a conflict-free block. */
    double reExecutionRate() {
        return txs == 0 ? 0.0 : (double) reExecutions / txs;
    }
}
