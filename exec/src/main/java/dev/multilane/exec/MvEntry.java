package dev.multilane.exec;

/**
 * What multi-version memory holds for one (key, transaction): the value the transaction's latest
 * incarnation wrote, a delta it added, or ESTIMATE, the mark left when that incarnation was
 * aborted ("this transaction probably writes here again; wait for it"). Entries are immutable, so
 * a reader always sees an incarnation number together with the value that incarnation wrote.
 */
sealed interface MvEntry<V> {

  record Written<V>(int incarnation, V value) implements MvEntry<V> {}

  record Added<V>(int incarnation, Delta<V> delta) implements MvEntry<V> {}

  record Estimate<V>() implements MvEntry<V> {}

  @SuppressWarnings("rawtypes")
  Estimate ESTIMATE = new Estimate<>();

  @SuppressWarnings("unchecked")
  static <V> MvEntry<V> estimate() {
    return (MvEntry<V>) ESTIMATE;
  }

  static <V> MvEntry<V> of(int incarnation, WriteOp<V> op) {
    return switch (op) {
      case WriteOp.Put<V>(V value) -> new Written<>(incarnation, value);
      case WriteOp.Add<V>(Delta<V> delta) -> new Added<>(incarnation, delta);
    };
  }
}
