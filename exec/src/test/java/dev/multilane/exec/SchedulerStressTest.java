package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Concurrency stress test of the {@link Scheduler} alone (a JUnit harness in place of jcstress).
 * Workers run the real worker loop against the real scheduler, but execution and validation are
 * simulated by coin flips: an execution may report a dependency on any lower transaction, a
 * validation may fail, an execution may claim to have written a new location, with {@link Chaos}
 * between every step. The coins stop failing after a few incarnations, so every run must end.
 *
 * <p>Checked, on every one of many random blocks:
 *
 * <ul>
 *   <li>mutual exclusion: never two executions of one transaction at once;
 *   <li>incarnations handed out in order, each once (a retry after a refused dependency reuses
 *       the incarnation it holds);
 *   <li>a validation is handed out only for an incarnation that finished executing;
 *   <li>termination, with every transaction EXECUTED at its last executed incarnation and no
 *       active task;
 *   <li>the rule Block-STM's correctness rests on: each transaction's final incarnation was
 *       validated after its own last execution, after every abort of a lower transaction, and
 *       after every lower execution that wrote a new location. A logical clock orders events.
 * </ul>
 */
class SchedulerStressTest {

  private static final int THREADS = 4;

  /** One block's bookkeeping, shared by its workers. */
  private static final class Block {
    final int size;
    final Scheduler scheduler;
    final AtomicLong clock = new AtomicLong();
    final AtomicIntegerArray executing;
    final AtomicIntegerArray lastStartedIncarnation;
    final AtomicIntegerArray lastFinishedIncarnation;
    final AtomicLongArray lastFinishTime;
    final AtomicLongArray lastAbortTime;
    final AtomicLongArray lastNewLocationTime;
    final ConcurrentLinkedQueue<long[]> validations = new ConcurrentLinkedQueue<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicInteger executions = new AtomicInteger();

    Block(int size) {
      this.size = size;
      this.scheduler = new Scheduler(size);
      this.executing = new AtomicIntegerArray(size);
      this.lastStartedIncarnation = new AtomicIntegerArray(size);
      this.lastFinishedIncarnation = new AtomicIntegerArray(size);
      this.lastFinishTime = new AtomicLongArray(size);
      this.lastAbortTime = new AtomicLongArray(size);
      this.lastNewLocationTime = new AtomicLongArray(size);
      for (int i = 0; i < size; i++) {
        lastStartedIncarnation.set(i, -1);
        lastFinishedIncarnation.set(i, -1);
      }
    }
  }

  @Test
  void randomBlocksTerminateWithEveryTransactionValidatedAfterItsInputsSettled()
      throws Exception {
    int blocks = Chaos.longTests() ? 50_000 : 2_500;
    Random random = new Random(20_250_101L);
    long totalExecutions = 0;
    for (int b = 0; b < blocks; b++) {
      Block block = new Block(random.nextInt(48));
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(new Thread(() -> work(block)));
      }
      workers.forEach(Thread::start);
      for (Thread worker : workers) {
        worker.join(120_000); // liveness guard only, not a timing assertion
      }
      for (Thread worker : workers) {
        if (worker.isAlive()) {
          block.scheduler.halt();
          throw new AssertionError("block " + b + " of " + block.size + " did not terminate");
        }
      }
      if (block.failure.get() != null) {
        throw new AssertionError("block " + b, block.failure.get());
      }
      check(block, "block " + b);
      totalExecutions += block.executions.get();
    }
    System.out.println(blocks + " scheduler blocks, " + totalExecutions + " simulated executions");
  }

  private static void work(Block block) {
    Scheduler s = block.scheduler;
    try {
      SchedulerTask task = null;
      while (!s.done()) {
        if (task != null && task.kind() == SchedulerTask.Kind.EXECUTE) {
          task = execute(block, task);
        }
        if (task != null && task.kind() == SchedulerTask.Kind.VALIDATE) {
          task = validate(block, task);
        }
        if (task == null) {
          Chaos.perturb();
          task = s.nextTask();
          if (task == null) {
            Thread.yield();
          }
        }
      }
    } catch (Throwable e) {
      block.failure.compareAndSet(null, e);
      s.halt();
    }
  }

  private static SchedulerTask execute(Block block, SchedulerTask task) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int tx = task.txIndex();
    int inc = task.incarnation();
    int previous = block.lastStartedIncarnation.getAndSet(tx, inc);
    assertTrue(inc == previous + 1, "tx " + tx + " incarnation " + inc + " after " + previous);
    while (true) {
      assertEquals(0, block.executing.getAndIncrement(tx), "two executions of tx " + tx);
      block.executions.incrementAndGet();
      Chaos.perturb();
      if (tx > 0 && inc < 2 && random.nextInt(5) == 0) {
        int blocker = random.nextInt(tx);
        block.executing.decrementAndGet(tx);
        if (block.scheduler.addDependency(tx, blocker)) {
          return null;
        }
        continue; // refused: run the same incarnation again
      }
      boolean wroteNewLocation = random.nextInt(4) == 0;
      block.lastFinishedIncarnation.set(tx, inc);
      long now = block.clock.incrementAndGet();
      block.lastFinishTime.set(tx, now);
      if (wroteNewLocation) {
        block.lastNewLocationTime.set(tx, now);
      }
      block.executing.decrementAndGet(tx);
      Chaos.perturb();
      return block.scheduler.finishExecution(tx, inc, wroteNewLocation);
    }
  }

  private static SchedulerTask validate(Block block, SchedulerTask task) {
    int tx = task.txIndex();
    int inc = task.incarnation();
    assertTrue(
        block.lastFinishedIncarnation.get(tx) >= inc,
        "validation of tx " + tx + " incarnation " + inc + " before it finished");
    block.validations.add(new long[] {tx, inc, block.clock.incrementAndGet()});
    Chaos.perturb();
    boolean fails = inc < 3 && ThreadLocalRandom.current().nextInt(6) == 0;
    boolean aborted = fails && block.scheduler.tryValidationAbort(tx, inc);
    if (aborted) {
      block.lastAbortTime.set(tx, block.clock.incrementAndGet());
    }
    return block.scheduler.finishValidation(tx, aborted);
  }

  private static void check(Block block, String what) {
    Scheduler s = block.scheduler;
    assertTrue(s.done(), what + ": not done");
    assertEquals(0, s.activeTasks(), what + ": active tasks left");
    long[] lastValidated = new long[block.size];
    int[] finalIncarnation = new int[block.size];
    for (int tx = 0; tx < block.size; tx++) {
      long word = s.statusWord(tx);
      assertEquals(TxStatus.EXECUTED, TxStatus.of(word), what + ": tx " + tx);
      finalIncarnation[tx] = TxStatus.incarnation(word);
      assertEquals(
          block.lastFinishedIncarnation.get(tx), finalIncarnation[tx], what + ": tx " + tx);
    }
    for (long[] v : block.validations) {
      int tx = (int) v[0];
      if (v[1] == finalIncarnation[tx]) {
        lastValidated[tx] = Math.max(lastValidated[tx], v[2]);
      }
    }
    long settledBelow = 0; // latest abort or new-location write among lower transactions
    for (int tx = 0; tx < block.size; tx++) {
      long mustFollow = Math.max(settledBelow, block.lastFinishTime.get(tx));
      assertTrue(
          lastValidated[tx] > mustFollow,
          what + ": tx " + tx + " last validated at " + lastValidated[tx] + ", before " + mustFollow);
      settledBelow =
          Math.max(
              settledBelow,
              Math.max(block.lastAbortTime.get(tx), block.lastNewLocationTime.get(tx)));
    }
  }
}
