package dev.multilane.exec;

import java.util.Map;

/**
 * The view of a transaction in {@link SequentialExecutor}: the writes of all earlier
 * transactions of the block, then storage. Never blocked.
 */
final class SequentialTxView<K, V> extends BufferedTxView<K, V> {

  private final Map<K, V> committed;
  private final Storage<K, V> storage;

  SequentialTxView(Map<K, V> committed, Storage<K, V> storage) {
    this.committed = committed;
    this.storage = storage;
  }

  @Override
  protected ReadResult<V> readBefore(K key) {
    return new ReadResult.Value<>(valueBefore(committed, storage, key));
  }

  @Override
  public boolean blocked() {
    return false;
  }

  static <K, V> V valueBefore(Map<K, V> committed, Storage<K, V> storage, K key) {
    V value = committed.get(key);
    if (value == null) {
      value = storage.read(key);
      if (value == null) {
        throw new NullPointerException("storage returned null for " + key);
      }
    }
    return value;
  }
}
