package dev.multilane.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The view of one incarnation in the parallel executor: reads resolve against multi-version
 * memory (falling back to storage) and are recorded with their {@link ReadOrigin} for validation;
 * the first read of a key is cached so the incarnation sees one value per key. Most transactions
 * read a handful of keys, so the cache is a scan of the read set until it holds {@link
 * #SCAN_LIMIT} keys, and a hash map only beyond. A key first read without deltas and then in full
 * has two reads in the read set, both validated; lookups then find the full one. An ESTIMATE makes
 * the view blocked for good: that and every later read return the same {@link
 * ReadResult.Dependency}, and the executor parks the transaction instead of recording anything.
 *
 * <p>Confined to the worker thread running the incarnation.
 */
final class SpeculativeTxView<K, V> extends BufferedTxView<K, V> {

  private static final int NOT_BLOCKED = -1;
  /** Reads kept in arrays and found by a scan; past this, a hash map indexes them. */
  private static final int SCAN_LIMIT = 16;

  private final MultiVersionMemory<K, V> memory;
  private final Storage<K, V> storage;
  private final int txIndex;
  private final ReadSet<K> reads = new ReadSet<>();
  /** The value of read i of {@code reads}, as returned to the task. */
  private ReadResult.Value<V>[] values = newValues(8);
  /** Whether read i ignored deltas ({@link #readBeforeWithoutDeltas}); null until one does. */
  private boolean[] partial;
  /** Position of each key in the reads once there are more than {@link #SCAN_LIMIT}; null before. */
  private Map<K, Integer> seen;
  private int blockedOn = NOT_BLOCKED;

  SpeculativeTxView(MultiVersionMemory<K, V> memory, Storage<K, V> storage, int txIndex) {
    this.memory = memory;
    this.storage = storage;
    this.txIndex = txIndex;
  }

  @Override
  protected ReadResult<V> readBefore(K key) {
    if (blockedOn != NOT_BLOCKED) {
      return new ReadResult.Dependency<>(blockedOn);
    }
    int i = indexOf(key);
    if (i >= 0 && !partial(i)) {
      return values[i];
    }
    // First read of the key, or the first full read after one without deltas.
    KeyVersions<V> versions = memory.versionsOf(key);
    return switch (memory.resolveIn(versions, txIndex)) {
      case Resolution.Blocked<V>(int blocker) -> {
        blockedOn = blocker;
        yield new ReadResult.Dependency<>(blocker);
      }
      case Resolution.Resolved<V> resolved -> {
        ReadResult.Value<V> result = valueOf(key, resolved);
        if (i >= 0) {
          // The task used the partial value and now uses this one: both reads stay in the read
          // set, since a full value may have landed below in between, and validation must see
          // the first too. The key's entry now answers with the full value.
          values[i] = result;
          partial[i] = false;
        }
        remember(key, resolved.origin(), versions, result, false);
        yield result;
      }
    };
  }

  @Override
  protected ReadResult<V> readBeforeWithoutDeltas(K key) {
    if (blockedOn != NOT_BLOCKED) {
      return new ReadResult.Dependency<>(blockedOn);
    }
    int i = indexOf(key);
    if (i >= 0) {
      return values[i]; // full or not, it carries the full write's part the caller uses
    }
    KeyVersions<V> versions = memory.versionsOf(key);
    return switch (memory.resolveWithoutDeltasIn(versions, txIndex)) {
      case Resolution.Blocked<V>(int blocker) -> {
        blockedOn = blocker;
        yield new ReadResult.Dependency<>(blocker);
      }
      case Resolution.Resolved<V> resolved -> {
        ReadResult.Value<V> result = valueOf(key, resolved);
        remember(key, resolved.origin(), versions, result, true);
        yield result;
      }
    };
  }

  private ReadResult.Value<V> valueOf(K key, Resolution.Resolved<V> resolved) {
    V value = resolved.value(resolved.fromStorage() ? storage.read(key) : null);
    if (value == null) {
      throw new NullPointerException("storage returned null for " + key);
    }
    return new ReadResult.Value<>(value);
  }

  /** The position of {@code key} in the read set, or -1. */
  private int indexOf(K key) {
    if (seen != null) {
      Integer i = seen.get(key);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < reads.size(); i++) {
      if (reads.key(i).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private boolean partial(int i) {
    return partial != null && partial[i];
  }

  private void remember(
      K key, ReadOrigin origin, Object versions, ReadResult.Value<V> result, boolean withoutDeltas) {
    int i = reads.size();
    reads.add(key, origin, versions);
    if (i == values.length) {
      values = java.util.Arrays.copyOf(values, i * 2);
      if (partial != null) {
        partial = java.util.Arrays.copyOf(partial, i * 2);
      }
    }
    values[i] = result;
    if (withoutDeltas) {
      if (partial == null) {
        partial = new boolean[values.length];
      }
      partial[i] = true;
    }
    if (seen != null) {
      seen.put(key, i);
    } else if (reads.size() > SCAN_LIMIT) {
      seen = HashMap.newHashMap(4 * SCAN_LIMIT);
      for (int j = 0; j < reads.size(); j++) {
        seen.put(reads.key(j), j);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> ReadResult.Value<V>[] newValues(int n) {
    return (ReadResult.Value<V>[]) new ReadResult.Value<?>[n];
  }

  @Override
  public boolean blocked() {
    return blockedOn != NOT_BLOCKED;
  }

  /** The transaction this incarnation waits for, or -1. */
  int blockedOn() {
    return blockedOn;
  }

  /** Where every value this incarnation read came from; handed to memory at record time. */
  ReadSet<K> readSet() {
    return reads;
  }
}
