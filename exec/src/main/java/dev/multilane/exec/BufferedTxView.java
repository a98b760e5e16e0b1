package dev.multilane.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The part of a {@link TxView} both executors share: the transaction's own writes, kept in a
 * buffer until it finishes, and read back by the transaction itself. Subclasses say what the
 * state was before the transaction ({@link #readBefore}).
 *
 * <p>Own writes shadow everything: after {@code write(k, v)}, {@code read(k)} is v without a
 * look at the state below (and records no read). After {@code add(k, d)} alone, {@code read(k)}
 * reads the state below and applies d.
 */
abstract class BufferedTxView<K, V> implements TxView<K, V> {

  private final Map<K, WriteOp<V>> writes = new LinkedHashMap<>();

  /** The value of {@code key} before this transaction, or the dependency that hides it. */
  protected abstract ReadResult<V> readBefore(K key);

  /** {@link #readBefore} without deltas ({@link TxView#readWithoutDeltas}); by default in full. */
  protected ReadResult<V> readBeforeWithoutDeltas(K key) {
    return readBefore(key);
  }

  @Override
  public final ReadResult<V> read(K key) {
    Objects.requireNonNull(key, "key");
    WriteOp<V> own = writes.get(key);
    if (own instanceof WriteOp.Put<V>(V value)) {
      return new ReadResult.Value<>(value);
    }
    ReadResult<V> before = readBefore(key);
    if (own instanceof WriteOp.Add<V>(Delta<V> delta)
        && before instanceof ReadResult.Value<V>(V value)) {
      return new ReadResult.Value<>(delta.applyTo(value));
    }
    return before;
  }

  /** Own full writes shadow everything here too; own deltas are ignored like everyone's. */
  @Override
  public final ReadResult<V> readWithoutDeltas(K key) {
    Objects.requireNonNull(key, "key");
    if (writes.get(key) instanceof WriteOp.Put<V>(V value)) {
      return new ReadResult.Value<>(value);
    }
    return readBeforeWithoutDeltas(key);
  }

  @Override
  public final void write(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    writes.put(key, new WriteOp.Put<>(value));
  }

  @Override
  public final void add(K key, Delta<V> delta) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(delta, "delta");
    WriteOp<V> own = writes.get(key);
    writes.put(key, own == null ? new WriteOp.Add<>(delta) : own.then(delta));
  }

  /** The write set, in first-write order; the executor takes it once the task returned. */
  final Map<K, WriteOp<V>> writeSet() {
    return writes;
  }
}
