package dev.multilane.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Executes blocks with Block-STM on a fixed set of worker threads, created once and reused for
 * every block until {@link #close}. The result always equals {@link SequentialExecutor}'s: when
 * the block is small, when it aborts too much, or when the engine catches itself breaking an
 * invariant, the block is run sequentially instead (see {@link ExecutorConfig}, {@link
 * BlockStmError}) and the fallback is counted.
 *
 * <p>Concurrency: one block at a time. {@code execute}, {@code forEach} and {@code close} take
 * {@code oneBlockAtATime}; a second caller waits. The calling thread is worker 0: it hands {@link
 * BlockRun#work} to the {@code threads - 1} pool threads, runs it itself, then waits on a latch,
 * which also makes everything the workers wrote visible to it when it reads the result. So {@code
 * threads} is the number of threads that execute transactions, and the caller's own stack must be
 * as deep as the tasks need (the node runs with -Xss8m, as sequential execution on the same
 * thread already requires). {@code fallbacks} is an atomic array so it can be read at any time.
 */
public final class ParallelExecutor implements BlockExecutor, AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int CANCELLED = 2;

  /** Stack size of each worker thread. */
  public static final long WORKER_STACK_BYTES = 64L << 20;

  private final int threads;
  private final ExecutorConfig config;
  private final ThreadPoolExecutor pool;
  private final ReentrantLock oneBlockAtATime = new ReentrantLock();
  private final AtomicLongArray fallbacks = new AtomicLongArray(BlockStmError.Kind.values().length);
  private boolean closed; // guarded by oneBlockAtATime

  /** {@code threads} workers with {@link ExecutorConfig#DEFAULT}. */
  public ParallelExecutor(int threads) {
    this(threads, ExecutorConfig.DEFAULT);
  }

  public ParallelExecutor(int threads, ExecutorConfig config) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads < 1: " + threads);
    }
    this.threads = threads;
    this.config = config;
    int pool = POOLS.incrementAndGet();
    AtomicInteger index = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            Math.max(1, threads - 1), // the caller is worker 0; see runOnWorkers
            Math.max(1, threads - 1),
            0L,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              // Tasks may recurse deeply (an EVM call stack is 1024 frames of Java recursion), so
              // workers get a large stack; it is reserved, and committed only as it is used.
              Thread t = new Thread(null, task, "block-stm-" + pool + "-" + index.getAndIncrement(),
                  WORKER_STACK_BYTES);
              t.setDaemon(true);
              return t;
            });
    if (threads > 1) {
      this.pool.prestartAllCoreThreads();
    }
  }

  public int threads() {
    return threads;
  }

  public ExecutorConfig config() {
    return config;
  }

  @Override
  public <K, V, O> BlockResult<K, V, O> execute(
      List<? extends TxTask<K, V, O>> block, Storage<K, V> storage) {
    return run(block, storage, true);
  }

  /**
   * Like {@link #execute}, but when Block-STM stops early on a dependency chain (or at the
   * abort-rate limit) it returns the validated prefix only: outputs and final writes of the first
   * {@code outputs().size()} transactions, and {@link ExecutionStats#sequentialTxs()} left for the
   * caller to run in order on top of them. For a caller with a faster sequential path of its own
   * than running the tasks through a view (the chain's executor, on its world state). Fallbacks
   * that distrust the parallel run altogether still re-run the whole block here.
   */
  public <K, V, O> BlockResult<K, V, O> executePrefix(
      List<? extends TxTask<K, V, O>> block, Storage<K, V> storage) {
    return run(block, storage, false);
  }

  private <K, V, O> BlockResult<K, V, O> run(
      List<? extends TxTask<K, V, O>> block, Storage<K, V> storage, boolean finishSuffix) {
    oneBlockAtATime.lock();
    try {
      if (closed) {
        throw new IllegalStateException("executor closed");
      }
      long start = System.nanoTime();
      if (block.size() < config.minParallelTxs()) {
        Map<K, V> committed = new HashMap<>();
        List<O> outputs = SequentialExecutor.run(block, storage, committed);
        long wall = System.nanoTime() - start;
        ExecutionStats stats =
            new ExecutionStats(
                ExecutionStats.Mode.SEQUENTIAL_SMALL_BLOCK, null, block.size(), block.size(), 1,
                block.size(), 0, 0, 0, 0, wall, 0, 0, wall);
        return new BlockResult<>(outputs, Collections.unmodifiableMap(committed), stats);
      }
      BlockRun<K, V, O> run = new BlockRun<>(block, storage, threads, config);
      runOnWorkers(run::work);
      long finishStart = System.nanoTime();
      return switch (run.finish()) {
        case BlockRun.Ending.Committed<K, V, O>(
                List<O> prefixOutputs,
                Map<K, V> prefixWrites,
                int prefix,
                BlockStmError cause,
                Storage<K, V> afterPrefix) -> {
          List<O> outputs = prefixOutputs;
          Map<K, V> writes = prefixWrites;
          if (prefix < block.size() && finishSuffix) {
            outputs = new ArrayList<>(prefixOutputs);
            Map<K, V> suffixWrites = new HashMap<>();
            SequentialExecutor.run(block, prefix, afterPrefix, suffixWrites, outputs);
            writes = new HashMap<>(prefixWrites);
            writes.putAll(suffixWrites);
          }
          long now = System.nanoTime();
          int sequentialTxs = block.size() - prefix;
          ExecutionStats.Mode mode =
              cause != null
                  ? ExecutionStats.Mode.PARALLEL_FELL_BACK
                  : sequentialTxs > 0
                      ? ExecutionStats.Mode.PARALLEL_THEN_SEQUENTIAL
                      : ExecutionStats.Mode.PARALLEL;
          if (cause != null) {
            fallbacks.incrementAndGet(cause.kind().ordinal());
          }
          yield new BlockResult<>(
              Collections.unmodifiableList(outputs),
              writes instanceof FinalWrites<K, V> ? writes : Collections.unmodifiableMap(writes),
              run.stats(
                  mode,
                  cause,
                  now - start,
                  sequentialTxs,
                  finishSuffix && sequentialTxs > 0 ? now - finishStart : 0));
        }
        case BlockRun.Ending.Abandoned<K, V, O>(BlockStmError cause) -> {
          fallbacks.incrementAndGet(cause.kind().ordinal());
          long sequentialStart = System.nanoTime();
          Map<K, V> committed = new HashMap<>();
          List<O> outputs = SequentialExecutor.run(block, storage, committed);
          long now = System.nanoTime();
          yield new BlockResult<>(
              outputs,
              Collections.unmodifiableMap(committed),
              run.stats(
                  ExecutionStats.Mode.PARALLEL_FELL_BACK,
                  cause,
                  now - start,
                  block.size(),
                  now - sequentialStart));
        }
      };
    } finally {
      oneBlockAtATime.unlock();
    }
  }

  /**
   * Runs {@code action} for every index in [0, {@code count}) on the workers and the calling
   * thread, in chunks claimed from a shared counter, and returns when all are done. For work
   * around a block that splits by transaction (receipts, blooms, encodings): the workers are idle
   * between blocks. One call at a time, like {@link #execute}; indices run in no particular order.
   *
   * @param chunk indices claimed at a time; larger chunks cost fewer atomic increments
   * @throws RuntimeException the first exception an action threw, after every worker stopped
   */
  public void forEach(int count, int chunk, IntConsumer action) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk < 1: " + chunk);
    }
    oneBlockAtATime.lock();
    try {
      if (closed) {
        throw new IllegalStateException("executor closed");
      }
      if (count <= chunk || threads == 1) {
        for (int i = 0; i < count; i++) {
          action.accept(i);
        }
        return;
      }
      AtomicInteger cursor = new AtomicInteger();
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      runOnWorkers(
          worker -> {
            try {
              for (int from = cursor.getAndAdd(chunk);
                  from < count && failure.get() == null;
                  from = cursor.getAndAdd(chunk)) {
                int to = Math.min(count, from + chunk);
                for (int i = from; i < to; i++) {
                  action.accept(i);
                }
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            }
          });
      if (failure.get() != null) {
        throw failure.get();
      }
    } finally {
      oneBlockAtATime.unlock();
    }
  }

  /**
   * Starts {@code task} on a pool worker and returns at once, for work on a block's result that the
   * caller overlaps with work of its own (the chain writes the block's final state while the
   * caller builds receipts). With one thread it runs on the caller before returning. The worker
   * is busy until the task ends, so a {@link #forEach} meanwhile starts without it, and it joins
   * the loop (or is cancelled, see {@link #runOnWorkers}) once the task is done.
   *
   * <p>The caller must {@link Background#join} before it uses what the task writes: {@code join}
   * makes the task's writes visible to it (a {@link FutureTask}'s completion happens-before the
   * return of its {@code get}).
   */
  public Background runInBackground(Runnable task) {
    FutureTask<Void> future = new FutureTask<>(task, null);
    if (threads == 1) {
      future.run();
    } else {
      pool.execute(future);
    }
    return new Background(future);
  }

  /** A task started by {@link #runInBackground}. */
  public static final class Background {
    private final FutureTask<Void> future;

    private Background(FutureTask<Void> future) {
      this.future = future;
    }

    /**
     * Waits for the task; rethrows what it threw. An interrupt is remembered, not obeyed: the task
     * writes state the caller is about to use, so returning before it ends would be unsafe.
     */
    public void join() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            future.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            switch (e.getCause()) {
              case RuntimeException r -> throw r;
              case Error err -> throw err;
              default -> throw new IllegalStateException(e.getCause());
            }
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Runs {@code body} as worker 0 on the calling thread and as workers 1.. on the pool, and waits
   * for the pool workers that started. The caller is a worker rather than a waiter: with as many
   * workers as cores, a waiting caller would be one more thread to wake, and the block's first and
   * last transactions would wait for a hand-off between threads.
   *
   * <p>A pool worker that has not started by the time the caller is done is cancelled instead of
   * waited for: on a busy machine waking a thread can take longer than the work, and the body
   * (Block-STM, or a loop over claimed chunks) is correct with any number of workers taking part.
   * {@code started[w]} goes PENDING → RUNNING (the worker) or PENDING → CANCELLED (the caller) by
   * CAS, so exactly one of them counts the worker down.
   */
  private void runOnWorkers(IntConsumer body) {
    CountDownLatch finished = new CountDownLatch(threads - 1);
    AtomicIntegerArray started = new AtomicIntegerArray(threads);
    for (int w = 1; w < threads; w++) {
      int worker = w;
      pool.execute(
          () -> {
            if (!started.compareAndSet(worker, PENDING, RUNNING)) {
              return; // cancelled: the caller has already counted us
            }
            try {
              body.accept(worker);
            } finally {
              finished.countDown();
            }
          });
    }
    body.accept(0);
    for (int w = 1; w < threads; w++) {
      if (started.compareAndSet(w, PENDING, CANCELLED)) {
        finished.countDown();
      }
    }
    // A block is short and its workers cannot be cancelled half-way without leaving the run in
    // an unknown state, so an interrupt is remembered, not obeyed, until they are done.
    boolean interrupted = false;
    while (true) {
      try {
        finished.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many blocks fell back to sequential execution for {@code kind}. */
  public long fallbacks(BlockStmError.Kind kind) {
    return fallbacks.get(kind.ordinal());
  }

  /** How many blocks fell back to sequential execution, for any reason. */
  public long fallbacks() {
    long total = 0;
    for (int i = 0; i < fallbacks.length(); i++) {
      total += fallbacks.get(i);
    }
    return total;
  }

  /** Stops the workers after the block in progress, if any. */
  @Override
  public void close() {
    oneBlockAtATime.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pool.shutdown();
    } finally {
      oneBlockAtATime.unlock();
    }
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
