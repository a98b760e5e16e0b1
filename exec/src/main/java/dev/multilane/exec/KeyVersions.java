package dev.multilane.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The entries of one key in {@link MultiVersionMemory}, by transaction index. Most keys of a block
 * are written by one transaction or none (a sender's balance, a recipient's token slot), so a key
 * starts with at most one entry held in a single field, and only a key that a second transaction
 * writes moves to a {@link ConcurrentSkipListMap}. A skip list per key cost 11% of the parallel
 * run's CPU on conflict-free blocks: building it, its nodes, and walking its index for one entry.
 *
 * <p>Concurrency: {@code state} is EMPTY, a {@link One} (immutable: a transaction with its entry),
 * or a {@link Many} holding a skip list, and it only ever changes by compare-and-set. Once Many,
 * it stays Many, and the skip list alone carries the entries; so every operation is either one CAS
 * on {@code state} or one operation on the skip list, each of them sequentially consistent, which
 * is what {@link MultiVersionMemory} assumes of its per-key maps. Writers for one (key,
 * transaction) are serialized by the scheduler, as before; writers of different transactions may
 * race, and the loser of a CAS retries against the new state.
 */
final class KeyVersions<V> {

  private static final Object EMPTY = new Object();
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(KeyVersions.class, "state", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** EMPTY, a {@link One}, or a {@link Many}; read and written only through {@link #STATE}. */
  @SuppressWarnings("unused") // through STATE
  private volatile Object state = EMPTY;

  /** The only entry of the key, which is its own map entry so that lookups allocate nothing. */
  private record One<V>(Integer getKey, MvEntry<V> getValue) implements Map.Entry<Integer, MvEntry<V>> {
    @Override
    public MvEntry<V> setValue(MvEntry<V> value) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * Every entry, and apart the entries that are not deltas (values and ESTIMATEs): a read that
   * ignores deltas ({@link TxView#readWithoutDeltas}) of a key thousands of transactions credited
   * finds the full value below it in one lookup instead of walking every credit. Each reader and
   * validator consults one of the two maps only, and a transaction's entries in both are changed
   * by its owner alone, so the two need not change together.
   */
  private record Many<V>(
      ConcurrentSkipListMap<Integer, MvEntry<V>> entries,
      ConcurrentSkipListMap<Integer, MvEntry<V>> fulls) {

    void put(int tx, MvEntry<V> entry) {
      if (entry instanceof MvEntry.Added<V>) {
        fulls.remove(tx);
      } else {
        fulls.put(tx, entry);
      }
      entries.put(tx, entry);
    }

    void remove(int tx) {
      entries.remove(tx);
      fulls.remove(tx);
    }
  }

  /** The entry with the highest transaction index below {@code below}, or null. */
  @SuppressWarnings("unchecked")
  Map.Entry<Integer, MvEntry<V>> lowerEntry(int below) {
    Object s = state;
    if (s instanceof One<?> one) {
      return one.getKey() < below ? (One<V>) one : null;
    }
    return s instanceof Many<?> many ? ((Many<V>) many).entries().lowerEntry(below) : null;
  }

  /**
   * The entry with the highest transaction index below {@code below} that is not a delta (a value
   * or an ESTIMATE), or null.
   */
  @SuppressWarnings("unchecked")
  Map.Entry<Integer, MvEntry<V>> lowerFullEntry(int below) {
    Object s = state;
    if (s instanceof One<?> one) {
      return one.getKey() < below && !(one.getValue() instanceof MvEntry.Added<?>) ? (One<V>) one : null;
    }
    return s instanceof Many<?> many ? ((Many<V>) many).fulls().lowerEntry(below) : null;
  }

  /** Sets transaction {@code tx}'s entry, replacing the one it had. */
  @SuppressWarnings("unchecked")
  void put(int tx, MvEntry<V> entry) {
    while (true) {
      Object s = state;
      if (s instanceof Many<?> many) {
        ((Many<V>) many).put(tx, entry);
        return;
      }
      Object next;
      if (s == EMPTY || ((One<V>) s).getKey() == tx) {
        next = new One<>(tx, entry);
      } else {
        One<V> other = (One<V>) s;
        Many<V> many = new Many<>(new ConcurrentSkipListMap<>(), new ConcurrentSkipListMap<>());
        many.put(other.getKey(), other.getValue());
        many.put(tx, entry);
        next = many;
      }
      if (STATE.compareAndSet(this, s, next)) {
        return;
      }
    }
  }

  /** Removes transaction {@code tx}'s entry, if it has one. */
  @SuppressWarnings("unchecked")
  void remove(int tx) {
    while (true) {
      Object s = state;
      if (s instanceof Many<?> many) {
        ((Many<V>) many).remove(tx);
        return;
      }
      if (s == EMPTY || ((One<V>) s).getKey() != tx || STATE.compareAndSet(this, s, EMPTY)) {
        return;
      }
    }
  }

  boolean isEmpty() {
    Object s = state;
    return s == EMPTY || s instanceof Many<?> many && many.entries().isEmpty();
  }
}
