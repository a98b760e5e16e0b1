package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parallel executor's life cycle and fallbacks. */
// Hang guard only (a lost wake-up would spin forever), not a timing assertion.
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelExecutorTest {

  private final SequentialExecutor sequential = new SequentialExecutor();

  @Test
  void smallBlocksRunSequentially() {
    try (ParallelExecutor parallel = new ParallelExecutor(4, new ExecutorConfig(50, 4.0, true))) {
      List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(1, 49, 10);
      BlockResult<Integer, Long, Long> result = parallel.execute(block, MockBlocks.STORAGE);
      assertEquals(ExecutionStats.Mode.SEQUENTIAL_SMALL_BLOCK, result.stats().mode());
      BlockResult<Integer, Long, Long> expected = sequential.execute(block, MockBlocks.STORAGE);
      assertEquals(expected.outputs(), result.outputs());
      assertEquals(expected.writes(), result.writes());
      assertEquals(0, parallel.fallbacks());
    }
  }

  @Test
  void backgroundTaskOverlapsForEachAndJoinPublishesItsWrites() {
    for (int threads : new int[] {1, 2, 3}) {
      try (ParallelExecutor parallel = new ParallelExecutor(threads, ExecutorConfig.alwaysParallel())) {
        long[] written = new long[1000];
        ParallelExecutor.Background background =
            parallel.runInBackground(
                () -> {
                  for (int i = 0; i < written.length; i++) {
                    written[i] = i * 3L;
                  }
                });
        long[] squares = new long[5000];
        parallel.forEach(squares.length, 16, i -> squares[i] = (long) i * i); // worker may be busy
        background.join();
        for (int i = 0; i < written.length; i++) {
          assertEquals(i * 3L, written[i], threads + " threads, index " + i);
        }
        for (int i = 0; i < squares.length; i++) {
          assertEquals((long) i * i, squares[i], threads + " threads, square " + i);
        }
        // The pool is usable afterwards: a block still runs and matches the sequential result.
        List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(7, 300, 40);
        assertEquals(
            sequential.execute(block, MockBlocks.STORAGE).writes(),
            parallel.execute(block, MockBlocks.STORAGE).writes());
      }
    }
  }

  @Test
  void backgroundFailureIsRethrownByJoin() {
    try (ParallelExecutor parallel = new ParallelExecutor(2, ExecutorConfig.alwaysParallel())) {
      ParallelExecutor.Background background =
          parallel.runInBackground(
              () -> {
                throw new IllegalArgumentException("bad change");
              });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, background::join);
      assertEquals("bad change", e.getMessage());
    }
  }

  @Test
  void emptyBlock() {
    try (ParallelExecutor parallel = new ParallelExecutor(2, ExecutorConfig.alwaysParallel())) {
      BlockResult<Integer, Long, Long> result =
          parallel.execute(List.<TxTask<Integer, Long, Long>>of(), MockBlocks.STORAGE);
      assertEquals(List.of(), result.outputs());
      assertEquals(java.util.Map.of(), result.writes());
      assertEquals(ExecutionStats.Mode.PARALLEL, result.stats().mode());
    }
  }

  @Test
  void workersAreReusedAcrossBlocksAndRefuseWorkAfterClose() {
    ParallelExecutor parallel = new ParallelExecutor(3, ExecutorConfig.alwaysParallel());
    for (int b = 0; b < 20; b++) {
      List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(b, 100, 50);
      BlockResult<Integer, Long, Long> result = parallel.execute(block, MockBlocks.STORAGE);
      assertEquals(sequential.execute(block, MockBlocks.STORAGE).writes(), result.writes());
      assertEquals(3, result.stats().threads());
    }
    parallel.close();
    parallel.close(); // idempotent
    assertThrows(
        IllegalStateException.class,
        () -> parallel.execute(MockBlocks.randomBlock(0, 10, 10), MockBlocks.STORAGE));
  }

  /**
   * tx 0 holds back its write of key 0 until tx 1 has read key 0 from storage, so tx 1 must be
   * re-executed: one execution beyond the budget of 1 per transaction. The run gives up and the
   * block is redone sequentially, with the same result.
   */
  @Test
  void tooManyReExecutionsFallBackToSequential() throws Exception {
    CountDownLatch tx1Read = new CountDownLatch(1);
    List<TxTask<Integer, Long, Long>> block = new ArrayList<>();
    block.add(
        (i, inc, view) -> {
          if (inc == 0) {
            awaitQuietly(tx1Read); // bounded: only a liveness guard if the scheduler differs
          }
          view.write(0, 5L);
          return 0L;
        });
    block.add(
        (i, inc, view) -> {
          Long v = MockBlocks.get(view, 0);
          tx1Read.countDown();
          if (v == null) {
            return null;
          }
          view.write(1, v + 1);
          return v;
        });
    try (ParallelExecutor parallel = new ParallelExecutor(2, new ExecutorConfig(0, 1.0, true))) {
      BlockResult<Integer, Long, Long> result = parallel.execute(block, MockBlocks.STORAGE);
      ExecutionStats stats = result.stats();
      assertEquals(ExecutionStats.Mode.PARALLEL_FELL_BACK, stats.mode());
      BlockStmError.AbortRateExceeded cause =
          assertInstanceOf(BlockStmError.AbortRateExceeded.class, stats.fallback());
      assertEquals(2, cause.txs());
      assertEquals(List.of(0L, 5L), result.outputs());
      assertEquals(java.util.Map.of(0, 5L, 1, 6L), result.writes());
      assertEquals(1, parallel.fallbacks(BlockStmError.Kind.ABORT_RATE_EXCEEDED));
      assertEquals(1, parallel.fallbacks());
      // The validated prefix is kept; only the rest is redone sequentially.
      assertTrue(stats.sequentialTxs() >= 1 && stats.sequentialTxs() <= 2, stats.toString());
      assertTrue(
          stats.executions() >= 2 + stats.sequentialTxs(),
          "parallel attempt plus sequential redo: " + stats);
    }
  }

  @Test
  void aTaskThatThrowsInItsValidatedIncarnationFallsBackAndThrowsAsSequentialDoes() {
    List<TxTask<Integer, Long, Long>> block = new ArrayList<>(MockBlocks.randomBlock(3, 60, 10));
    block.set(
        17,
        (i, inc, view) -> {
          Long v = MockBlocks.get(view, 1);
          if (v == null) {
            return null;
          }
          throw new IllegalArgumentException("bad tx " + v);
        });
    TaskFailedException expected =
        assertThrows(TaskFailedException.class, () -> sequential.execute(block, MockBlocks.STORAGE));
    try (ParallelExecutor parallel = new ParallelExecutor(4, ExecutorConfig.alwaysParallel())) {
      TaskFailedException actual =
          assertThrows(
              TaskFailedException.class, () -> parallel.execute(block, MockBlocks.STORAGE));
      assertEquals(17, actual.txIndex());
      assertEquals(expected.getCause().getMessage(), actual.getCause().getMessage());
      assertEquals(1, parallel.fallbacks(BlockStmError.Kind.TASK_FAILED));
    }
  }

  @Test
  void speculativeExceptionsDoNotSurface() {
    // Pair checkers throw on torn reads, which only speculative incarnations can see.
    try (ParallelExecutor parallel = new ParallelExecutor(4, ExecutorConfig.alwaysParallel())) {
      for (int s = 0; s < 10; s++) {
        List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(s, 200, 5);
        BlockResult<Integer, Long, Long> result = parallel.execute(block, MockBlocks.STORAGE);
        assertEquals(ExecutionStats.Mode.PARALLEL, result.stats().mode(), "seed " + s);
        assertNull(result.stats().fallback());
        assertEquals(sequential.execute(block, MockBlocks.STORAGE).outputs(), result.outputs());
      }
      assertEquals(0, parallel.fallbacks());
    }
  }

  @Test
  void statsAddUp() {
    try (ParallelExecutor parallel = new ParallelExecutor(4, ExecutorConfig.alwaysParallel())) {
      List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(9, 300, 3);
      ExecutionStats stats = parallel.execute(block, MockBlocks.STORAGE).stats();
      assertEquals(300, stats.txs());
      assertTrue(stats.executions() >= 300, stats.toString());
      assertEquals(stats.executions() - 300, stats.reExecutions(), stats.toString());
      assertTrue(stats.validations() >= 300, "each final incarnation is validated: " + stats);
      assertTrue(stats.validationAborts() <= stats.validations(), stats.toString());
      assertTrue(stats.reExecutionRate() >= 0, stats.toString());
    }
  }

  @Test
  void configRejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new ExecutorConfig(-1, 2.0, true));
    assertThrows(IllegalArgumentException.class, () -> new ExecutorConfig(0, 0.5, true));
    assertThrows(IllegalArgumentException.class, () -> new ExecutorConfig(0, Double.NaN, true));
    assertThrows(IllegalArgumentException.class, () -> new ParallelExecutor(0));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
