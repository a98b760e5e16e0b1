package dev.multilane.exec;

/**
 * Why a parallel run was abandoned and the block re-executed sequentially. None of these ever
 * reaches the caller as a wrong result: the sequential run decides the block, and the error is
 * reported in {@link ExecutionStats#fallback()} and counted by {@link
 * ParallelExecutor#fallbacks(Kind)}.
 */
public sealed interface BlockStmError {

  /** The closed set of causes, for counters. */
  enum Kind {
    ABORT_RATE_EXCEEDED,
    INVARIANT_BROKEN,
    TASK_FAILED
  }

  Kind kind();

  /** Too many re-executions: the block is close to sequential, so run it sequentially. */
  record AbortRateExceeded(long executions, int txs, double maxExecutionsPerTx)
      implements BlockStmError {
    @Override
    public Kind kind() {
      return Kind.ABORT_RATE_EXCEEDED;
    }
  }

  /**
   * The engine caught itself in a state its invariants forbid (a status transition from the wrong
   * state, an ESTIMATE left at the end of the block, a read set that fails the final check, an
   * unexpected exception in a worker). A bug in the engine; the block is still executed right.
   */
  record InvariantBroken(String what) implements BlockStmError {
    @Override
    public Kind kind() {
      return Kind.INVARIANT_BROKEN;
    }
  }

  /**
   * The validated incarnation of a transaction threw. The sequential re-run reproduces it and
   * throws {@link TaskFailedException}, so the caller sees the sequential failure.
   */
  record TaskFailed(int txIndex, Throwable cause) implements BlockStmError {
    @Override
    public Kind kind() {
      return Kind.TASK_FAILED;
    }
  }
}
