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

  private record Many<V>(ConcurrentSkipListMap<Integer, MvEntry<V>> entries) {}

  /** The entry with the highest transaction index below {@code below}, or null. */
  @SuppressWarnings("unchecked")
  Map.Entry<Integer, MvEntry<V>> lowerEntry(int below) {
    Object s = state;
    if (s instanceof One<?> one) {
      return one.getKey() < below ? (One<V>) one : null;
    }
    return s instanceof Many<?> many ? ((Many<V>) many).entries().lowerEntry(below) : null;
  }

  /** Sets transaction {@code tx}'s entry, replacing the one it had. */
  @SuppressWarnings("unchecked")
  void put(int tx, MvEntry<V> entry) {
    while (true) {
      Object s = state;
      if (s instanceof Many<?> many) {
        ((Many<V>) many).entries().put(tx, entry);
        return;
      }
      Object next;
      if (s == EMPTY || ((One<V>) s).getKey() == tx) {
        next = new One<>(tx, entry);
      } else {
        One<V> other = (One<V>) s;
        ConcurrentSkipListMap<Integer, MvEntry<V>> entries = new ConcurrentSkipListMap<>();
        entries.put(other.getKey(), other.getValue());
        entries.put(tx, entry);
        next = new Many<>(entries);
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
        ((Many<V>) many).entries().remove(tx);
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
