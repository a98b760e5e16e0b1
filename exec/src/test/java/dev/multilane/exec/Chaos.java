package dev.multilane.exec;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random scheduling noise for concurrency tests: sprinkled between steps, it makes threads
 * interleave at different points on every run, the poor man's jcstress on a 2-core machine.
 * Never affects what a deterministic task computes.
 */
final class Chaos {

  private Chaos() {}

  static void perturb() {
    int r = ThreadLocalRandom.current().nextInt(32);
    if (r == 0) {
      Thread.yield();
    } else if (r < 6) {
      for (int i = r * 8; i > 0; i--) {
        Thread.onSpinWait();
      }
    }
  }

  /** Whether the long variants of the tests were asked for ({@code -Dmultilane.longTests=true}). */
  static boolean longTests() {
    return Boolean.getBoolean("multilane.longTests");
  }
}
