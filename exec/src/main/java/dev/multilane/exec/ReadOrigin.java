package dev.multilane.exec;

import java.util.Arrays;

/**
 * Where the value of one read came from: the version of the full value at the bottom (a
 * transaction's write, or {@link Version#STORAGE}) and the versions of the deltas above it that
 * were applied, lowest first. Validation re-resolves the key and compares origins: equal origins
 * mean equal values, so the read is still what a sequential run would see.
 *
 * @param base version of the full value
 * @param deltas versions of the applied deltas, in ascending transaction order; never null
 */
record ReadOrigin(long base, long[] deltas) {

  private static final long[] NO_DELTAS = new long[0];

  /** A read of the base storage with nothing above it: the most common origin, shared. */
  static final ReadOrigin STORAGE = new ReadOrigin(Version.STORAGE, NO_DELTAS);

  static ReadOrigin of(long base) {
    return base == Version.STORAGE ? STORAGE : new ReadOrigin(base, NO_DELTAS);
  }

  static ReadOrigin of(long base, long[] deltas) {
    return deltas.length == 0 ? of(base) : new ReadOrigin(base, deltas);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadOrigin(long b, long[] d) && b == base && Arrays.equals(d, deltas);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(base) * 31 + Arrays.hashCode(deltas);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(Version.toString(base));
    for (long d : deltas) {
      s.append(" + delta").append(Version.toString(d));
    }
    return s.toString();
  }
}
