package dev.multilane.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Multi-version memory (Block-STM paper §3, Algorithm 2): for every key, the latest write of every
 * transaction of the block, so that transaction t reads the write of the highest transaction below
 * t, as it would in a sequential run. Data only; which transaction runs when is the {@link
 * Scheduler}'s business.
 *
 * <p>Invariants and concurrency:
 *
 * <ul>
 *   <li>{@code data}: key → (txIndex → {@link MvEntry}). Entries for transaction t are written
 *       only by whoever currently owns t: the worker executing t's incarnation ({@link #record}),
 *       or the validator that won the abort of t ({@link #convertWritesToEstimates}). The scheduler
 *       guarantees these never overlap for one t, so per (key, t) there is one writer at a time.
 *       Readers of other transactions run concurrently; {@link ConcurrentHashMap} and {@link
 *       ConcurrentSkipListMap} give each put/remove/lowerEntry volatile (sequentially consistent)
 *       semantics, and entries are immutable records, so a reader sees an incarnation together
 *       with exactly the value it wrote. A read that walks several entries (deltas) may see them
 *       from different moments; that is fine because it records the version of each, and
 *       validation rejects the read if any of them changed.
 *   <li>{@code lastWritten[t]}, {@code lastReads[t]}: the keys and the read set of t's latest
 *       recorded incarnation, immutable once published. Written by t's owner with a volatile set
 *       ({@link AtomicReferenceArray}) after the entries, read by validators with a volatile get.
 *   <li>An entry of t at key k exists iff k is in {@code lastWritten[t]} (between a record's put
 *       and its removal of stale keys the set is briefly a subset; only t's owner looks at it).
 *   <li>After a block finishes no ESTIMATE remains; {@link #finalValues} checks it.
 * </ul>
 *
 * No locks. Nothing is padded: contention is per key, and the hot keys of a block are exactly the
 * ones deltas keep readers away from.
 */
final class MultiVersionMemory<K, V> {

  private final ConcurrentHashMap<K, ConcurrentSkipListMap<Integer, MvEntry<V>>> data =
      new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Set<K>> lastWritten;
  private final AtomicReferenceArray<Map<K, ReadOrigin>> lastReads;

  MultiVersionMemory(int txs) {
    this.lastWritten = new AtomicReferenceArray<>(txs);
    this.lastReads = new AtomicReferenceArray<>(txs);
  }

  /**
   * What transaction {@code txIndex} reads at {@code key}: walk down from the highest entry below
   * {@code txIndex}, collecting deltas, to the first full value (or past the lowest entry, to
   * storage). An ESTIMATE on the way blocks the read on its transaction.
   */
  Resolution<V> resolve(K key, int txIndex) {
    ConcurrentSkipListMap<Integer, MvEntry<V>> versions = data.get(key);
    if (versions == null) {
      return Resolution.storage();
    }
    List<Delta<V>> deltas = null; // collected top-down, reversed at the end
    long[] deltaVersions = null;
    int below = txIndex;
    while (true) {
      Map.Entry<Integer, MvEntry<V>> entry = versions.lowerEntry(below);
      long base;
      V baseValue = null;
      if (entry == null) {
        base = Version.STORAGE;
      } else {
        int writer = entry.getKey();
        switch (entry.getValue()) {
          case MvEntry.Estimate<V>() -> {
            return new Resolution.Blocked<>(writer);
          }
          case MvEntry.Written<V>(int incarnation, V value) -> {
            base = Version.of(writer, incarnation);
            baseValue = value;
          }
          case MvEntry.Added<V>(int incarnation, Delta<V> delta) -> {
            if (deltas == null) {
              deltas = new ArrayList<>(4);
              deltaVersions = new long[4];
            } else if (deltas.size() == deltaVersions.length) {
              deltaVersions = java.util.Arrays.copyOf(deltaVersions, deltaVersions.length * 2);
            }
            deltaVersions[deltas.size()] = Version.of(writer, incarnation);
            deltas.add(delta);
            below = writer;
            continue;
          }
        }
      }
      if (deltas == null) {
        return base == Version.STORAGE
            ? Resolution.storage()
            : new Resolution.Resolved<>(ReadOrigin.of(base), baseValue, List.of());
      }
      Collections.reverse(deltas);
      long[] ascending = new long[deltas.size()];
      for (int i = 0; i < ascending.length; i++) {
        ascending[i] = deltaVersions[ascending.length - 1 - i];
      }
      return new Resolution.Resolved<>(ReadOrigin.of(base, ascending), baseValue, deltas);
    }
  }

  /**
   * Publishes incarnation {@code incarnation} of {@code txIndex}: its writes replace its previous
   * entries (ESTIMATEs included), keys it no longer writes lose their entry, and its read set
   * becomes the one validation checks.
   *
   * @return whether it wrote a key its previous incarnation did not; then higher transactions
   *     that validated against the old state must be validated again (paper, Algorithm 2)
   */
  boolean record(
      int txIndex, int incarnation, Map<K, ReadOrigin> reads, Map<K, WriteOp<V>> writes) {
    Integer tx = txIndex;
    for (Map.Entry<K, WriteOp<V>> write : writes.entrySet()) {
      versionsOf(write.getKey()).put(tx, MvEntry.of(incarnation, write.getValue()));
    }
    Set<K> previous = lastWrittenKeys(txIndex);
    for (K key : previous) {
      if (!writes.containsKey(key)) {
        data.get(key).remove(tx);
      }
    }
    boolean wroteNewLocation = false;
    for (K key : writes.keySet()) {
      if (!previous.contains(key)) {
        wroteNewLocation = true;
        break;
      }
    }
    lastWritten.set(txIndex, Set.copyOf(writes.keySet()));
    lastReads.set(txIndex, reads);
    return wroteNewLocation;
  }

  /**
   * Marks every key the aborted incarnation of {@code txIndex} wrote as ESTIMATE, so readers wait
   * for the next incarnation instead of reading a value that is probably about to change.
   */
  void convertWritesToEstimates(int txIndex) {
    Integer tx = txIndex;
    for (K key : lastWrittenKeys(txIndex)) {
      data.get(key).put(tx, MvEntry.estimate());
    }
  }

  /**
   * Whether every read of the latest recorded incarnation of {@code txIndex} would still see the
   * same versions; false as soon as one would not, or would hit an ESTIMATE.
   */
  boolean validateReadSet(int txIndex) {
    Map<K, ReadOrigin> reads = lastReads.get(txIndex);
    if (reads == null) {
      throw new InvariantViolation("validation of tx " + txIndex + " before it recorded");
    }
    for (Map.Entry<K, ReadOrigin> read : reads.entrySet()) {
      if (!matches(read.getKey(), txIndex, read.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** {@link #resolve}, without allocating, compared against a recorded origin. */
  private boolean matches(K key, int txIndex, ReadOrigin origin) {
    ConcurrentSkipListMap<Integer, MvEntry<V>> versions = data.get(key);
    long[] deltas = origin.deltas();
    int remaining = deltas.length; // compared top-down
    int below = txIndex;
    while (versions != null) {
      Map.Entry<Integer, MvEntry<V>> entry = versions.lowerEntry(below);
      if (entry == null) {
        break;
      }
      int writer = entry.getKey();
      switch (entry.getValue()) {
        case MvEntry.Estimate<V>() -> {
          return false;
        }
        case MvEntry.Written<V>(int incarnation, var _) -> {
          return remaining == 0 && origin.base() == Version.of(writer, incarnation);
        }
        case MvEntry.Added<V>(int incarnation, var _) -> {
          if (remaining == 0 || deltas[--remaining] != Version.of(writer, incarnation)) {
            return false;
          }
          below = writer;
        }
      }
    }
    return remaining == 0 && origin.base() == Version.STORAGE;
  }

  /**
   * The value of every key written in the block, as the last writer left it: the highest full
   * value (or storage) with all deltas above it applied in order. Call only after all workers
   * stopped.
   *
   * @throws InvariantViolation if an ESTIMATE is left
   */
  Map<K, V> finalValues(Storage<K, V> storage) {
    Map<K, V> values = new HashMap<>();
    for (Map.Entry<K, ConcurrentSkipListMap<Integer, MvEntry<V>>> e : data.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue; // every writer's final incarnation stopped writing this key
      }
      K key = e.getKey();
      switch (resolve(key, Integer.MAX_VALUE)) {
        case Resolution.Blocked<V>(int tx) ->
            throw new InvariantViolation("ESTIMATE of tx " + tx + " at " + key + " after the block");
        case Resolution.Resolved<V> r -> values.put(key, r.value(r.fromStorage() ? storage.read(key) : null));
      }
    }
    return values;
  }

  /** Keys written by the latest recorded incarnation of {@code txIndex}. */
  Set<K> lastWrittenKeys(int txIndex) {
    Set<K> keys = lastWritten.get(txIndex);
    return keys == null ? Set.of() : keys;
  }

  private ConcurrentSkipListMap<Integer, MvEntry<V>> versionsOf(K key) {
    ConcurrentSkipListMap<Integer, MvEntry<V>> versions = data.get(key);
    return versions != null ? versions : data.computeIfAbsent(key, k -> new ConcurrentSkipListMap<>());
  }
}
