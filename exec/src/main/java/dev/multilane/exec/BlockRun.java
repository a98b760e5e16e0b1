package dev.multilane.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One block under Block-STM: the worker loop of the paper (Algorithm 1) over a {@link Scheduler}
 * and a {@link MultiVersionMemory}, the commit that the same workers share once the block is done,
 * and the checks that decide whether the result may be committed.
 *
 * <p>Shared state: {@code scheduler} and {@code memory} (see their invariants); {@code outcomes[t]},
 * the output of t's latest recorded incarnation, written by the executing worker with a volatile
 * set before {@link Scheduler#finishExecution} publishes EXECUTED; {@code executionsStarted},
 * incremented by every execution for the abort-rate limit; {@code depth}, {@code maxDepth} and
 * {@code recordedUpTo}, the dependency depths behind the contention switch (see {@link
 * #noteDepth}); {@code haltCause} and {@code contended}, each set once by whoever halts the
 * run, then {@link Scheduler#halt}. {@code counters[w]} and {@code commits[w]} are written once by
 * worker w as it leaves, read by {@link #finish} after the latch.
 *
 * <p>The commit. When the scheduler reports done without a halt, every transaction is EXECUTED and
 * no task is active (that is what done means), so memory no longer changes and the workers split
 * the commit between them by claiming chunks of transactions: each checks its transactions' final
 * status, re-validates their read sets ({@link ExecutorConfig#verifyAtEnd}) and collects the final
 * value of the keys they wrote last ({@link MultiVersionMemory#finalWritesOf}). The caller then
 * only concatenates. On one thread this tail was as long as the parallel phase itself.
 *
 * <p>After a halt for contention or for the abort-rate limit, the caller waits for every worker to
 * return, so memory is quiescent, and finds the validated prefix: the longest run of transactions
 * from 0 that are EXECUTED and whose read sets validate. By induction each of them computed what a
 * sequential run computes (its reads resolve only to lower transactions, all correct). The rest of
 * the block runs sequentially over the state at the end of the prefix.
 */
final class BlockRun<K, V, O> {

  /** The output of one incarnation, or what it threw. */
  private record Outcome<O>(int incarnation, O output, Throwable failure) {}

  /** Transactions a worker claims at a time during the commit. */
  private static final int COMMIT_CHUNK = 64;

  /** How a run ends: commit this result, or abandon the run for the sequential fallback. */
  sealed interface Ending<K, V, O> {
    /**
     * The result of transactions [0, {@code prefix}): their outputs and final writes. When {@code
     * prefix} is short of the block, the run stopped early and the caller must run the rest
     * sequentially over {@code afterPrefix}, the base storage with the prefix's writes applied
     * (it reads memory, which nothing writes any more).
     *
     * @param cause why the run stopped early, or null (no halt, or a contention switch)
     */
    record Committed<K, V, O>(
        List<O> outputs, Map<K, V> writes, int prefix, BlockStmError cause, Storage<K, V> afterPrefix)
        implements Ending<K, V, O> {}

    record Abandoned<K, V, O>(BlockStmError cause) implements Ending<K, V, O> {}
  }

  /** What one worker collected during the commit. Written by that worker only. */
  private static final class CommitShare<K, V> {
    final List<K> keys = new ArrayList<>();
    final List<V> values = new ArrayList<>();
    int lowestFailure = Integer.MAX_VALUE;
    String violation;
  }

  private final List<? extends TxTask<K, V, O>> block;
  private final Storage<K, V> storage;
  private final ExecutorConfig config;
  private final Scheduler scheduler;
  private final MultiVersionMemory<K, V> memory;
  private final AtomicReferenceArray<Outcome<O>> outcomes;
  private final AtomicLong executionsStarted = new AtomicLong();
  private final int[] depth; // see noteDepth
  private final AtomicInteger maxDepth = new AtomicInteger();
  private final AtomicInteger recordedUpTo = new AtomicInteger();
  private final long executionLimit;
  private final AtomicReference<BlockStmError> haltCause = new AtomicReference<>();
  private volatile boolean contended;
  private final AtomicInteger commitCursor = new AtomicInteger();
  private final WorkerCounters[] counters;
  private final CommitShare<K, V>[] commits;

  @SuppressWarnings("unchecked")
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
    this.commits = new CommitShare[workers];
    this.depth = new int[config.contentionWindow() > 0 ? block.size() : 0];
  }

  /**
   * The body of worker {@code worker}: take tasks until the block is done or halted, then take
   * its share of the commit. A task's follow-up (the validation after an execution, the
   * re-execution after an abort) is run directly instead of going back to the scheduler.
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
    // haltCause is set before the scheduler's done flag (see halt), so a halted run is seen here.
    if (haltCause.get() == null && !contended) {
      long start = System.nanoTime();
      commits[worker] = commitShare();
      c.commitNanos = System.nanoTime() - start;
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
      long started = executionsStarted.incrementAndGet();
      if (started > executionLimit) {
        halt(
            new BlockStmError.AbortRateExceeded(
                executionLimit + 1, block.size(), config.maxExecutionsPerTx()));
        return null;
      }
      if (config.contentionWindow() > 0 && started % config.contentionWindow() == 0) {
        checkContention();
        if (scheduler.done()) {
          return null;
        }
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
      if (config.contentionWindow() > 0) {
        noteDepth(txIndex, view.readSet());
      }
      c.executionNanos += System.nanoTime() - start;
      return scheduler.finishExecution(txIndex, incarnation, wroteNewLocation);
    }
  }

  /**
   * Records the dependency depth of the incarnation just recorded: 1 + the deepest transaction it
   * read from (storage is depth 0). Depth is the length of the chain of transactions that must run
   * one after another to produce t's inputs, whatever the timing: a chain of token hand-overs or
   * swaps in one pool has depth t + 1 at transaction t, independent transfers have depth 1.
   *
   * <p>{@code depth[]} is a plain array: each slot is written by t's current owner only, other
   * workers may read a stale value, and a stale depth only makes the estimate of {@link
   * #checkContention} err one way or the other, never the result (which validation decides).
   */
  private void noteDepth(int txIndex, ReadSet<K> reads) {
    int deepest = 0;
    for (int i = 0; i < reads.size(); i++) {
      ReadOrigin origin = reads.origin(i);
      if (origin.base() != Version.STORAGE) {
        deepest = Math.max(deepest, depth[Version.txIndex(origin.base())]);
      }
      for (long delta : origin.deltas()) {
        deepest = Math.max(deepest, depth[Version.txIndex(delta)]);
      }
    }
    depth[txIndex] = deepest + 1;
    maxDepth.accumulateAndGet(deepest + 1, Math::max);
    recordedUpTo.accumulateAndGet(txIndex + 1, Math::max);
  }

  /**
   * Called by the worker whose execution completed a window of {@link
   * ExecutorConfig#contentionWindow()} executions (so each window is checked once): halts the run
   * for a sequential finish when the transactions recorded so far have less parallelism than
   * {@link ExecutorConfig#minParallelism()}, measured as transactions per step of the longest
   * dependency chain among them. That is a property of the block, not of the timing, so a busy
   * machine (workers seldom running at once, hence few aborts) does not hide a chain.
   */
  private void checkContention() {
    int txs = recordedUpTo.get();
    int chain = maxDepth.get();
    if (txs >= config.contentionWindow() && txs < config.minParallelism() * chain) {
      contended = true; // before done, like haltCause: a worker that sees done sees this
      scheduler.halt();
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
   * One worker's part of the commit: chunks of transactions claimed from {@code commitCursor}.
   * For each: EXECUTED with a recorded outcome of that very incarnation, (optionally) a read set
   * that still validates, and the final values of the keys it wrote last. A failure is noted, not
   * thrown; {@link #finish} decides.
   */
  private CommitShare<K, V> commitShare() {
    CommitShare<K, V> share = new CommitShare<>();
    int size = block.size();
    try {
      for (int from = commitCursor.getAndAdd(COMMIT_CHUNK);
          from < size;
          from = commitCursor.getAndAdd(COMMIT_CHUNK)) {
        int to = Math.min(size, from + COMMIT_CHUNK);
        for (int txIndex = from; txIndex < to; txIndex++) {
          Outcome<O> outcome = checkedOutcome(txIndex);
          if (outcome.failure() != null) {
            share.lowestFailure = Math.min(share.lowestFailure, txIndex);
          }
          if (config.verifyAtEnd() && !memory.validateReadSet(txIndex)) {
            throw new InvariantViolation("read set of tx " + txIndex + " is stale after the block");
          }
          memory.finalWritesOf(
              txIndex,
              size,
              storage,
              (key, value) -> {
                share.keys.add(key);
                share.values.add(value);
              });
        }
      }
    } catch (InvariantViolation e) {
      share.violation = e.getMessage();
    } catch (RuntimeException e) {
      share.violation = "commit threw " + e;
    }
    return share;
  }

  /** The outcome of {@code txIndex}'s final incarnation. */
  private Outcome<O> checkedOutcome(int txIndex) {
    long word = scheduler.statusWord(txIndex);
    Outcome<O> outcome = outcomes.get(txIndex);
    if (TxStatus.of(word) != TxStatus.EXECUTED
        || outcome == null
        || outcome.incarnation() != TxStatus.incarnation(word)) {
      throw new InvariantViolation(
          "tx " + txIndex + " ended " + TxStatus.toString(word) + " with outcome " + outcome);
    }
    return outcome;
  }

  /**
   * Decides the run, after every worker returned: committed when no one halted it and every
   * worker's commit share is clean; committed up to the validated prefix after a contention
   * switch or the abort-rate limit; else abandoned for a full sequential re-run.
   */
  Ending<K, V, O> finish() {
    BlockStmError cause = haltCause.get();
    try {
      if (contended || cause instanceof BlockStmError.AbortRateExceeded) {
        return finishPrefix(cause);
      }
      if (cause != null) {
        return new Ending.Abandoned<>(cause);
      }
      if (!scheduler.done() || scheduler.activeTasks() != 0) {
        throw new InvariantViolation(
            "workers stopped with " + scheduler.activeTasks() + " active tasks");
      }
      int lowestFailure = Integer.MAX_VALUE;
      List<CommitShare<K, V>> shares = new ArrayList<>(commits.length);
      for (int w = 0; w < commits.length; w++) {
        CommitShare<K, V> share = commits[w];
        if (share == null) {
          if (counters[w] == null) {
            continue; // never started (cancelled by the caller, see ParallelExecutor): no share
          }
          throw new InvariantViolation("worker " + w + " did not take part in the commit");
        }
        shares.add(share);
        if (share.violation != null) {
          throw new InvariantViolation(share.violation);
        }
        lowestFailure = Math.min(lowestFailure, share.lowestFailure);
      }
      if (commitCursor.get() < block.size()) {
        throw new InvariantViolation("commit stopped at tx " + commitCursor.get());
      }
      if (lowestFailure != Integer.MAX_VALUE) {
        return new Ending.Abandoned<>(
            new BlockStmError.TaskFailed(lowestFailure, outcomes.get(lowestFailure).failure()));
      }
      List<List<K>> keys = new ArrayList<>(shares.size());
      List<List<V>> values = new ArrayList<>(shares.size());
      for (CommitShare<K, V> share : shares) {
        keys.add(share.keys);
        values.add(share.values);
      }
      Map<K, V> writes = new FinalWrites<>(keys, values);
      return new Ending.Committed<>(outputsBelow(block.size()), writes, block.size(), null, storage);
    } catch (InvariantViolation e) {
      return new Ending.Abandoned<>(new BlockStmError.InvariantBroken(e.getMessage()));
    }
  }

  /**
   * The validated prefix's outputs and final writes, and the state after it for the sequential
   * finish (see {@link Ending.Committed#afterPrefix}). Memory is quiescent: every worker has
   * returned.
   */
  private Ending<K, V, O> finishPrefix(BlockStmError cause) {
    int prefix = validatedPrefix();
    Map<K, V> writes = new HashMap<>();
    for (int txIndex = 0; txIndex < prefix; txIndex++) {
      memory.finalWritesOf(txIndex, prefix, storage, writes::put);
    }
    Storage<K, V> afterPrefix = key -> memory.valueAt(key, prefix, storage);
    return new Ending.Committed<>(outputsBelow(prefix), writes, prefix, cause, afterPrefix);
  }

  /**
   * The longest prefix of transactions that are EXECUTED with a clean outcome of that incarnation
   * and whose reads still validate; each then read only values of lower, correct transactions.
   */
  private int validatedPrefix() {
    int prefix = 0;
    while (prefix < block.size()) {
      long word = scheduler.statusWord(prefix);
      Outcome<O> outcome = outcomes.get(prefix);
      if (TxStatus.of(word) != TxStatus.EXECUTED
          || outcome == null
          || outcome.incarnation() != TxStatus.incarnation(word)
          || outcome.failure() != null
          || !memory.validateReadSet(prefix)) {
        break;
      }
      prefix++;
    }
    return prefix;
  }

  private List<O> outputsBelow(int end) {
    Object[] outputs = new Object[end];
    for (int txIndex = 0; txIndex < end; txIndex++) {
      outputs[txIndex] = outcomes.get(txIndex).output();
    }
    @SuppressWarnings("unchecked")
    List<O> list = (List<O>) Arrays.asList(outputs);
    return list;
  }

  /**
   * The counters of this run, plus {@code sequentialTxs} executed one after the other in {@code
   * sequentialNanos} after the parallel phase.
   */
  ExecutionStats stats(
      ExecutionStats.Mode mode,
      BlockStmError fallback,
      long wallNanos,
      int sequentialTxs,
      long sequentialNanos) {
    long executions = sequentialTxs;
    long validations = 0;
    long aborts = 0;
    long waits = 0;
    long executionNanos = sequentialNanos;
    long validationNanos = 0;
    long commitNanos = 0;
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
      commitNanos += c.commitNanos;
    }
    return new ExecutionStats(
        mode,
        fallback,
        block.size(),
        sequentialTxs,
        counters.length,
        executions,
        Math.max(0, executions - block.size()),
        validations,
        aborts,
        waits,
        executionNanos,
        validationNanos,
        commitNanos,
        wallNanos);
  }
}
