package dev.multilane.exec;

/**
 * A task threw on the input a sequential run gives it: a bug in the task, not a property of the
 * transaction (those are outputs). Thrown by both executors, so callers see the same failure
 * whichever ran the block. Exceptions of speculative incarnations are not reported: they come
 * from inconsistent reads and disappear when the transaction re-executes.
 */
public final class TaskFailedException extends RuntimeException {

  private final int txIndex;

  public TaskFailedException(int txIndex, Throwable cause) {
    super("transaction " + txIndex + " threw " + cause, cause);
    this.txIndex = txIndex;
  }

  public int txIndex() {
    return txIndex;
  }
}
