package dev.multilane.exec;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Executes blocks with Block-STM on a fixed set of worker threads, created once and reused for
 * every block until {@link #close}. The result always equals {@link SequentialExecutor}'s: when
 * the block is small, when it aborts too much, or when the engine catches itself breaking an
 * invariant, the block is run sequentially instead (see {@link ExecutorConfig}, {@link
 * BlockStmError}) and the fallback is counted.
 *
 * <p>Concurrency: one block at a time. {@code execute} and {@code close} take {@code
 * oneBlockAtATime}; a second caller waits. The calling thread hands one {@link BlockRun#work} to
 * each worker and waits on a latch, which also makes everything the workers wrote visible to it
 * when it reads the result. {@code fallbacks} is an atomic array so it can be read at any time.
 */
public final class ParallelExecutor implements BlockExecutor, AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

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
            threads,
            threads,
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
    this.pool.prestartAllCoreThreads();
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
                ExecutionStats.Mode.SEQUENTIAL_SMALL_BLOCK, null, block.size(), 1, block.size(),
                0, 0, 0, 0, wall, 0, wall);
        return new BlockResult<>(outputs, Collections.unmodifiableMap(committed), stats);
      }
      BlockRun<K, V, O> run = new BlockRun<>(block, storage, threads, config);
      runOnWorkers(run);
      return switch (run.finish()) {
        case BlockRun.Ending.Committed<K, V, O>(List<O> outputs, Map<K, V> writes) ->
            new BlockResult<>(
                Collections.unmodifiableList(outputs),
                Collections.unmodifiableMap(writes),
                run.stats(ExecutionStats.Mode.PARALLEL, null, System.nanoTime() - start, 0, 0));
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

  private void runOnWorkers(BlockRun<?, ?, ?> run) {
    CountDownLatch finished = new CountDownLatch(threads);
    for (int w = 0; w < threads; w++) {
      int worker = w;
      pool.execute(
          () -> {
            try {
              run.work(worker);
            } finally {
              finished.countDown();
            }
          });
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
