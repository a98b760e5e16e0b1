package dev.multilane.exec;

/**
 * What a {@link TxView#read} returns: a value, or the news that a lower transaction is being
 * re-executed and its write to this key is not known yet. The dependency is a value rather than an
 * exception because tasks are arbitrary code: an exception could be caught and swallowed by the
 * task, a returned value cannot be missed without the type system noticing.
 */
public sealed interface ReadResult<V> {

  /** The value the transaction sees. */
  record Value<V>(V value) implements ReadResult<V> {}

  /**
   * A lower transaction {@code blockingTxIndex} marked its write to this key as an ESTIMATE: its
   * previous incarnation was aborted and the next one has not finished. The reading transaction
   * must stop; the executor re-runs it when the blocker finishes.
   */
  record Dependency<V>(int blockingTxIndex) implements ReadResult<V> {}
}
