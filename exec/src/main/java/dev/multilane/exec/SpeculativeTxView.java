package dev.multilane.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The view of one incarnation in the parallel executor: reads resolve against multi-version
 * memory (falling back to storage) and are recorded with their {@link ReadOrigin} for validation;
 * the first read of a key is cached so the incarnation sees one value per key. Most transactions
 * read a handful of keys, so the cache is a scan of the read set until it holds {@link
 * #SCAN_LIMIT} keys, and a hash map only beyond. An ESTIMATE makes
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
  /** Index of the reads once there are more than {@link #SCAN_LIMIT}; null before. */
  private Map<K, ReadResult.Value<V>> seen;
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
    ReadResult.Value<V> cached = seen(key);
    if (cached != null) {
      return cached;
    }
    KeyVersions<V> versions = memory.versionsOf(key);
    return switch (memory.resolveIn(versions, txIndex)) {
      case Resolution.Blocked<V>(int blocker) -> {
        blockedOn = blocker;
        yield new ReadResult.Dependency<>(blocker);
      }
      case Resolution.Resolved<V> resolved -> {
        V value = resolved.value(resolved.fromStorage() ? storage.read(key) : null);
        if (value == null) {
          throw new NullPointerException("storage returned null for " + key);
        }
        ReadResult.Value<V> result = new ReadResult.Value<>(value);
        remember(key, resolved.origin(), versions, result); // first read of key
        yield result;
      }
    };
  }

  private ReadResult.Value<V> seen(K key) {
    if (seen != null) {
      return seen.get(key);
    }
    for (int i = 0; i < reads.size(); i++) {
      if (reads.key(i).equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  private void remember(
      K key, ReadOrigin origin, Object versions, ReadResult.Value<V> result) {
    int i = reads.size();
    reads.add(key, origin, versions);
    if (seen != null) {
      seen.put(key, result);
      return;
    }
    if (i == values.length) {
      values = java.util.Arrays.copyOf(values, i * 2);
    }
    values[i] = result;
    if (reads.size() > SCAN_LIMIT) {
      seen = HashMap.newHashMap(2 * SCAN_LIMIT);
      for (int j = 0; j < reads.size(); j++) {
        seen.put(reads.key(j), values[j]);
      }
      values = null; // the map holds them from now on
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
