package dev.multilane.exec;

/**
 * When {@link ParallelExecutor} runs Block-STM and when it gives up and runs sequentially.
 *
 * @param minParallelTxs blocks with fewer transactions run sequentially: spinning up workers and
 *     multi-version memory costs more than a handful of transactions save
 * @param maxExecutionsPerTx stop the parallel run once the number of executions (first runs and
 *     re-runs) exceeds this many per transaction, and finish the block sequentially from the
 *     validated prefix; a block that is one long dependency chain aborts over and over and is
 *     faster sequentially. {@code Double.POSITIVE_INFINITY} never gives up.
 * @param verifyAtEnd after the parallel run, re-validate every transaction's read set (on all
 *     workers, as part of the commit) before committing. Block-STM guarantees they all pass; this
 *     is a cheap (reads only, no execution) net under the engine itself, and a failure becomes
 *     {@link BlockStmError.InvariantBroken} and a sequential re-run instead of a wrong block.
 * @param contentionWindow the early version of {@code maxExecutionsPerTx}: after every this many
 *     executions, once at least this many transactions have recorded, the parallelism of the
 *     block so far is estimated (transactions per step of the longest dependency chain among
 *     them), and below {@code minParallelism} the rest of the block runs sequentially on top of
 *     the validated prefix ({@link ExecutionStats.Mode#PARALLEL_THEN_SEQUENTIAL}). A dependency
 *     chain shows itself within a few hundred transactions; waiting for the whole-block budget
 *     wastes up to {@code maxExecutionsPerTx} times the block. 0 turns it off.
 * @param minParallelism see {@code contentionWindow}; at least 1 (1 never switches)
 */
public record ExecutorConfig(
    int minParallelTxs,
    double maxExecutionsPerTx,
    boolean verifyAtEnd,
    int contentionWindow,
    double minParallelism) {

  /**
   * Parallel from 16 transactions; switch to sequential when the first 128 or more transactions
   * have less than 1.5 transactions per step of their longest dependency chain, or past 4
   * executions per transaction; verify. Below 1.5 even two workers lose to one thread: a
   * re-execution and a validation cost about as much as the execution they redo (measured on the
   * DeFi workloads, docs/benchmarks.md §3).
   */
  public static final ExecutorConfig DEFAULT = new ExecutorConfig(16, 4.0, true, 128, 1.5);

  public ExecutorConfig {
    if (minParallelTxs < 0) {
      throw new IllegalArgumentException("minParallelTxs < 0: " + minParallelTxs);
    }
    if (!(maxExecutionsPerTx >= 1.0)) {
      throw new IllegalArgumentException("maxExecutionsPerTx < 1: " + maxExecutionsPerTx);
    }
    if (contentionWindow < 0) {
      throw new IllegalArgumentException("contentionWindow < 0: " + contentionWindow);
    }
    if (!(minParallelism >= 1)) {
      throw new IllegalArgumentException("minParallelism < 1: " + minParallelism);
    }
  }

  /** Without the early contention switch. */
  public ExecutorConfig(int minParallelTxs, double maxExecutionsPerTx, boolean verifyAtEnd) {
    this(minParallelTxs, maxExecutionsPerTx, verifyAtEnd, 0, 1.0);
  }

  /** Always Block-STM, never a fallback for size or abort rate: for testing the engine itself. */
  public static ExecutorConfig alwaysParallel() {
    return new ExecutorConfig(0, Double.POSITIVE_INFINITY, true);
  }

  /** This config with the early contention switch set as given (window 0: off). */
  public ExecutorConfig withContentionSwitch(int window, double minParallelism) {
    return new ExecutorConfig(minParallelTxs, maxExecutionsPerTx, verifyAtEnd, window, minParallelism);
  }

  /** The execution budget of a block of {@code txs} transactions. */
  long executionLimit(int txs) {
    double limit = Math.ceil(maxExecutionsPerTx * txs);
    return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limit;
  }
}
