package dev.multilane.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The view of one incarnation in the parallel executor: reads resolve against multi-version
 * memory (falling back to storage) and are recorded with their {@link ReadOrigin} for validation;
 * the first read of a key is cached so the incarnation sees one value per key. An ESTIMATE makes
 * the view blocked for good: that and every later read return the same {@link
 * ReadResult.Dependency}, and the executor parks the transaction instead of recording anything.
 *
 * <p>Confined to the worker thread running the incarnation.
 */
final class SpeculativeTxView<K, V> extends BufferedTxView<K, V> {

  private static final int NOT_BLOCKED = -1;

  private final MultiVersionMemory<K, V> memory;
  private final Storage<K, V> storage;
  private final int txIndex;
  private final ReadSet<K> reads = new ReadSet<>();
  private final Map<K, ReadResult.Value<V>> seen = new HashMap<>();
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
    ReadResult.Value<V> cached = seen.get(key);
    if (cached != null) {
      return cached;
    }
    return switch (memory.resolve(key, txIndex)) {
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
        reads.add(key, resolved.origin()); // first read of key: seen did not have it
        seen.put(key, result);
        yield result;
      }
    };
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
