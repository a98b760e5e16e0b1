package dev.multilane.exec;

/** One key of a transaction's write set: a full value, or a delta to whatever is below. */
sealed interface WriteOp<V> {

  record Put<V>(V value) implements WriteOp<V> {}

  record Add<V>(Delta<V> delta) implements WriteOp<V> {}

  /** The net effect of this write followed by {@code delta} in the same transaction. */
  default WriteOp<V> then(Delta<V> delta) {
    return switch (this) {
      case Put<V>(V value) -> new Put<>(delta.applyTo(value));
      case Add<V>(Delta<V> earlier) -> new Add<>(earlier.combine(delta));
    };
  }
}
