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

  /** Random puts and removes, in one thread, against a TreeMap: every lowerEntry agrees. */
  @Test
  void behavesLikeASortedMap() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      KeyVersions<Long> versions = new KeyVersions<>();
      TreeMap<Integer, MvEntry<Long>> reference = new TreeMap<>();
      int txs = 1 + random.nextInt(round < 100 ? 3 : 40); // few writers first: the single-entry state
      for (int op = 0; op < 100; op++) {
        int tx = random.nextInt(txs);
        if (random.nextInt(3) == 0) {
          versions.remove(tx);
          reference.remove(tx);
        } else {
          MvEntry<Long> entry = random.nextInt(5) == 0 ? MvEntry.estimate() : written(op, random.nextLong());
          versions.put(tx, entry);
          reference.put(tx, entry);
        }
        assertEquals(reference.isEmpty(), versions.isEmpty(), "isEmpty after op " + op);
        for (int below = 0; below <= txs; below++) {
          Map.Entry<Integer, MvEntry<Long>> expected = reference.lowerEntry(below);
          Map.Entry<Integer, MvEntry<Long>> actual = versions.lowerEntry(below);
          if (expected == null) {
            assertNull(actual, "lowerEntry(" + below + ")");
          } else {
            assertEquals(expected.getKey(), actual.getKey(), "lowerEntry(" + below + ") key");
            assertEquals(expected.getValue(), actual.getValue(), "lowerEntry(" + below + ") value");
          }
        }
      }
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
                versions.put(tx, written(i, tx * 1_000_000L + i));
              }
            }
            if (keeps[tx]) {
              versions.put(tx, written(-1, tx));
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
            Map.Entry<Integer, MvEntry<Long>> e = versions.lowerEntry(owners);
            if (e != null && e.getValue() instanceof MvEntry.Written<Long>(int inc, Long value)) {
              long expected = inc == -1 ? e.getKey() : e.getKey() * 1_000_000L + inc;
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
        Map.Entry<Integer, MvEntry<Long>> e = versions.lowerEntry(tx + 1);
        boolean present = e != null && e.getKey() == tx;
        assertEquals(keeps[tx], present, "round " + round + ": tx " + tx + "'s last action");
        any |= keeps[tx];
      }
      assertEquals(!any, versions.isEmpty());
    }
  }
}
