package dev.multilane.exec;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's bookkeeping per transaction, one thread, no task work: next_task, execute
 * (nothing), finish_execution, validate (nothing), finish_validation, until the block is done.
 * The score is the time per transaction, the floor under Block-STM's cost per transaction. With
 * {@code abortEvery} the cycle also aborts one validation in that many and re-executes it. In the
 * exec package (in the bench module) because the scheduler is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Thread)
public class SchedulerBenchmark {

  private static final int TXS = 10_000;

  @Benchmark
  @OperationsPerInvocation(TXS)
  public int cycleWithoutAborts() {
    return runBlock(0);
  }

  @Benchmark
  @OperationsPerInvocation(TXS)
  public int cycleAbortingOneInTen() {
    return runBlock(10);
  }

  /** Drives a fresh scheduler to done the way a worker does; returns the tasks handed out. */
  private static int runBlock(int abortEvery) {
    Scheduler scheduler = new Scheduler(TXS);
    int tasks = 0;
    SchedulerTask task = null;
    while (!scheduler.done()) {
      if (task == null) {
        task = scheduler.nextTask();
        if (task == null) {
          continue;
        }
      }
      tasks++;
      if (task.kind() == SchedulerTask.Kind.EXECUTE) {
        task = scheduler.finishExecution(task.txIndex(), task.incarnation(), false);
      } else {
        boolean abort =
            abortEvery > 0 && task.incarnation() == 0 && task.txIndex() % abortEvery == 0;
        boolean aborted = abort && scheduler.tryValidationAbort(task.txIndex(), task.incarnation());
        task = scheduler.finishValidation(task.txIndex(), aborted);
      }
    }
    return tasks;
  }
}
