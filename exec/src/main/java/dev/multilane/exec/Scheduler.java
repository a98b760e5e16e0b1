package dev.multilane.exec;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The collaborative scheduler of Block-STM (paper §4, Algorithms 4 and 5): hands out execution
 * and validation tasks in transaction order, so that work on low transactions, on which
 * everything above depends, comes first. Status bookkeeping only; it never sees keys or values.
 *
 * <p>Shared state, writers and ordering. Every access below is a volatile (sequentially
 * consistent) read, write, increment or CAS of a {@code java.util.concurrent.atomic} object; the
 * termination check depends on that total order, so nothing is relaxed to acquire/release.
 *
 * <ul>
 *   <li>{@code executionIdx}, {@code validationIdx}: the next transaction to try to execute /
 *       validate. Any worker advances them with getAndIncrement (they may overshoot the block
 *       size by up to the number of workers) or lowers them with a min-CAS ({@link
 *       #decreaseExecutionIdx}, {@link #decreaseValidationIdx}), which also bumps {@code
 *       decreaseCount}.
 *   <li>{@code activeTasks}: workers holding a task. +1 before taking an index, −1 when the task
 *       ends without a follow-up; a follow-up task (execution → its validation, aborted validation
 *       → re-execution) inherits the count.
 *   <li>{@code done}: set once by {@link #checkDone} (or {@link #halt}); never cleared. The block is
 *       done when both indices are past the end, no task is active, and no index was lowered while
 *       this was being checked ({@code decreaseCount} read before and after, paper Algorithm 5).
 *   <li>{@code status[t]}: {@link TxStatus} and incarnation of t in one long; transitions as drawn
 *       on {@link TxStatus}, all by CAS.
 *   <li>{@code dependents[t]}: transactions parked until t finishes executing; guarded by the
 *       monitor of that {@link Dependents} object.
 * </ul>
 *
 * Locking: the only locks are the {@code dependents[t]} monitors, never two at once; status CASes
 * happen inside them but take no lock. {@link #addDependency} checks the blocker's status and
 * parks the dependent under the blocker's monitor, and {@link #finishExecution} sets EXECUTED
 * before draining under the same monitor, so a dependent is either seen by the drain or sees
 * EXECUTED and retries: none is lost.
 *
 * <p>Padding: none. The four counters are separate objects, touched once per task, and a task
 * (an EVM transaction) costs microseconds; false sharing between them or between neighbouring
 * status words is noise at that rate. Benchmark before padding.
 */
final class Scheduler {

  private static final int ANY = -1;

  private final int size;
  private final AtomicInteger executionIdx = new AtomicInteger();
  private final AtomicInteger validationIdx = new AtomicInteger();
  private final AtomicInteger decreaseCount = new AtomicInteger();
  private final AtomicInteger activeTasks = new AtomicInteger();
  private volatile boolean done;
  private final AtomicLongArray status;
  private final Dependents[] dependents;

  Scheduler(int size) {
    this.size = size;
    this.status = new AtomicLongArray(size); // all READY_TO_EXECUTE(0)
    this.dependents = new Dependents[size];
    for (int i = 0; i < size; i++) {
      dependents[i] = new Dependents();
    }
    if (size == 0) {
      done = true;
    }
  }

  /** True when every transaction is executed and validated, or the run was halted. */
  boolean done() {
    return done;
  }

  /** Stops the run: workers leave their loop at the next check. Used for the fallbacks. */
  void halt() {
    done = true;
  }

  /**
   * The next task for an idle worker, or null when there is none right now (the caller backs off
   * and asks again until {@link #done}). Validation first when it lags behind execution: a failed
   * validation of a low transaction is cheaper to learn early.
   */
  SchedulerTask nextTask() {
    if (validationIdx.get() < executionIdx.get()) {
      return nextVersionToValidate();
    }
    return nextVersionToExecute();
  }

  private SchedulerTask nextVersionToExecute() {
    if (executionIdx.get() >= size) {
      checkDone();
      return null;
    }
    activeTasks.incrementAndGet();
    SchedulerTask task = tryIncarnate(executionIdx.getAndIncrement());
    if (task == null) {
      activeTasks.decrementAndGet();
    }
    return task;
  }

  private SchedulerTask nextVersionToValidate() {
    if (validationIdx.get() >= size) {
      checkDone();
      return null;
    }
    activeTasks.incrementAndGet();
    int txIndex = validationIdx.getAndIncrement();
    if (txIndex < size) {
      long word = status.get(txIndex);
      if (TxStatus.of(word) == TxStatus.EXECUTED) {
        return SchedulerTask.validate(txIndex, TxStatus.incarnation(word));
      }
    }
    activeTasks.decrementAndGet();
    return null;
  }

  /**
   * READY_TO_EXECUTE(i) → EXECUTING(i) if still ready. Unlike the paper's pseudo-code it leaves
   * the active count alone on failure and its callers decrement, so that finish_validation, whose
   * re-execution may have been taken by another worker, decrements exactly once.
   */
  private SchedulerTask tryIncarnate(int txIndex) {
    if (txIndex >= size) {
      return null;
    }
    long word = status.get(txIndex);
    if (TxStatus.of(word) == TxStatus.READY_TO_EXECUTE) {
      int incarnation = TxStatus.incarnation(word);
      if (status.compareAndSet(
          txIndex, word, TxStatus.word(incarnation, TxStatus.EXECUTING))) {
        return SchedulerTask.execute(txIndex, incarnation);
      }
    }
    return null;
  }

  private void checkDone() {
    int observed = decreaseCount.get();
    if (Math.min(executionIdx.get(), validationIdx.get()) >= size
        && activeTasks.get() == 0
        && observed == decreaseCount.get()) {
      done = true;
    }
  }

  /**
   * The execution of {@code txIndex} read an ESTIMATE of {@code blockingTxIndex}. Parks it until
   * the blocker finishes executing: EXECUTING(i) → ABORTING(i), and the task ends.
   *
   * @return false if the blocker has already finished again; the caller re-executes at once
   */
  boolean addDependency(int txIndex, int blockingTxIndex) {
    if (blockingTxIndex >= txIndex || blockingTxIndex < 0) {
      throw new InvariantViolation("tx " + txIndex + " blocked on tx " + blockingTxIndex);
    }
    Dependents blocker = dependents[blockingTxIndex];
    synchronized (blocker) {
      if (TxStatus.of(status.get(blockingTxIndex)) == TxStatus.EXECUTED) {
        return false;
      }
      // Under the blocker's monitor: its drain cannot run before we are ABORTING and listed.
      transition(txIndex, ANY, TxStatus.EXECUTING, TxStatus.ABORTING, 0);
      blocker.add(txIndex);
    }
    activeTasks.decrementAndGet();
    return true;
  }

  /**
   * Incarnation {@code incarnation} of {@code txIndex} recorded its writes: EXECUTING(i) →
   * EXECUTED(i), and the transactions parked on it become ready again.
   *
   * @param wroteNewLocation from {@link MultiVersionMemory#record}: higher transactions already
   *     validated may have missed this write and must be validated again
   * @return the validation of this incarnation, when the validation index has already passed it
   *     and nothing else needs revalidating (saves a trip through {@link #nextTask}); else null
   */
  SchedulerTask finishExecution(int txIndex, int incarnation, boolean wroteNewLocation) {
    transition(txIndex, incarnation, TxStatus.EXECUTING, TxStatus.EXECUTED, 0);
    int[] parked;
    Dependents own = dependents[txIndex];
    synchronized (own) {
      parked = own.drain();
    }
    resumeDependencies(parked);
    if (validationIdx.get() > txIndex) {
      if (!wroteNewLocation) {
        return SchedulerTask.validate(txIndex, incarnation);
      }
      decreaseValidationIdx(txIndex);
    }
    activeTasks.decrementAndGet();
    return null;
  }

  /** EXECUTED(i) → ABORTING(i); true for exactly one of the validators that fail incarnation i. */
  boolean tryValidationAbort(int txIndex, int incarnation) {
    return status.compareAndSet(
        txIndex,
        TxStatus.word(incarnation, TxStatus.EXECUTED),
        TxStatus.word(incarnation, TxStatus.ABORTING));
  }

  /**
   * A validation of {@code txIndex} ended. After an abort (the caller has turned the writes into
   * ESTIMATEs): ABORTING(i) → READY_TO_EXECUTE(i+1), every higher transaction is validated again,
   * and the re-execution is returned to the caller when the execution index has already passed.
   */
  SchedulerTask finishValidation(int txIndex, boolean aborted) {
    if (aborted) {
      transition(txIndex, ANY, TxStatus.ABORTING, TxStatus.READY_TO_EXECUTE, 1);
      decreaseValidationIdx(txIndex + 1);
      if (executionIdx.get() > txIndex) {
        SchedulerTask reExecution = tryIncarnate(txIndex);
        if (reExecution != null) {
          return reExecution; // inherits this task's active count
        }
      }
    }
    activeTasks.decrementAndGet();
    return null;
  }

  private void resumeDependencies(int[] parked) {
    if (parked.length == 0) {
      return;
    }
    int lowest = Integer.MAX_VALUE;
    for (int txIndex : parked) {
      transition(txIndex, ANY, TxStatus.ABORTING, TxStatus.READY_TO_EXECUTE, 1);
      lowest = Math.min(lowest, txIndex);
    }
    decreaseExecutionIdx(lowest);
  }

  private void decreaseExecutionIdx(int target) {
    executionIdx.accumulateAndGet(target, Math::min);
    decreaseCount.incrementAndGet();
  }

  private void decreaseValidationIdx(int target) {
    validationIdx.accumulateAndGet(target, Math::min);
    decreaseCount.incrementAndGet();
  }

  /**
   * An owner's move {@code from}(i) → {@code to}(i + bump), where i must be {@code incarnation}
   * unless that is {@link #ANY}; any other current state is a bug.
   */
  private void transition(int txIndex, int incarnation, TxStatus from, TxStatus to, int bump) {
    long word = status.get(txIndex);
    int current = TxStatus.incarnation(word);
    if (TxStatus.of(word) != from
        || (incarnation != ANY && current != incarnation)
        || !status.compareAndSet(txIndex, word, TxStatus.word(current + bump, to))) {
      throw new InvariantViolation(
          "tx " + txIndex + ": " + from + "(" + (incarnation == ANY ? "i" : incarnation) + ") → "
              + to + " from " + TxStatus.toString(word));
    }
  }

  /** Status word of {@code txIndex}; for the end-of-block checks and tests. */
  long statusWord(int txIndex) {
    return status.get(txIndex);
  }

  int activeTasks() {
    return activeTasks.get();
  }

  int size() {
    return size;
  }

  /** Transactions parked on one blocker. Guarded by its own monitor. */
  private static final class Dependents {
    private static final int[] NONE = new int[0];
    private int[] items = NONE;
    private int count;

    void add(int txIndex) {
      if (count == items.length) {
        items = Arrays.copyOf(items, Math.max(4, count * 2));
      }
      items[count++] = txIndex;
    }

    int[] drain() {
      if (count == 0) {
        return NONE;
      }
      int[] drained = Arrays.copyOf(items, count);
      count = 0;
      return drained;
    }
  }
}
