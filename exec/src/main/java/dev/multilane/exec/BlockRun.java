package dev.multilane.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One block under Block-STM: the worker loop of the paper (Algorithm 1) over a {@link Scheduler}
 * and a {@link MultiVersionMemory}, and the checks that decide, once the workers stopped, whether
 * the result may be committed.
 *
 * <p>Shared state: {@code scheduler} and {@code memory} (see their invariants); {@code outcomes[t]},
 * the output of t's latest recorded incarnation, written by the executing worker with a volatile
 * set before {@link Scheduler#finishExecution} publishes EXECUTED, read by {@link #finish} after
 * every worker returned; {@code executionsStarted}, incremented by every execution for the
 * abort-rate limit; {@code haltCause}, set once (CAS from null) by whoever halts the run, then
 * {@link Scheduler#halt}. {@code counters[w]} is written once by worker w as it leaves.
 */
final class BlockRun<K, V, O> {

  /** The output of one incarnation, or what it threw. */
  private record Outcome<O>(int incarnation, O output, Throwable failure) {}

  /** How a run ends: commit this result, or abandon the run for the sequential fallback. */
  sealed interface Ending<K, V, O> {
    record Committed<K, V, O>(List<O> outputs, Map<K, V> writes) implements Ending<K, V, O> {}

    record Abandoned<K, V, O>(BlockStmError cause) implements Ending<K, V, O> {}
  }

  private final List<? extends TxTask<K, V, O>> block;
  private final Storage<K, V> storage;
  private final ExecutorConfig config;
  private final Scheduler scheduler;
  private final MultiVersionMemory<K, V> memory;
  private final AtomicReferenceArray<Outcome<O>> outcomes;
  private final AtomicLong executionsStarted = new AtomicLong();
  private final long executionLimit;
  private final AtomicReference<BlockStmError> haltCause = new AtomicReference<>();
  private final WorkerCounters[] counters;

  BlockRun(
      List<? extends TxTask<K, V, O>> block,
      Storage<K, V> storage,
      int workers,
      ExecutorConfig config) {
    this.block = block;
    this.storage = storage;
    this.config = config;
    this.scheduler = new Scheduler(block.size());
    this.memory = new MultiVersionMemory<>(block.size());
    this.outcomes = new AtomicReferenceArray<>(block.size());
    this.executionLimit = config.executionLimit(block.size());
    this.counters = new WorkerCounters[workers];
  }

  /**
   * The body of worker {@code worker}: take tasks until the block is done or halted. A task's
   * follow-up (the validation after an execution, the re-execution after an abort) is run
   * directly instead of going back to the scheduler.
   */
  void work(int worker) {
    WorkerCounters c = new WorkerCounters(); // allocated on this thread; see WorkerCounters
    try {
      SchedulerTask task = null;
      int idle = 0;
      while (!scheduler.done()) {
        if (task != null && task.kind() == SchedulerTask.Kind.EXECUTE) {
          task = execute(task, c);
        }
        if (task != null && task.kind() == SchedulerTask.Kind.VALIDATE) {
          task = validate(task, c);
        }
        if (task == null) {
          task = scheduler.nextTask();
          idle = task == null ? backOff(idle) : 0;
        }
      }
    } catch (InvariantViolation e) {
      halt(new BlockStmError.InvariantBroken(e.getMessage()));
    } catch (RuntimeException | Error e) {
      // Not from a task (those are caught in execute): a bug in the engine. Do not crash the
      // node; the block is re-run sequentially.
      halt(new BlockStmError.InvariantBroken("worker " + worker + " threw " + e));
    } finally {
      counters[worker] = c;
    }
  }

  /** Spin, then yield, then sleep briefly: waiting workers must not starve the busy ones. */
  private static int backOff(int idle) {
    if (idle < 64) {
      Thread.onSpinWait();
    } else if (idle < 128) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(20_000);
    }
    return idle + 1;
  }

  /**
   * try_execute (paper Algorithm 1): runs the incarnation; if it read an ESTIMATE, parks it on the
   * blocker (or re-runs at once if the blocker already finished); else records its reads and
   * writes and finishes the execution.
   */
  private SchedulerTask execute(SchedulerTask task, WorkerCounters c) {
    int txIndex = task.txIndex();
    int incarnation = task.incarnation();
    while (true) {
      if (executionsStarted.incrementAndGet() > executionLimit) {
        halt(
            new BlockStmError.AbortRateExceeded(
                executionLimit + 1, block.size(), config.maxExecutionsPerTx()));
        return null;
      }
      SpeculativeTxView<K, V> view = new SpeculativeTxView<>(memory, storage, txIndex);
      long start = System.nanoTime();
      O output = null;
      Throwable failure = null;
      try {
        output = block.get(txIndex).execute(txIndex, incarnation, view);
      } catch (RuntimeException | StackOverflowError e) {
        // Speculative reads can be inconsistent, so a task may throw on a state no sequential
        // run reaches. Kept with the outcome; it only matters if this incarnation validates.
        failure = e;
      }
      c.executions++;
      if (view.blocked()) {
        c.executionNanos += System.nanoTime() - start;
        if (scheduler.addDependency(txIndex, view.blockedOn())) {
          c.dependencyWaits++;
          return null;
        }
        continue; // the blocker finished meanwhile: its value is there now
      }
      outcomes.set(txIndex, new Outcome<>(incarnation, output, failure));
      boolean wroteNewLocation =
          memory.record(txIndex, incarnation, view.readSet(), view.writeSet());
      c.executionNanos += System.nanoTime() - start;
      return scheduler.finishExecution(txIndex, incarnation, wroteNewLocation);
    }
  }

  /**
   * needs_reexecution (paper Algorithm 1): validates the read set; on failure, the first
   * validator to abort the incarnation turns its writes into ESTIMATEs before it becomes ready.
   */
  private SchedulerTask validate(SchedulerTask task, WorkerCounters c) {
    long start = System.nanoTime();
    int txIndex = task.txIndex();
    boolean valid = memory.validateReadSet(txIndex);
    boolean aborted = !valid && scheduler.tryValidationAbort(txIndex, task.incarnation());
    if (aborted) {
      memory.convertWritesToEstimates(txIndex);
      c.validationAborts++;
    }
    c.validations++;
    c.validationNanos += System.nanoTime() - start;
    return scheduler.finishValidation(txIndex, aborted);
  }

  private void halt(BlockStmError cause) {
    haltCause.compareAndSet(null, cause);
    scheduler.halt();
  }

  /**
   * Decides the run, after every worker returned: committed only if no one halted it, every
   * transaction ended EXECUTED with a recorded outcome of that very incarnation, no validated
   * incarnation threw, (optionally) every read set still validates, and no ESTIMATE is left.
   */
  Ending<K, V, O> finish() {
    BlockStmError cause = haltCause.get();
    if (cause != null) {
      return new Ending.Abandoned<>(cause);
    }
    try {
      if (!scheduler.done() || scheduler.activeTasks() != 0) {
        throw new InvariantViolation(
            "workers stopped with " + scheduler.activeTasks() + " active tasks");
      }
      List<O> outputs = new ArrayList<>(block.size());
      for (int txIndex = 0; txIndex < block.size(); txIndex++) {
        long word = scheduler.statusWord(txIndex);
        Outcome<O> outcome = outcomes.get(txIndex);
        if (TxStatus.of(word) != TxStatus.EXECUTED
            || outcome == null
            || outcome.incarnation() != TxStatus.incarnation(word)) {
          throw new InvariantViolation(
              "tx " + txIndex + " ended " + TxStatus.toString(word) + " with outcome " + outcome);
        }
        if (outcome.failure() != null) {
          return new Ending.Abandoned<>(
              new BlockStmError.TaskFailed(txIndex, outcome.failure()));
        }
        if (config.verifyAtEnd() && !memory.validateReadSet(txIndex)) {
          throw new InvariantViolation("read set of tx " + txIndex + " is stale after the block");
        }
        outputs.add(outcome.output());
      }
      return new Ending.Committed<>(outputs, memory.finalValues(storage));
    } catch (InvariantViolation e) {
      return new Ending.Abandoned<>(new BlockStmError.InvariantBroken(e.getMessage()));
    }
  }

  /**
   * The counters of this run, plus {@code extraExecutions} sequential ones taking {@code
   * extraNanos} after a fallback.
   */
  ExecutionStats stats(
      ExecutionStats.Mode mode,
      BlockStmError fallback,
      long wallNanos,
      long extraExecutions,
      long extraNanos) {
    long executions = extraExecutions;
    long validations = 0;
    long aborts = 0;
    long waits = 0;
    long executionNanos = extraNanos;
    long validationNanos = 0;
    for (WorkerCounters c : counters) {
      if (c == null) {
        continue; // a worker that never started: only when the pool was shut down under us
      }
      executions += c.executions;
      validations += c.validations;
      aborts += c.validationAborts;
      waits += c.dependencyWaits;
      executionNanos += c.executionNanos;
      validationNanos += c.validationNanos;
    }
    return new ExecutionStats(
        mode,
        fallback,
        block.size(),
        counters.length,
        executions,
        Math.max(0, executions - block.size()),
        validations,
        aborts,
        waits,
        executionNanos,
        validationNanos,
        wallNanos);
  }
}
