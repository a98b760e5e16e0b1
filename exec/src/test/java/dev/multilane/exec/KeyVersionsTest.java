package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyVersionsTest {

  private static MvEntry<Long> written(int incarnation, long value) {
    return new MvEntry.Written<>(incarnation, value);
  }

  private static MvEntry<Long> added(int incarnation, long amount) {
    return new MvEntry.Added<>(incarnation, new LongAdd(amount));
  }

  /**
   * Random puts (values, deltas, ESTIMATEs) and removes, in one thread, against a TreeMap: every
   * lowerEntry and lowerFullEntry agrees. Block sizes from 1 to 9,000 transactions, so that keys
   * span one chunk of the table, several, and more than 64 chunks (two words of chunk bits).
   */
  @Test
  void behavesLikeASortedMap() {
    Random random = new Random(7);
    int[] sizes = {1, 2, 3, 40, 64, 65, 200, 4_096, 4_097, 9_000};
    for (int round = 0; round < 200; round++) {
      int txs = sizes[round % sizes.length];
      KeyVersions<Long> versions = new KeyVersions<>();
      TreeMap<Integer, MvEntry<Long>> reference = new TreeMap<>();
      // Writers cluster in a window somewhere in the block, as a pool's swaps do, or spread out.
      int window = 1 + random.nextInt(Math.min(txs, random.nextBoolean() ? 3 : 300));
      int offset = random.nextInt(txs - window + 1);
      int spread = random.nextInt(4) == 0 ? txs : window;
      for (int op = 0; op < 100; op++) {
        int tx = spread == txs ? random.nextInt(txs) : offset + random.nextInt(window);
        if (random.nextInt(3) == 0) {
          versions.remove(tx);
          reference.remove(tx);
        } else {
          int kind = random.nextInt(5);
          MvEntry<Long> entry = kind == 0 ? MvEntry.estimate()
              : kind == 1 ? added(op, random.nextInt(100)) : written(op, random.nextLong());
          versions.put(tx, entry, txs);
          reference.put(tx, entry);
        }
        assertEquals(reference.isEmpty(), versions.isEmpty(), "isEmpty after op " + op);
        for (int i = 0; i < 40; i++) {
          int below = i == 0 ? txs : i == 1 ? Integer.MAX_VALUE : random.nextInt(txs + 1);
          assertSame(reference.lowerEntry(below), versions.lowerEntry(below), "lowerEntry(" + below + ")");
          Map.Entry<Integer, MvEntry<Long>> full = reference.lowerEntry(below);
          while (full != null && full.getValue() instanceof MvEntry.Added<Long>) {
            full = reference.lowerEntry(full.getKey());
          }
          assertSame(full, versions.lowerFullEntry(below), "lowerFullEntry(" + below + ")");
        }
      }
    }
  }

  private static void assertSame(
      Map.Entry<Integer, MvEntry<Long>> expected, KeyVersions.Entry<Long> actual, String what) {
    if (expected == null) {
      assertNull(actual, what);
    } else {
      assertEquals(expected.getKey(), actual == null ? null : actual.tx(), what + " tx");
      assertEquals(expected.getValue(), actual.value(), what + " value");
    }
  }

  /**
   * Threads that each own one transaction index write, rewrite and remove their entries while the
   * key moves from one entry to many; a reader meanwhile only ever sees entries some owner wrote.
   * At the end every owner's last action shows.
   */
  @Test
  void concurrentOwnersKeepTheirLastWrite() throws Exception {
    for (int round = 0; round < 50; round++) {
      KeyVersions<Long> versions = new KeyVersions<>();
      int owners = 4;
      CountDownLatch start = new CountDownLatch(1);
      boolean[] keeps = new boolean[owners];
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread[] threads = new Thread[owners + 1];
      for (int t = 0; t < owners; t++) {
        int tx = t;
        Random random = new Random(round * 31L + t);
        keeps[t] = random.nextBoolean();
        threads[t] = Thread.ofPlatform().start(() -> {
          try {
            start.await();
            for (int i = 0; i < 2_000; i++) {
              if (random.nextInt(4) == 0) {
                versions.remove(tx);
              } else {
                versions.put(tx, written(i, tx * 1_000_000L + i), owners);
              }
            }
            if (keeps[tx]) {
              versions.put(tx, written(-1, tx), owners);
            } else {
              versions.remove(tx);
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
      }
      threads[owners] = Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int i = 0; i < 20_000; i++) {
            KeyVersions.Entry<Long> e = versions.lowerEntry(owners);
            if (e != null && e.value() instanceof MvEntry.Written<Long>(int inc, Long value)) {
              long expected = inc == -1 ? e.tx() : e.tx() * 1_000_000L + inc;
              assertEquals(expected, value, "a reader saw an entry together with another's value");
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
      boolean any = false;
      for (int tx = 0; tx < owners; tx++) {
        KeyVersions.Entry<Long> e = versions.lowerEntry(tx + 1);
        boolean present = e != null && e.tx() == tx;
        assertEquals(keeps[tx], present, "round " + round + ": tx " + tx + "'s last action");
        any |= keeps[tx];
      }
      assertEquals(!any, versions.isEmpty());
    }
  }
}
