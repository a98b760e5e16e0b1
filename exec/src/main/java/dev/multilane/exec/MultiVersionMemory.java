package dev.multilane.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>{@code data}: key → (txIndex → {@link MvEntry}), the inner map a {@link KeyVersions}.
 *       Entries for transaction t are written only by whoever currently owns t: the worker executing t's incarnation ({@link #record}),
 *       or the validator that won the abort of t ({@link #convertWritesToEstimates}). The scheduler
 *       guarantees these never overlap for one t, so per (key, t) there is one writer at a time.
 *       Readers of other transactions run concurrently; {@link ConcurrentHashMap} and {@link
 *       KeyVersions} give each put/remove/lowerEntry volatile (sequentially consistent)
 *       semantics, and entries are immutable records, so a reader sees an incarnation together
 *       with exactly the value it wrote. A read that walks several entries (deltas) may see them
 *       from different moments; that is fine because it records the version of each, and
 *       validation rejects the read if any of them changed.
 *   <li>{@code data} only grows: a key's version map, once there, is never replaced or removed
 *       (readers create empty ones, see {@link #versionsOf}), so read sets and written-key lists
 *       hold references to version maps instead of hashing keys again.
 *   <li>{@code lastWritten[t]}, {@code lastReads[t]}: the keys (with their version maps) and the
 *       read set of t's latest recorded incarnation, immutable once published. Written by t's owner with a volatile set
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

  /**
   * Keys per transaction the map is sized for up front: a transfer writes about three (sender,
   * recipient or token slots, fee credit). Growing a {@link ConcurrentHashMap} while workers insert
   * makes them help with the transfer, which showed up at 8% of worker time.
   */
  private static final int EXPECTED_KEYS_PER_TX = 4;

  private final int txs;
  private final ConcurrentHashMap<K, KeyVersions<V>> data;
  private final AtomicReferenceArray<WrittenKeys> lastWritten;
  private final AtomicReferenceArray<ReadSet<K>> lastReads;

  MultiVersionMemory(int txs) {
    this.txs = txs;
    this.data = new ConcurrentHashMap<>(Math.max(16, txs * EXPECTED_KEYS_PER_TX));
    this.lastWritten = new AtomicReferenceArray<>(txs);
    this.lastReads = new AtomicReferenceArray<>(txs);
  }

  /**
   * What transaction {@code txIndex} reads at {@code key}: walk down from the highest entry below
   * {@code txIndex}, collecting deltas, to the first full value (or past the lowest entry, to
   * storage). An ESTIMATE on the way blocks the read on its transaction.
   */
  Resolution<V> resolve(K key, int txIndex) {
    KeyVersions<V> versions = data.get(key);
    return versions == null ? Resolution.storage() : resolveIn(versions, txIndex);
  }

  /**
   * The versions of {@code key}, created (empty) when no one wrote it yet. A reader keeps them in
   * its read set so that validation walks them directly instead of hashing the key again: a
   * version map, once in {@code data}, is never replaced or removed, so the reference stays the
   * key's for the whole block. Creating it on a read costs one insertion that the first write to
   * the key would make anyway; keys only ever read get an empty map, which nothing reports.
   */
  KeyVersions<V> versionsOf(K key) {
    KeyVersions<V> versions = data.get(key);
    return versions != null ? versions : data.computeIfAbsent(key, k -> new KeyVersions<>());
  }

  /** {@link #resolve} over the versions of the key, as {@link #versionsOf} returned them. */
  Resolution<V> resolveIn(KeyVersions<V> versions, int txIndex) {
    List<Delta<V>> deltas = null; // collected top-down, reversed at the end
    long[] deltaVersions = null;
    int below = txIndex;
    while (true) {
      KeyVersions.Entry<V> entry = versions.lowerEntry(below);
      long base;
      V baseValue = null;
      if (entry == null) {
        base = Version.STORAGE;
      } else {
        int writer = entry.tx();
        switch (entry.value()) {
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
   * {@link #resolveIn} for a read that ignores deltas ({@link TxView#readWithoutDeltas}): the
   * highest full value below {@code txIndex}, or storage, stepping over deltas. An ESTIMATE on the
   * way still blocks: its transaction may write a full value next time.
   */
  Resolution<V> resolveWithoutDeltasIn(KeyVersions<V> versions, int txIndex) {
    KeyVersions.Entry<V> entry = versions.lowerFullEntry(txIndex);
    if (entry == null) {
      return Resolution.storageWithoutDeltas();
    }
    int writer = entry.tx();
    return switch (entry.value()) {
      case MvEntry.Written<V>(int incarnation, V value) ->
          new Resolution.Resolved<>(ReadOrigin.withoutDeltas(Version.of(writer, incarnation)), value, List.of());
      default -> new Resolution.Blocked<>(writer); // an ESTIMATE: its transaction may write a value next time
    };
  }

  /**
   * Publishes incarnation {@code incarnation} of {@code txIndex}: its writes replace its previous
   * entries (ESTIMATEs included), keys it no longer writes lose their entry, and its read set
   * becomes the one validation checks.
   *
   * @return whether it wrote a key its previous incarnation did not; then higher transactions
   *     that validated against the old state must be validated again (paper, Algorithm 2)
   */
  boolean record(int txIndex, int incarnation, ReadSet<K> reads, Map<K, WriteOp<V>> writes) {
    int tx = txIndex;
    Object[] keys = new Object[writes.size()];
    Object[] versions = new Object[writes.size()];
    int n = 0;
    for (Map.Entry<K, WriteOp<V>> write : writes.entrySet()) {
      // Most written keys were read first (a balance, a counter): their version map is in the
      // read set already, which is cheaper to scan than the table of every key is to probe.
      @SuppressWarnings("unchecked")
      KeyVersions<V> read =
          (KeyVersions<V>) reads.versionsOf(write.getKey());
      KeyVersions<V> at = read != null ? read : versionsOf(write.getKey());
      at.put(tx, MvEntry.of(incarnation, write.getValue()), txs);
      keys[n] = write.getKey();
      versions[n] = at;
      n++;
    }
    WrittenKeys previous = writtenKeys(txIndex);
    int kept = 0;
    for (int i = 0; i < previous.size(); i++) {
      if (writes.containsKey(previous.keys[i])) {
        kept++;
      } else {
        previous.versions(i).remove(tx);
      }
    }
    // Usually the first incarnation (nothing before it) or the same keys again: arrays and a
    // count beat a hash set per execution.
    boolean wroteNewLocation = kept < writes.size();
    lastWritten.set(txIndex, new WrittenKeys(keys, versions));
    lastReads.set(txIndex, reads);
    return wroteNewLocation;
  }

  /** {@link #record} with the reads as a map, for tests. */
  boolean record(
      int txIndex, int incarnation, Map<K, ReadOrigin> reads, Map<K, WriteOp<V>> writes) {
    return record(txIndex, incarnation, ReadSet.of(reads), writes);
  }

  /**
   * Marks every key the aborted incarnation of {@code txIndex} wrote as ESTIMATE, so readers wait
   * for the next incarnation instead of reading a value that is probably about to change.
   */
  void convertWritesToEstimates(int txIndex) {
    int tx = txIndex;
    WrittenKeys written = writtenKeys(txIndex);
    for (int i = 0; i < written.size(); i++) {
      written.versions(i).put(tx, MvEntry.estimate(), txs);
    }
  }

  /**
   * Whether every read of the latest recorded incarnation of {@code txIndex} would still see the
   * same versions; false as soon as one would not, or would hit an ESTIMATE.
   */
  boolean validateReadSet(int txIndex) {
    ReadSet<K> reads = lastReads.get(txIndex);
    if (reads == null) {
      throw new InvariantViolation("validation of tx " + txIndex + " before it recorded");
    }
    for (int i = 0; i < reads.size(); i++) {
      // A read through a view kept the key's versions (see versionsOf); one built by hand did not.
      @SuppressWarnings("unchecked")
      KeyVersions<V> versions =
          (KeyVersions<V>) reads.versions(i);
      if (!matches(versions != null ? versions : data.get(reads.key(i)), txIndex, reads.origin(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@link #resolve}, without allocating, compared against a recorded origin. */
  private boolean matches(
      KeyVersions<V> versions, int txIndex, ReadOrigin origin) {
    if (origin.ignoresDeltas()) {
      KeyVersions.Entry<V> full = versions == null ? null : versions.lowerFullEntry(txIndex);
      if (full == null) {
        return origin.base() == Version.STORAGE;
      }
      return full.value() instanceof MvEntry.Written<V>(int incarnation, var _)
          && origin.base() == Version.of(full.tx(), incarnation);
    }
    long[] deltas = origin.deltas();
    int remaining = deltas.length; // compared top-down
    int below = txIndex;
    while (versions != null) {
      KeyVersions.Entry<V> entry = versions.lowerEntry(below);
      if (entry == null) {
        break;
      }
      int writer = entry.tx();
      switch (entry.value()) {
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
    Map<K, V> values = new HashMap<>(); // the reference for finalWritesOf, in tests
    for (Map.Entry<K, KeyVersions<V>> e : data.entrySet()) {
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

  /**
   * The part of the block's final state that {@code txIndex} owns: every key its latest recorded
   * incarnation wrote and no transaction in ({@code txIndex}, {@code end}) overwrote, with the
   * value a reader at position {@code end} sees (deltas resolved, storage read through {@code
   * storage}). Each written key has exactly one such owner, so calling this for every
   * transaction below {@code end}, on any threads, yields every key once: that is how the commit
   * is split between workers. {@code end} is the block size for a full run, or the length of a
   * validated prefix when the rest of the block runs sequentially. Call only once no worker
   * writes.
   *
   * @throws InvariantViolation if an ESTIMATE is left below {@code end}
   */
  void finalWritesOf(int txIndex, int end, Storage<K, V> storage, java.util.function.BiConsumer<K, V> sink) {
    WrittenKeys written = writtenKeys(txIndex);
    for (int i = 0; i < written.size(); i++) {
      @SuppressWarnings("unchecked")
      K key = (K) written.keys[i];
      KeyVersions<V> versions = written.versions(i);
      KeyVersions.Entry<V> top = versions.lowerEntry(end);
      if (top == null || top.tx() != txIndex) {
        continue; // overwritten by a later transaction, which reports it
      }
      // A full value on top is the final value; only deltas (and ESTIMATEs) need resolving.
      sink.accept(
          key,
          top.value() instanceof MvEntry.Written<V> w ? w.value() : valueIn(versions, key, end, storage));
    }
  }

  /**
   * The value a transaction at position {@code position} reads at {@code key}, when nothing below
   * it can change any more (a validated prefix, or the end of the block).
   *
   * @throws InvariantViolation if an ESTIMATE is below {@code position}
   */
  V valueAt(K key, int position, Storage<K, V> storage) {
    KeyVersions<V> versions = data.get(key);
    return versions == null ? storage.read(key) : valueIn(versions, key, position, storage);
  }

  private V valueIn(
      KeyVersions<V> versions, K key, int position, Storage<K, V> storage) {
    return switch (resolveIn(versions, position)) {
      case Resolution.Blocked<V>(int tx) ->
          throw new InvariantViolation("ESTIMATE of tx " + tx + " at " + key + " below " + position);
      case Resolution.Resolved<V> r -> r.value(r.fromStorage() ? storage.read(key) : null);
    };
  }

  /**
   * The keys one incarnation wrote, in no particular order, each with its version map (so that
   * the next record, an abort and the commit reach the entries without hashing the key again).
   * Immutable once published.
   */
  private record WrittenKeys(Object[] keys, Object[] versions) {
    static final WrittenKeys NONE = new WrittenKeys(new Object[0], new Object[0]);

    int size() {
      return keys.length;
    }

    @SuppressWarnings("unchecked")
    <V> KeyVersions<V> versions(int i) {
      return (KeyVersions<V>) versions[i];
    }
  }

  /** Keys written by the latest recorded incarnation of {@code txIndex}. */
  private WrittenKeys writtenKeys(int txIndex) {
    WrittenKeys keys = lastWritten.get(txIndex);
    return keys == null ? WrittenKeys.NONE : keys;
  }

  /** {@link #writtenKeys} as a set, for tests. */
  @SuppressWarnings("unchecked")
  Set<K> lastWrittenKeys(int txIndex) {
    return (Set<K>) Set.of(writtenKeys(txIndex).keys());
  }
}
