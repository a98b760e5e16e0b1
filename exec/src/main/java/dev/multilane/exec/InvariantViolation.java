package dev.multilane.exec;

/**
 * Thrown inside the engine when a check of its own invariants fails (a status transition from the
 * wrong state, an ESTIMATE at the end of the block). It unwinds the worker that found it; {@link
 * BlockRun} turns it into {@link BlockStmError.InvariantBroken} and the block is re-run
 * sequentially. An exception rather than a value because these states are unreachable unless the
 * engine has a bug, and the checks sit deep in lock-free code whose return values already mean
 * something else.
 */
final class InvariantViolation extends RuntimeException {

  InvariantViolation(String message) {
    super(message);
  }
}
