package dev.multilane.exec;

/**
 * A version names what a read saw: one incarnation of one transaction, (txIndex, incarnation),
 * packed into a long so that read sets hold no extra object per read; or {@link #STORAGE}, the
 * block's base state. Two reads with equal versions saw the same value, because an incarnation
 * writes each key at most once (its write set is recorded whole, after it finished).
 */
final class Version {

  /** The base storage, below every transaction. */
  static final long STORAGE = -1L;

  private Version() {}

  static long of(int txIndex, int incarnation) {
    return ((long) txIndex << 32) | (incarnation & 0xFFFF_FFFFL);
  }

  static int txIndex(long version) {
    return (int) (version >> 32);
  }

  static int incarnation(long version) {
    return (int) version;
  }

  static String toString(long version) {
    return version == STORAGE
        ? "storage"
        : "(" + txIndex(version) + "," + incarnation(version) + ")";
  }
}
