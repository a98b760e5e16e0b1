package dev.multilane.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random blocks of mock transactions over {@code Integer → Long} state, built so that a parallel
 * run has every chance to go wrong: what a transaction reads decides which keys it reads next,
 * which keys it writes and what it writes, so read and write sets change between incarnations;
 * some transactions only add deltas to a hot key, others read that key; some read back their own
 * writes; pair writers keep keys -1 and -2 equal and pair checkers throw when they see them
 * differ, which only a speculative (torn) read can. Each task is a pure function of its seed and
 * of the values it reads, so the sequential run is the oracle.
 *
 * <p>Key 0 is the hot key. Keys 0..keys-1 are general; -1 and -2 belong to the pair.
 */
final class MockBlocks {

  static final int HOT = 0;
  static final int PAIR_A = -1;
  static final int PAIR_B = -2;

  private MockBlocks() {}

  /** Base state: a fixed function of the key; both pair keys start equal. */
  static final Storage<Integer, Long> STORAGE =
      key -> key < 0 ? 42L : mix(key * 0x9E37_79B9L + 7);

  static List<TxTask<Integer, Long, Long>> randomBlock(long seed, int txs, int keys) {
    Random random = new Random(seed);
    List<TxTask<Integer, Long, Long>> block = new ArrayList<>(txs);
    for (int i = 0; i < txs; i++) {
      long txSeed = random.nextLong();
      int kind = random.nextInt(100);
      block.add(
          kind < 40 ? readWrite(txSeed, keys)
              : kind < 55 ? deltaOnly(txSeed)
              : kind < 65 ? readThenAdd(txSeed, keys)
              : kind < 75 ? hotReader(txSeed, keys)
              : kind < 85 ? pairWriter(txSeed, keys)
              : kind < 93 ? pairChecker()
              : chain(keys));
    }
    return block;
  }

  /** Every transaction only adds to the hot key: must run without a single conflict. */
  static List<TxTask<Integer, Long, Long>> deltaOnlyBlock(long seed, int txs) {
    Random random = new Random(seed);
    List<TxTask<Integer, Long, Long>> block = new ArrayList<>(txs);
    for (int i = 0; i < txs; i++) {
      block.add(deltaOnly(random.nextLong()));
    }
    return block;
  }

  /** The value, or null when the read hit an ESTIMATE (the task then returns at once). */
  static Long get(TxView<Integer, Long> view, int key) {
    return switch (view.read(key)) {
      case ReadResult.Value<Long>(Long value) -> value;
      case ReadResult.Dependency<Long> d -> null;
    };
  }

  /**
   * Reads 1-5 keys, each chosen from the previous value; writes 0-3 keys chosen from the hash of
   * what it read; sometimes reads its own write back or adds a delta and reads the sum.
   */
  static TxTask<Integer, Long, Long> readWrite(long txSeed, int keys) {
    return (txIndex, incarnation, view) -> {
      Random r = new Random(txSeed);
      long h = txSeed;
      int key = r.nextInt(keys);
      int reads = 1 + r.nextInt(3);
      for (int i = 0; i < reads; i++) {
        Long v = get(view, key);
        if (v == null) {
          return null;
        }
        h = mix(h ^ v);
        if ((v & 3) == 0) {
          reads = Math.min(reads + 1, 5); // how much it reads depends on what it read
        }
        key = (int) Math.floorMod(v ^ r.nextLong(), (long) keys);
        Chaos.perturb();
      }
      int writes = (int) Math.floorMod(h, 4L);
      for (int j = 0; j < writes; j++) {
        int target = (int) Math.floorMod(h + r.nextInt(1 << 20), (long) keys);
        view.write(target, mix(h + j));
        if (r.nextInt(3) == 0) {
          Long own = get(view, target); // own write: never a dependency
          h = mix(h ^ own);
        }
      }
      if (r.nextInt(4) == 0) {
        int target = (int) Math.floorMod(h, (long) keys);
        view.add(target, new LongAdd(h & 0xFFFF));
        if (r.nextBoolean()) {
          Long sum = get(view, target); // reads below, then applies the own delta
          if (sum == null) {
            return null;
          }
          h = mix(h ^ sum);
        }
      }
      return h;
    };
  }

  /** Adds to the hot key (and sometimes to key 1) without reading. */
  static TxTask<Integer, Long, Long> deltaOnly(long txSeed) {
    long amount = 1 + Math.floorMod(txSeed, 1000L);
    boolean twice = (txSeed & 0x100) != 0;
    return (txIndex, incarnation, view) -> {
      view.add(HOT, new LongAdd(amount));
      if (twice) {
        view.add(HOT, new LongAdd(amount * 3)); // combined with the first in the write buffer
      }
      Chaos.perturb();
      return amount;
    };
  }

  /** Reads one key and adds something derived from it to the hot key. */
  static TxTask<Integer, Long, Long> readThenAdd(long txSeed, int keys) {
    int key = (int) Math.floorMod(txSeed, (long) keys);
    return (txIndex, incarnation, view) -> {
      Long v = get(view, key);
      if (v == null) {
        return null;
      }
      view.add(HOT, new LongAdd(v & 1023));
      return v;
    };
  }

  /** Reads the hot key (resolving every delta below it) and writes a key chosen from it. */
  static TxTask<Integer, Long, Long> hotReader(long txSeed, int keys) {
    return (txIndex, incarnation, view) -> {
      Long v = get(view, HOT);
      if (v == null) {
        return null;
      }
      Chaos.perturb();
      view.write((int) Math.floorMod(v ^ txSeed, (long) keys), mix(v));
      return v;
    };
  }

  /** Writes one value, derived from a read, to both pair keys, in a random order. */
  static TxTask<Integer, Long, Long> pairWriter(long txSeed, int keys) {
    int key = (int) Math.floorMod(txSeed >>> 8, (long) keys);
    boolean aFirst = (txSeed & 1) == 0;
    return (txIndex, incarnation, view) -> {
      Long v = get(view, key);
      if (v == null) {
        return null;
      }
      long x = mix(v + txSeed);
      view.write(aFirst ? PAIR_A : PAIR_B, x);
      Chaos.perturb();
      view.write(aFirst ? PAIR_B : PAIR_A, x);
      return x;
    };
  }

  /**
   * Reads both pair keys and throws if they differ: never in a sequential run, often in a
   * speculative one (the two keys read from different writers). Must never surface.
   */
  static TxTask<Integer, Long, Long> pairChecker() {
    return (txIndex, incarnation, view) -> {
      Long a = get(view, PAIR_A);
      if (a == null) {
        return null;
      }
      Chaos.perturb();
      Long b = get(view, PAIR_B);
      if (b == null) {
        return null;
      }
      if (!a.equals(b)) {
        throw new IllegalStateException("torn pair " + a + " != " + b);
      }
      return a;
    };
  }

  /** Reads key 1 (or 0) and writes it back incremented: a dependency chain through the block. */
  static TxTask<Integer, Long, Long> chain(int keys) {
    int key = keys > 1 ? 1 : 0;
    return (txIndex, incarnation, view) -> {
      Long v = get(view, key);
      if (v == null) {
        return null;
      }
      view.write(key, v + 1);
      return v;
    };
  }

  /** splitmix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
