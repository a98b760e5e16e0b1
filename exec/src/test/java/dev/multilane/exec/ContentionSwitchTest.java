package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The early switch to sequential execution ({@link ExecutorConfig#contentionWindow()}): a block
 * that wastes too much work is finished sequentially on top of its validated prefix, and the
 * result is still exactly the sequential one. Tiny windows and a low threshold make the switch
 * happen at arbitrary moments, with workers halted mid-task, which is what the prefix logic must
 * survive.
 */
// Hang guard only, not a timing assertion.
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContentionSwitchTest {

  private final SequentialExecutor sequential = new SequentialExecutor();

  @Test
  void randomContendedBlocksSwitchAndStillMatchSequential() {
    int switched = 0;
    int blocks = 0;
    for (int threads : new int[] {2, 4}) {
      for (int window : new int[] {1, 4, 16}) {
        ExecutorConfig config = new ExecutorConfig(0, Double.POSITIVE_INFINITY, true, window, 4.0);
        try (ParallelExecutor parallel = new ParallelExecutor(threads, config)) {
          for (int s = 0; s < 40; s++) {
            for (int keys : new int[] {2, 10, 100}) {
              List<TxTask<Integer, Long, Long>> block =
                  MockBlocks.randomBlock(s * 31L + keys + window, 50 + s * 7, keys);
              BlockResult<Integer, Long, Long> expected =
                  sequential.execute(block, MockBlocks.STORAGE);
              BlockResult<Integer, Long, Long> actual = parallel.execute(block, MockBlocks.STORAGE);
              String what = threads + " threads, window " + window + ", seed " + s + ", keys " + keys;
              assertEquals(expected.outputs(), actual.outputs(), what);
              assertEquals(expected.writes(), actual.writes(), what);
              ExecutionStats stats = actual.stats();
              assertNull(stats.fallback(), what + ": " + stats);
              if (stats.mode() == ExecutionStats.Mode.PARALLEL_THEN_SEQUENTIAL) {
                switched++;
                assertTrue(stats.sequentialTxs() > 0 && stats.sequentialTxs() <= block.size(), what);
              } else {
                assertEquals(ExecutionStats.Mode.PARALLEL, stats.mode(), what);
              }
              blocks++;
            }
          }
          assertEquals(0, parallel.fallbacks(), "a contention switch is not a fallback");
        }
      }
    }
    System.out.println(switched + " of " + blocks + " blocks switched to sequential");
    assertTrue(switched > blocks / 10, "the switch hardly ever fired: " + switched + "/" + blocks);
  }

  /** Every transaction reads what the previous one wrote: the default config must give up early. */
  @Test
  void aDependencyChainSwitchesEarlyWithTheDefaultConfig() {
    List<TxTask<Integer, Long, Long>> block = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      block.add(
          (txIndex, incarnation, view) -> {
            Long v = MockBlocks.get(view, 0);
            if (v == null) {
              return null;
            }
            long x = v;
            for (int k = 0; k < 20_000; k++) {
              x = x * 6364136223846793005L + 1442695040888963407L; // some work worth parallelising
            }
            view.write(0, x);
            return x;
          });
    }
    BlockResult<Integer, Long, Long> expected = sequential.execute(block, MockBlocks.STORAGE);
    try (ParallelExecutor parallel = new ParallelExecutor(2, ExecutorConfig.DEFAULT)) {
      BlockResult<Integer, Long, Long> actual = parallel.execute(block, MockBlocks.STORAGE);
      assertEquals(expected.outputs(), actual.outputs());
      assertEquals(expected.writes(), actual.writes());
      ExecutionStats stats = actual.stats();
      assertEquals(ExecutionStats.Mode.PARALLEL_THEN_SEQUENTIAL, stats.mode(), stats.toString());
      // Usually 2,100-2,600 executions; one CI run, with a worker descheduled, took 4,140. The
      // re-execution budget alone would allow 4 per transaction (8,000 here).
      assertTrue(
          stats.executions() < 3 * block.size(),
          "switched long before the 4-per-transaction budget: " + stats);
    }
  }

  @Test
  void forEachVisitsEveryIndexOnceAndRethrows() {
    for (int threads : new int[] {1, 2, 4}) {
      try (ParallelExecutor parallel = new ParallelExecutor(threads)) {
        for (int count : new int[] {0, 1, 7, 1000, 10_007}) {
          AtomicIntegerArray visits = new AtomicIntegerArray(count);
          parallel.forEach(count, 16, visits::incrementAndGet);
          for (int i = 0; i < count; i++) {
            assertEquals(1, visits.get(i), threads + " threads, " + count + " indices, index " + i);
          }
        }
        IllegalStateException thrown =
            assertThrows(
                IllegalStateException.class,
                () ->
                    parallel.forEach(
                        5_000,
                        8,
                        i -> {
                          if (i == 4_321) {
                            throw new IllegalStateException("boom at " + i);
                          }
                        }));
        assertEquals("boom at 4321", thrown.getMessage());
        // Still usable afterwards.
        AtomicIntegerArray visits = new AtomicIntegerArray(100);
        parallel.forEach(100, 3, visits::incrementAndGet);
        assertEquals(100, java.util.stream.IntStream.range(0, 100).map(visits::get).sum());
      }
    }
  }
}
