package dev.multilane.exec;

import java.util.List;

/** The answer of multi-version memory to "what does transaction t read at this key?". */
sealed interface Resolution<V> {

  /** Transaction {@code blockingTxIndex} below the reader holds an ESTIMATE at this key. */
  record Blocked<V>(int blockingTxIndex) implements Resolution<V> {}

  /**
   * The value is {@code deltas} (ascending) applied to a base: {@code baseValue} when {@code
   * origin.base()} is a transaction, else the base storage's value, which the caller reads (memory
   * never touches storage).
   */
  record Resolved<V>(ReadOrigin origin, V baseValue, List<Delta<V>> deltas)
      implements Resolution<V> {

    boolean fromStorage() {
      return origin.base() == Version.STORAGE;
    }

    /** The value the reader sees, given the storage value (used only when from storage). */
    V value(V storageValue) {
      V value = fromStorage() ? storageValue : baseValue;
      for (Delta<V> delta : deltas) {
        value = delta.applyTo(value);
      }
      return value;
    }
  }

  @SuppressWarnings("rawtypes")
  Resolved STORAGE = new Resolved<>(ReadOrigin.STORAGE, null, List.of());

  @SuppressWarnings("rawtypes")
  Resolved STORAGE_WITHOUT_DELTAS = new Resolved<>(ReadOrigin.withoutDeltas(Version.STORAGE), null, List.of());

  /** Nothing below the reader wrote a full value of the key, and the reader ignores deltas. */
  @SuppressWarnings("unchecked")
  static <V> Resolution<V> storageWithoutDeltas() {
    return (Resolution<V>) STORAGE_WITHOUT_DELTAS;
  }

  /** Nothing below the reader wrote the key. */
  @SuppressWarnings("unchecked")
  static <V> Resolution<V> storage() {
    return (Resolution<V>) STORAGE;
  }
}
