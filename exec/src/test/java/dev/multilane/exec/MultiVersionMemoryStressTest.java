package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Concurrency stress test of {@link MultiVersionMemory} (a JUnit harness in place of jcstress:
 * many threads, many iterations, random interleavings from {@link Chaos}). As in Block-STM, each
 * transaction has one owner at a time: thread t owns transactions i ≡ t (mod THREADS) and is the
 * only one to record them or turn their writes into ESTIMATEs. Every value written encodes the
 * version that wrote it (a Put of tx i incarnation n holds {@code Version.of(i, n)}, a delta adds
 * that number), so any read can be checked for internal consistency.
 *
 * <p>Checked while running: every resolution of a shared key is well formed (blocker and writers
 * below the reader, deltas in ascending order above the base, each value equal to its version);
 * resolutions of a thread's private keys, which only it writes, equal its own model exactly; a
 * read set of private keys validates right after it is recorded. Checked at the end: every
 * (key, reader) resolves exactly as the merged models say, and so do the final values.
 */
class MultiVersionMemoryStressTest {

  private static final int THREADS = 4;
  private static final int TXS = 48;
  private static final int SHARED_KEYS = 4;
  private static final int PRIVATE_KEYS = 3;
  private static final Storage<Integer, Long> STORAGE = key -> -7L;

  /** What one owned transaction last recorded, and whether it is now ESTIMATEs. */
  private static final class TxModel {
    int incarnation = -1;
    Map<Integer, WriteOp<Long>> writes = Map.of();
    boolean estimated;
  }

  private static int privateKey(int thread, int k) {
    return 100 + thread * 10 + k;
  }

  @Test
  void concurrentRecordsEstimatesReadsAndValidations() throws Exception {
    int iterations = Chaos.longTests() ? 5_000_000 : 300_000;
    MultiVersionMemory<Integer, Long> memory = new MultiVersionMemory<>(TXS);
    TxModel[] models = new TxModel[TXS];
    for (int i = 0; i < TXS; i++) {
      models[i] = new TxModel();
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  run(thread, iterations, memory, models);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("a stress thread failed", failure.get());
    }

    // Quiescent: the memory must be exactly the union of the owners' models.
    for (int key : allKeys()) {
      for (int reader = 0; reader <= TXS; reader++) {
        assertEquals(
            modelResolve(models, key, reader, -1),
            describe(memory.resolve(key, reader)),
            "key " + key + " read by tx " + reader);
      }
    }
    for (int i = 0; i < TXS; i++) {
      if (models[i].estimated) { // clear the ESTIMATEs as a re-execution would
        models[i].incarnation++;
        models[i].writes = rewrite(models[i].writes, i, models[i].incarnation);
        memory.record(i, models[i].incarnation, Map.of(), models[i].writes);
        models[i].estimated = false;
      }
    }
    Map<Integer, Long> expected = new HashMap<>();
    for (int key : allKeys()) {
      String resolved = modelResolve(models, key, TXS, -1);
      boolean written = false;
      for (TxModel m : models) {
        written |= m.writes.containsKey(key);
      }
      if (written) {
        expected.put(key, Long.parseLong(resolved.substring(resolved.lastIndexOf('=') + 1)));
      }
    }
    assertEquals(expected, memory.finalValues(STORAGE));
    // The commit's split by last writer must give the same keys, each exactly once.
    Map<Integer, Long> byOwner = new HashMap<>();
    for (int tx = 0; tx < TXS; tx++) {
      memory.finalWritesOf(
          tx, TXS, STORAGE, (key, value) -> assertEquals(null, byOwner.put(key, value), "twice: " + key));
    }
    assertEquals(expected, byOwner);
  }

  private static List<Integer> allKeys() {
    List<Integer> keys = new ArrayList<>();
    for (int k = 0; k < SHARED_KEYS; k++) {
      keys.add(k);
    }
    for (int t = 0; t < THREADS; t++) {
      for (int k = 0; k < PRIVATE_KEYS; k++) {
        keys.add(privateKey(t, k));
      }
    }
    return keys;
  }

