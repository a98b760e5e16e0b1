package dev.multilane.exec;

import java.util.Arrays;
import java.util.Map;

/**
 * The reads of one incarnation: each key it read from below, with the {@link ReadOrigin} it saw,
 * in the order it read them. Two parallel arrays instead of a map: the view already deduplicates
 * keys (a key is read from below once per incarnation), and validation only iterates, so a hash
 * table per execution would be allocation and hashing for nothing.
 *
 * <p>Built by the worker running the incarnation, then published by {@link
 * MultiVersionMemory#record} (volatile set) and never changed again; validators only read it.
 */
final class ReadSet<K> {

  private static final Object[] NO_KEYS = new Object[0];
  private static final ReadOrigin[] NO_ORIGINS = new ReadOrigin[0];

  @SuppressWarnings("rawtypes")
  static final ReadSet EMPTY = new ReadSet<>();

  private Object[] keys = NO_KEYS;
  private ReadOrigin[] origins = NO_ORIGINS;
  private int size;

  /** Appends a read; the caller makes sure each key is added at most once. */
  void add(K key, ReadOrigin origin) {
    if (size == keys.length) {
      int capacity = Math.max(8, size * 2);
      keys = Arrays.copyOf(keys, capacity);
      origins = Arrays.copyOf(origins, capacity);
    }
    keys[size] = key;
    origins[size] = origin;
    size++;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  K key(int i) {
    return (K) keys[i];
  }

  ReadOrigin origin(int i) {
    return origins[i];
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
