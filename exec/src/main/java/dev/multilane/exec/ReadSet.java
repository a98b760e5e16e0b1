package dev.multilane.exec;

import java.util.Arrays;
import java.util.Map;

/**
 * The reads of one incarnation: each key it read from below, with the {@link ReadOrigin} it saw
 * and, when the read came through a view, the key's version map in multi-version memory, in the
 * order it read them. An array instead of a map: the view already deduplicates keys (a key
 * is read from below once per incarnation), and validation only iterates, so a hash table per
 * execution would be allocation and hashing for nothing. The version map saves validation a hash
 * lookup per read in a table of every key of the block (a cache miss, mostly).
 *
 * <p>Built by the worker running the incarnation, then published by {@link
 * MultiVersionMemory#record} (volatile set) and never changed again; validators only read it.
 */
final class ReadSet<K> {

  /** Key, origin and version map of each read, side by side: one array to allocate and walk. */
  private static final int STRIDE = 3;

  @SuppressWarnings("rawtypes")
  static final ReadSet EMPTY = new ReadSet<>();

  private Object[] reads = new Object[STRIDE * 8];
  private int size;

  /**
   * Appends a read; the caller makes sure each key is added at most once, except that a key read
   * {@linkplain TxView#readWithoutDeltas without deltas} and then in full has both reads.
   */
  void add(K key, ReadOrigin origin) {
    add(key, origin, null);
  }

  /**
   * Appends a read with the key's version map ({@link MultiVersionMemory#versionsOf}), or null to
   * have validation look it up.
   */
  void add(K key, ReadOrigin origin, Object keyVersions) {
    int at = size * STRIDE;
    if (at == reads.length) {
      reads = Arrays.copyOf(reads, reads.length * 2);
    }
    reads[at] = key;
    reads[at + 1] = origin;
    reads[at + 2] = keyVersions;
    size++;
  }

  int size() {
    return size;
  }


  @SuppressWarnings("unchecked")
  K key(int i) {
    return (K) reads[i * STRIDE];
  }

  ReadOrigin origin(int i) {
    return (ReadOrigin) reads[i * STRIDE + 1];
  }

  /** Read sets up to this size are scanned by {@link #versionsOf}; larger ones are not. */
  private static final int SCAN_LIMIT = 16;

  /**
   * The version map kept with a read of {@code key}, or null when there is none or the read set
   * is too large to scan (then the caller looks the key up itself).
   */
  Object versionsOf(Object key) {
    if (size > SCAN_LIMIT) {
      return null;
    }
    for (int at = 0; at < size * STRIDE; at += STRIDE) {
      if (reads[at + 2] != null && reads[at].equals(key)) {
        return reads[at + 2];
      }
    }
    return null;
  }

  /** The version map of read {@code i}'s key, or null when the read did not keep it. */
  Object versions(int i) {
    return reads[i * STRIDE + 2];
  }

  /** A read set from a map (tests, and callers that build reads by hand). */
  static <K> ReadSet<K> of(Map<K, ReadOrigin> reads) {
    ReadSet<K> set = new ReadSet<>();
    for (Map.Entry<K, ReadOrigin> read : reads.entrySet()) {
      set.add(read.getKey(), read.getValue());
    }
    return set;
  }
}
