package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property the whole engine exists for: Block-STM returns what the sequential executor
 * returns, every output and every final value, for random blocks at 1, 2, 4 and 8 workers and from
 * 2 keys (everything conflicts) to 10,000 (almost nothing does). The parallel executor is
 * configured never to fall back, so these runs test Block-STM itself, and every block must end in
 * {@link ExecutionStats.Mode#PARALLEL}: torn speculative reads throw inside pair checkers, and
 * that must never surface.
 */
// Hang guard only (a lost wake-up would spin forever), not a timing assertion.
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelMatchesSequentialTest {

  private static final Map<Integer, ParallelExecutor> EXECUTORS = new ConcurrentHashMap<>();
  private static final AtomicLong CONTENDED_CONFLICTS = new AtomicLong();

  private final SequentialExecutor sequential = new SequentialExecutor();

  static ParallelExecutor executor(int threads) {
    return EXECUTORS.computeIfAbsent(
        threads, t -> new ParallelExecutor(t, ExecutorConfig.alwaysParallel()));
  }

  @AfterAll
  static void closeExecutors() {
    EXECUTORS.values().forEach(ParallelExecutor::close);
  }

  static Stream<Arguments> threadsAndKeys() {
    List<Arguments> cases = new ArrayList<>();
    for (int threads : new int[] {1, 2, 4, 8}) {
      for (int keys : new int[] {2, 10, 100, 10_000}) {
        cases.add(Arguments.of(threads, keys));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} threads, {1} keys")
  @MethodSource("threadsAndKeys")
  void randomBlocksMatchSequential(int threads, int keys) {
    int seeds = Chaos.longTests() ? 1000 : 80;
    int maxTxs = Chaos.longTests() ? 2000 : 300;
    ParallelExecutor parallel = executor(threads);
    Random sizes = new Random(threads * 1_000_003L + keys);
    long executions = 0;
    long txs = 0;
    for (int s = 0; s < seeds; s++) {
      long seed = threads * 7_919L + keys * 104_729L + s;
      int size = 1 + sizes.nextInt(maxTxs);
      List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(seed, size, keys);
      BlockResult<Integer, Long, Long> expected = sequential.execute(block, MockBlocks.STORAGE);
      BlockResult<Integer, Long, Long> actual = parallel.execute(block, MockBlocks.STORAGE);
      assertSame(expected, actual, "seed " + seed + ", " + size + " txs");
      executions += actual.stats().executions();
      txs += size;
      if (threads > 1 && keys <= 10) {
        CONTENDED_CONFLICTS.addAndGet(
            actual.stats().validationAborts() + actual.stats().dependencyWaits());
      }
    }
    System.out.printf(
        "%d threads, %d keys: %d blocks, %d txs, %d executions, all equal to sequential%n",
        threads, keys, seeds, txs, executions);
  }

  /**
   * Guards the test above against passing vacuously: with 2 to 10 keys and several workers the
   * engine must actually have aborted or parked something (summed over many blocks).
   */
  @Test
  void contendedBlocksReallyConflict() {
    for (int threads : new int[] {2, 4}) {
      for (int s = 0; s < 4; s++) {
        List<TxTask<Integer, Long, Long>> block = MockBlocks.randomBlock(s, 300, 2);
        BlockResult<Integer, Long, Long> actual = executor(threads).execute(block, MockBlocks.STORAGE);
        assertSame(sequential.execute(block, MockBlocks.STORAGE), actual, "seed " + s);
        CONTENDED_CONFLICTS.addAndGet(
            actual.stats().validationAborts() + actual.stats().dependencyWaits());
      }
    }
    System.out.println("conflicts seen in contended blocks: " + CONTENDED_CONFLICTS.get());
    assertTrue(CONTENDED_CONFLICTS.get() > 0, "no abort or dependency in any contended block");
  }

  @ParameterizedTest(name = "{0} threads")
  @MethodSource("threads")
  void deltaOnlyBlocksNeverConflict(int threads) {
    for (int s = 0; s < 5; s++) {
      List<TxTask<Integer, Long, Long>> block = MockBlocks.deltaOnlyBlock(s, 400);
      BlockResult<Integer, Long, Long> actual = executor(threads).execute(block, MockBlocks.STORAGE);
      assertSame(sequential.execute(block, MockBlocks.STORAGE), actual, "seed " + s);
      ExecutionStats stats = actual.stats();
      assertEquals(0, stats.validationAborts(), "aborts among pure adders: " + stats);
      assertEquals(0, stats.dependencyWaits(), "waits among pure adders: " + stats);
      assertEquals(block.size(), stats.executions(), "re-executions among pure adders: " + stats);
    }
  }

  static Stream<Integer> threads() {
    return Stream.of(1, 2, 4, 8);
  }

  static void assertSame(
      BlockResult<Integer, Long, Long> expected,
      BlockResult<Integer, Long, Long> actual,
      String what) {
    assertEquals(
        ExecutionStats.Mode.PARALLEL,
        actual.stats().mode(),
        what + ": fell back: " + actual.stats().fallback());
    assertEquals(expected.outputs().size(), actual.outputs().size(), what + ": output count");
    for (int i = 0; i < expected.outputs().size(); i++) {
      assertEquals(expected.outputs().get(i), actual.outputs().get(i), what + ": output of tx " + i);
    }
    assertEquals(expected.writes(), actual.writes(), what + ": final state");
  }
}
