package dev.multilane.exec;

/**
 * The life cycle of one transaction in the {@link Scheduler} (Block-STM paper §4). Each status
 * carries the incarnation it refers to; the only transition that changes the incarnation is
 * ABORTING(i) → READY_TO_EXECUTE(i+1).
 *
 * <pre>
 *   READY_TO_EXECUTE(i) ──try_incarnate──▶ EXECUTING(i) ──finish_execution──▶ EXECUTED(i)
 *            ▲                                  │                                │
 *            │                           add_dependency                try_validation_abort
 *            │                                  ▼                                │
 *   READY_TO_EXECUTE(i+1) ◀─set_ready_status── ABORTING(i) ◀─────────────────────┘
 * </pre>
 *
 * <p>set_ready_status is called by finish_validation (after a validation abort) or by
 * resume_dependencies (the blocker of an add_dependency finished executing).
 *
 * <p>Who makes each move: try_incarnate and try_validation_abort may race (any worker), so they are
 * compare-and-set and exactly one wins. The others are made only by the owner of the transaction
 * at that moment (the worker executing incarnation i; the worker that won the abort; the worker
 * that finished the blocker and drained its dependents), and are still compare-and-set so that a
 * transition from an unexpected state is caught as an {@link InvariantViolation}.
 *
 * <p>A status and its incarnation live together in one long (incarnation &lt;&lt; 2 | ordinal), so
 * one atomic read or CAS sees both.
 */
enum TxStatus {
  /** Incarnation i may be taken by a worker. The initial status, READY_TO_EXECUTE(0) == 0L. */
  READY_TO_EXECUTE,
  /** A worker runs incarnation i. */
  EXECUTING,
  /** Incarnation i finished and recorded its reads and writes; it may be validated. */
  EXECUTED,
  /** Incarnation i is void (failed validation, or read an ESTIMATE); its successor is pending. */
  ABORTING;

  private static final TxStatus[] VALUES = values();

  static long word(int incarnation, TxStatus status) {
    return ((long) incarnation << 2) | status.ordinal();
  }

  static TxStatus of(long word) {
    return VALUES[(int) (word & 3)];
  }

  static int incarnation(long word) {
    return (int) (word >>> 2);
  }

  static String toString(long word) {
    return of(word) + "(" + incarnation(word) + ")";
  }
}
