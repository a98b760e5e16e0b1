package dev.multilane.exec;

/**
 * Work the {@link Scheduler} hands to a worker: execute or validate one incarnation. A worker that
 * holds a task counts as active until it finishes it or hands it back; see {@link Scheduler}.
 */
record SchedulerTask(Kind kind, int txIndex, int incarnation) {

  enum Kind {
    EXECUTE,
    VALIDATE
  }

  static SchedulerTask execute(int txIndex, int incarnation) {
    return new SchedulerTask(Kind.EXECUTE, txIndex, incarnation);
  }

  static SchedulerTask validate(int txIndex, int incarnation) {
    return new SchedulerTask(Kind.VALIDATE, txIndex, incarnation);
  }
}
