package dev.multilane.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Multi-version memory on its own, one thread: the operations a Block-STM worker performs per
 * transaction besides running it. In the exec package (in the bench module) because memory is
 * package-private; nothing here is on the engine's class path at run time.
 *
 * <ul>
 *   <li>{@code readMiss}: a key no transaction wrote (the common read: it goes on to storage);
 *   <li>{@code readOwnWriter}: a key written by one lower transaction;
 *   <li>{@code readThroughDeltas}: a key with a full value under 8 deltas (a fee recipient);
 *   <li>{@code recordThreeWritesAndValidate}: publish an incarnation with 4 reads and 3 writes
 *       (an ERC-20 transfer's shape), then validate its read set.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Thread)
public class MultiVersionMemoryBenchmark {

  private static final int TXS = 10_000;
  private static final long HOT = -1L;
  private static final Storage<Long, Long> STORAGE = key -> 0L;

  private MultiVersionMemory<Long, Long> memory;
  private Long[] keys;
  private Long hot;
  private Long missing;
  private int next;
  private int incarnation;

  /** A block's worth of memory: tx t wrote key t; txs 100..107 added to the hot key over a value of tx 99. */
  @Setup(Level.Iteration)
  public void fill() {
    memory = new MultiVersionMemory<>(TXS);
    keys = new Long[TXS];
    for (int t = 0; t < TXS; t++) {
      keys[t] = (long) t;
      Map<Long, WriteOp<Long>> writes = new LinkedHashMap<>();
      writes.put(keys[t], new WriteOp.Put<>((long) t));
      memory.record(t, 0, ReadSet.<Long>of(Map.of()), writes);
    }
    hot = HOT;
    memory.record(99, 1, ReadSet.<Long>of(Map.of()), Map.of(hot, new WriteOp.Put<>(1L)));
    for (int t = 100; t < 108; t++) {
      memory.record(t, 1, ReadSet.<Long>of(Map.of()), Map.of(hot, new WriteOp.Add<>(new Plus(t))));
    }
    missing = (long) TXS + 1;
    next = 0;
    incarnation = 1;
  }

  @Benchmark
  public Resolution<Long> readMiss() {
    return memory.resolve(missing, 5_000);
  }

  @Benchmark
  public Resolution<Long> readOwnWriter() {
    int t = next++ % (TXS - 1);
    return memory.resolve(keys[t], t + 1);
  }

  @Benchmark
  public Resolution<Long> readThroughDeltas() {
    return memory.resolve(hot, 200);
  }

  @Benchmark
  public boolean recordThreeWritesAndValidate() {
    int t = 1_000 + next++ % 8_000;
    ReadSet<Long> reads = new ReadSet<>();
    reads.add(keys[t - 1], ReadOrigin.of(Version.of(t - 1, 0)));
    reads.add(keys[t - 2], ReadOrigin.of(Version.of(t - 2, 0)));
    reads.add(missing, ReadOrigin.STORAGE);
    reads.add(keys[t - 3], ReadOrigin.of(Version.of(t - 3, 0)));
    Map<Long, WriteOp<Long>> writes = new LinkedHashMap<>();
    writes.put(keys[t], new WriteOp.Put<>((long) t));
    writes.put(keys[t + 1], new WriteOp.Put<>((long) t));
    writes.put(keys[t + 2], new WriteOp.Put<>((long) t));
    memory.record(t, incarnation++, reads, writes);
    return memory.validateReadSet(t);
  }

  /** A commutative addition, as a fee credit is. */
  private record Plus(long amount) implements Delta<Long> {
    @Override
    public Long applyTo(Long base) {
      return base + amount;
    }

    @Override
    public Delta<Long> combine(Delta<Long> later) {
      return new Plus(amount + ((Plus) later).amount);
    }
  }
}
