package dev.multilane.exec;

/**
 * When {@link ParallelExecutor} runs Block-STM and when it gives up and runs sequentially.
 *
 * @param minParallelTxs blocks with fewer transactions run sequentially: spinning up workers and
 *     multi-version memory costs more than a handful of transactions save
 * @param maxExecutionsPerTx stop the parallel run and redo the block sequentially once the number
 *     of executions (first runs and re-runs) exceeds this many per transaction; a block that is
 *     one long dependency chain aborts over and over and is faster sequentially.
 *     {@code Double.POSITIVE_INFINITY} never gives up.
 * @param verifyAtEnd after the parallel run, re-validate every transaction's read set on one
 *     thread before committing. Block-STM guarantees they all pass; this is a cheap (reads only,
 *     no execution) net under the engine itself, and a failure becomes {@link
 *     BlockStmError.InvariantBroken} and a sequential re-run instead of a wrong block.
 */
public record ExecutorConfig(int minParallelTxs, double maxExecutionsPerTx, boolean verifyAtEnd) {

  /** Parallel from 16 transactions; give up past 4 executions per transaction; verify. */
  public static final ExecutorConfig DEFAULT = new ExecutorConfig(16, 4.0, true);

  public ExecutorConfig {
    if (minParallelTxs < 0) {
      throw new IllegalArgumentException("minParallelTxs < 0: " + minParallelTxs);
    }
    if (!(maxExecutionsPerTx >= 1.0)) {
      throw new IllegalArgumentException("maxExecutionsPerTx < 1: " + maxExecutionsPerTx);
    }
  }

  /** Always Block-STM, never a fallback for size or abort rate: for testing the engine itself. */
  public static ExecutorConfig alwaysParallel() {
    return new ExecutorConfig(0, Double.POSITIVE_INFINITY, true);
  }

  /** The execution budget of a block of {@code txs} transactions. */
  long executionLimit(int txs) {
    double limit = Math.ceil(maxExecutionsPerTx * txs);
    return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limit;
  }
}