  private static void run(
      int thread, int iterations, MultiVersionMemory<Integer, Long> memory, TxModel[] models) {
    Random random = new Random(thread * 31L + System.nanoTime());
    int owned = TXS / THREADS;
    for (int n = 0; n < iterations; n++) {
      int tx = random.nextInt(owned) * THREADS + thread;
      TxModel model = models[tx];
      int op = random.nextInt(100);
      if (op < 35) {
        Map<Integer, WriteOp<Long>> writes = randomWrites(random, thread, tx, model.incarnation + 1);
        Map<Integer, ReadOrigin> reads = new LinkedHashMap<>();
        for (int k = 0; k < PRIVATE_KEYS; k++) {
          if (memory.resolve(privateKey(thread, k), tx) instanceof Resolution.Resolved<Long> r) {
            reads.put(privateKey(thread, k), r.origin());
          }
        }
        Chaos.perturb();
        memory.record(tx, ++model.incarnation, reads, writes);
        model.writes = writes;
        model.estimated = false;
        assertTrue(memory.validateReadSet(tx), "private reads validate right after recording");
      } else if (op < 45) {
        if (model.incarnation >= 0 && !model.estimated) {
          memory.convertWritesToEstimates(tx);
          model.estimated = true;
        }
      } else if (op < 50) {
        if (model.incarnation >= 0) {
          memory.validateReadSet(tx); // racing with other owners: any answer, but no exception
        }
      } else {
        int reader = random.nextInt(TXS + 1);
        if (random.nextBoolean()) {
          int key = random.nextInt(SHARED_KEYS);
          checkWellFormed(memory.resolve(key, reader), key, reader);
        } else {
          int key = privateKey(thread, random.nextInt(PRIVATE_KEYS));
          assertEquals(
              modelResolve(models, key, reader, thread),
              describe(memory.resolve(key, reader)),
              "private key " + key + " read by tx " + reader);
        }
      }
      Chaos.perturb();
    }
  }

  private static Map<Integer, WriteOp<Long>> randomWrites(
      Random random, int thread, int tx, int incarnation) {
    Map<Integer, WriteOp<Long>> writes = new LinkedHashMap<>();
    long version = Version.of(tx, incarnation);
    for (int key : new int[] {0, 1, 2, 3, privateKey(thread, 0), privateKey(thread, 1),
        privateKey(thread, 2)}) {
      int choice = random.nextInt(3);
      if (choice == 1) {
        writes.put(key, new WriteOp.Put<>(version));
      } else if (choice == 2) {
        writes.put(key, new WriteOp.Add<>(new LongAdd(version)));
      }
    }
    return writes;
  }

  /** The same write kinds, re-encoded for another incarnation. */
  private static Map<Integer, WriteOp<Long>> rewrite(
      Map<Integer, WriteOp<Long>> writes, int tx, int incarnation) {
    long version = Version.of(tx, incarnation);
    Map<Integer, WriteOp<Long>> out = new LinkedHashMap<>();
    writes.forEach(
        (k, op) ->
            out.put(
                k,
                op instanceof WriteOp.Put<Long>
                    ? new WriteOp.Put<>(version)
                    : new WriteOp.Add<>(new LongAdd(version))));
    return out;
  }

  private static void checkWellFormed(Resolution<Long> resolution, int key, int reader) {
    String where = "key " + key + " read by tx " + reader + ": ";
    switch (resolution) {
      case Resolution.Blocked<Long>(int blocker) ->
          assertTrue(blocker >= 0 && blocker < reader, where + "blocked by " + blocker);
      case Resolution.Resolved<Long>(ReadOrigin origin, Long baseValue, List<Delta<Long>> deltas) -> {
        int below = origin.base() == Version.STORAGE ? -1 : Version.txIndex(origin.base());
        assertTrue(below < reader, where + "base " + origin);
        if (origin.base() != Version.STORAGE) {
          assertEquals(origin.base(), baseValue, where + "base value of another version");
        }
        assertEquals(origin.deltas().length, deltas.size(), where + "delta count");
        for (int d = 0; d < deltas.size(); d++) {
          long version = origin.deltas()[d];
          assertTrue(
              Version.txIndex(version) > below && Version.txIndex(version) < reader,
              where + "delta order " + origin);
          below = Version.txIndex(version);
          assertEquals(new LongAdd(version), deltas.get(d), where + "delta of another version");
        }
      }
    }
  }

  /** A resolution as text: "blocked N" or "origin=value". */
  private static String describe(Resolution<Long> resolution) {
    return switch (resolution) {
      case Resolution.Blocked<Long>(int blocker) -> "blocked " + blocker;
      case Resolution.Resolved<Long> r ->
          r.origin() + "=" + r.value(r.fromStorage() ? STORAGE.read(0) : null);
    };
  }

  /**
   * What the models say {@code reader} sees at {@code key}; only transactions owned by {@code
   * owner} when it is not -1 (a thread may read only its own models while others run).
   */
  private static String modelResolve(TxModel[] models, int key, int reader, int owner) {
    List<Long> deltaVersions = new ArrayList<>();
    long base = Version.STORAGE;
    long value = STORAGE.read(key);
    for (int tx = reader - 1; tx >= 0; tx--) {
      if (owner != -1 && tx % THREADS != owner) {
        continue;
      }
      TxModel m = models[tx];
      WriteOp<Long> op = m.writes.get(key);
      if (op == null) {
        continue;
      }
      if (m.estimated) {
        return "blocked " + tx;
      }
      if (op instanceof WriteOp.Put<Long>(Long v)) {
        base = Version.of(tx, m.incarnation);
        value = v;
        break;
      }
      deltaVersions.add(0, Version.of(tx, m.incarnation));
    }
    long[] deltas = deltaVersions.stream().mapToLong(Long::longValue).toArray();
    for (long d : deltas) {
      value += d;
    }
    return ReadOrigin.of(base, deltas) + "=" + value;
  }
}
