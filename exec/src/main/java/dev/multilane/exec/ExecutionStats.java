package dev.multilane.exec;

/**
 * Counters of one block's execution. Times are summed over workers, so with n workers they can
 * add up to n times the wall time.
 *
 * @param mode how the block was run
 * @param fallback why the parallel run was abandoned, when {@code mode} is {@link
 *     Mode#PARALLEL_FELL_BACK}; null otherwise
 * @param txs transactions in the block
 * @param sequentialTxs transactions run one after the other on the caller after the parallel
 *     phase: the whole block after a fallback, the part after the validated prefix after a
 *     contention switch, 0 for a fully parallel run
 * @param threads workers that ran it (1 when sequential)
 * @param executions task executions, all incarnations, including those cut short by a dependency
 *     and, after a fallback, the sequential ones
 * @param reExecutions executions beyond the first of each transaction
 * @param validations read-set validations
 * @param validationAborts validations that failed and aborted an incarnation
 * @param dependencyWaits executions that read an ESTIMATE and were parked on the blocker
 * @param executionNanos time inside tasks (and recording their writes)
 * @param validationNanos time validating read sets
 * @param commitNanos time spent, summed over workers, on the commit after the parallel phase
 *     (final checks, re-validation, collecting the final values)
 * @param wallNanos time of the whole {@code execute} call
 */
public record ExecutionStats(
    Mode mode,
    BlockStmError fallback,
    int txs,
    int sequentialTxs,
    int threads,
    long executions,
    long reExecutions,
    long validations,
    long validationAborts,
    long dependencyWaits,
    long executionNanos,
    long validationNanos,
    long commitNanos,
    long wallNanos) {

  /** How a block was executed. */
  public enum Mode {
    /** By {@link SequentialExecutor}. */
    SEQUENTIAL,
    /** By {@link ParallelExecutor}, sequentially because the block was below the threshold. */
    SEQUENTIAL_SMALL_BLOCK,
    /** By Block-STM. */
    PARALLEL,
    /**
     * Block-STM gave up ({@link #fallback()} says why) and the block was re-run sequentially, or,
     * when the cause is {@link BlockStmError.AbortRateExceeded}, finished sequentially from the
     * validated prefix.
     */
    PARALLEL_FELL_BACK,
    /**
     * Block-STM saw a dependency chain early (too little parallelism, see {@link
     * ExecutorConfig#contentionWindow()}) and the block was finished sequentially on top of the
     * validated prefix. Not a failure; not counted as a fallback.
     */
    PARALLEL_THEN_SEQUENTIAL
  }

  /** Re-executions per transaction; 0 for a conflict-free block. */
  public double reExecutionRate() {
    return txs == 0 ? 0.0 : (double) reExecutions / txs;
  }
}
