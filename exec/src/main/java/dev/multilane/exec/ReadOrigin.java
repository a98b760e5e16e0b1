package dev.multilane.exec;

import java.util.Arrays;

/**
 * Where the value of one read came from: the version of the full value at the bottom (a
 * transaction's write, or {@link Version#STORAGE}) and the versions of the deltas above it that
 * were applied, lowest first. Validation re-resolves the key and compares origins: equal origins
 * mean equal values, so the read is still what a sequential run would see.
 *
 * <p>A read {@linkplain TxView#readWithoutDeltas without deltas} has the marker {@link
 * #WITHOUT_DELTAS} as its delta array: it saw only the full value, and stays valid as long as that
 * full value does, whatever deltas come and go above it.
 *
 * @param base version of the full value
 * @param deltas versions of the applied deltas, in ascending transaction order; never null
 */
record ReadOrigin(long base, long[] deltas) {

  private static final long[] NO_DELTAS = new long[0];
  /** The delta array of a read that ignored deltas; told apart from NO_DELTAS by identity. */
  private static final long[] WITHOUT_DELTAS = new long[0];

  /** A read of the base storage with nothing above it: the most common origin, shared. */
  static final ReadOrigin STORAGE = new ReadOrigin(Version.STORAGE, NO_DELTAS);

  private static final ReadOrigin STORAGE_WITHOUT_DELTAS = new ReadOrigin(Version.STORAGE, WITHOUT_DELTAS);

  /** A read of the full value at {@code base} that ignored any deltas above it. */
  static ReadOrigin withoutDeltas(long base) {
    return base == Version.STORAGE ? STORAGE_WITHOUT_DELTAS : new ReadOrigin(base, WITHOUT_DELTAS);
  }

  /** Whether this read ignored the deltas above its full value (validation does too). */
  boolean ignoresDeltas() {
    return deltas == WITHOUT_DELTAS;
  }

  static ReadOrigin of(long base) {
    return base == Version.STORAGE ? STORAGE : new ReadOrigin(base, NO_DELTAS);
  }

  static ReadOrigin of(long base, long[] deltas) {
    return deltas.length == 0 ? of(base) : new ReadOrigin(base, deltas);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadOrigin(long b, long[] d)
        && b == base
        && (d == WITHOUT_DELTAS) == (deltas == WITHOUT_DELTAS)
        && Arrays.equals(d, deltas);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(base) * 31 + Arrays.hashCode(deltas) + (ignoresDeltas() ? 1 : 0);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(Version.toString(base));
    if (ignoresDeltas()) {
      s.append(" (deltas ignored)");
    }
    for (long d : deltas) {
      s.append(" + delta").append(Version.toString(d));
    }
    return s.toString();
  }
}
