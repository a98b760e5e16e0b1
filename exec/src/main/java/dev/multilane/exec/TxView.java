package dev.multilane.exec;

/**
 * The state one transaction sees: the block's base storage with the writes of every lower
 * transaction applied, in order, plus the transaction's own writes so far.
 *
 * <p>In the parallel executor the "writes of lower transactions" come from multi-version memory
 * and may be speculative: every value a read returns is recorded (key, version) in the read set so
 * that validation can later check it is still what a sequential run would read. A read of a value
 * that a lower transaction is about to rewrite (an ESTIMATE) returns {@link
 * ReadResult.Dependency}: the task should stop and the executor parks it until the blocker has run
 * again.
 *
 * <p>Reads are repeatable within one execution: the first read of a key fixes its value for the
 * rest of that execution (the view caches it), so a task never sees a key change under it.
 *
 * <p>A view belongs to one execution on one thread and is not thread-safe.
 */
public interface TxView<K, V> {

  /** The value of {@code key} before this transaction, with its own writes applied. */
  ReadResult<V> read(K key);

  /**
   * The value of {@code key} as the last full write before this transaction left it, without the
   * deltas added since (this transaction's own included). For a task that uses only the part of the
   * value that the key's deltas never change (the code hash of an account that only receives
   * balance credits): such a read does not depend on the transactions that only added to the key,
   * and validation checks only the full write. A later {@link #read} of the key in the same
   * execution sees the deltas, and from then on this method returns that value too.
   *
   * <p>The default reads in full, which is always correct (executors without multi-version
   * memory have nothing to gain).
   */
  default ReadResult<V> readWithoutDeltas(K key) {
    return read(key);
  }

  /** Sets {@code key} to {@code value} (non-null), replacing any earlier write of this tx. */
  void write(K key, V value);

  /**
   * Adds a commutative delta to {@code key} without reading it. Transactions that only add to a
   * key do not conflict with each other; only a later reader of the key depends on them.
   */
  void add(K key, Delta<V> delta);

  /**
   * True once a read has returned {@link ReadResult.Dependency}. From then on this execution's
   * output and writes are discarded, so a task that checks this flag instead of each read result
   * (an interpreter deep in a call stack) may simply unwind.
   */
  boolean blocked();
}
