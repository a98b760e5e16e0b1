package dev.multilane.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The entries of one key in {@link MultiVersionMemory}, by transaction index. Most keys of a block
 * are written by one transaction or none (a sender's balance, a recipient's token slot), so a key
 * starts with at most one entry held in a single field, and only a key that a second transaction
 * writes moves to {@link Many}, a table indexed by transaction.
 *
 * <p>Why a table and not a sorted map: a key with many writers (a pool's reserves, the coinbase,
 * WETH9) is read, written and validated by most of the block, and a {@code
 * ConcurrentSkipListMap} per such key cost 12% of the parallel Uniswap block in node allocation
 * and in pointer chasing through its index. The table finds the entry below a transaction with a
 * few bit scans over words that sit next to each other.
 *
 * <p>Concurrency: {@code state} is EMPTY, a {@link One} (immutable: a transaction with its entry),
 * or a {@link Many}, and it only ever changes by compare-and-set. Once Many, it stays Many, and the
 * table alone carries the entries. Writers for one (key, transaction) are serialized by the
 * scheduler, as before; writers of different transactions may race, and then only on a chunk's
 * bitmap words, which change by atomic or/and. See {@link Many} for what a reader may see.
 */
final class KeyVersions<V> {

  /** One transaction's entry: what a lookup returns. */
  record Entry<V>(int tx, MvEntry<V> value) {}

  private static final Object EMPTY = new Object();
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(KeyVersions.class, "state", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** EMPTY, an {@link Entry} (the only one), or a {@link Many}; changed only through {@link #STATE}. */
  @SuppressWarnings("unused") // through STATE
  private volatile Object state = EMPTY;

  /** The entry with the highest transaction index below {@code below}, or null. */
  @SuppressWarnings("unchecked")
  Entry<V> lowerEntry(int below) {
    Object s = state;
    if (s instanceof Entry<?> one) {
      return one.tx() < below ? (Entry<V>) one : null;
    }
    return s instanceof Many<?> many ? ((Many<V>) many).lower(below, false) : null;
  }

  /**
   * The entry with the highest transaction index below {@code below} that is not a delta (a value
   * or an ESTIMATE), or null.
   */
  @SuppressWarnings("unchecked")
  Entry<V> lowerFullEntry(int below) {
    Object s = state;
    if (s instanceof Entry<?> one) {
      return one.tx() < below && !(one.value() instanceof MvEntry.Added<?>) ? (Entry<V>) one : null;
    }
    return s instanceof Many<?> many ? ((Many<V>) many).lower(below, true) : null;
  }

  /**
   * Sets transaction {@code tx}'s entry, replacing the one it had.
   *
   * @param txs the block's size: every transaction index of the key is below it
   */
  @SuppressWarnings("unchecked")
  void put(int tx, MvEntry<V> entry, int txs) {
    while (true) {
      Object s = state;
      if (s instanceof Many<?> many) {
        ((Many<V>) many).put(tx, entry);
        return;
      }
      Object next;
      if (s == EMPTY || ((Entry<V>) s).tx() == tx) {
        next = new Entry<>(tx, entry);
      } else {
        Entry<V> other = (Entry<V>) s;
        Many<V> many = new Many<>(txs);
        many.put(other.tx(), other.value());
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
      if (s == EMPTY || ((Entry<V>) s).tx() != tx || STATE.compareAndSet(this, s, EMPTY)) {
        return;
      }
    }
  }

  boolean isEmpty() {
    Object s = state;
    return s == EMPTY || s instanceof Many<?> many && many.lower(Integer.MAX_VALUE, false) == null;
  }

  /**
   * Entries of a key with several writers, indexed by transaction: chunks of 64 transactions, each
   * with its entries and two bitmaps (which slots hold an entry, and which of those are full
   * values or ESTIMATEs rather than deltas), and above them two bitmaps of the chunks that ever
   * held such entries. A read without deltas ({@link TxView#readWithoutDeltas}) of a key thousands
   * of transactions credited scans the second bitmaps only.
   *
   * <p>A put sets the entry, then its bits; a removal clears the bits, then the entry. The chunk
   * bits of the table above are never cleared: an empty chunk costs a reader one look. A reader
   * finds a set bit, then reads the slot, and takes the entry only if it is there and of the kind
   * sought (a put that turns a value into a delta changes the entry before its full bit); else it
   * goes on down. So a lookup returns an entry that was in the slot at some moment of the call, as
   * a concurrent sorted map would, and a lookup that starts after a put or removal returned sees
   * it: that is what multi-version memory needs, since a read that raced with a write is validated
   * after the write finished.
   */
  private static final class Many<V> {
    private static final VarHandle ALL;
    private static final VarHandle FULL;

    static {
      try {
        ALL = MethodHandles.lookup().findVarHandle(Chunk.class, "all", long.class);
        FULL = MethodHandles.lookup().findVarHandle(Chunk.class, "full", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** 64 transactions' entries and their bitmaps. */
    private static final class Chunk<V> {
      final AtomicReferenceArray<MvEntry<V>> entries = new AtomicReferenceArray<>(64);
      volatile long all;
      volatile long full;
    }

    private final int capacity;
    private final AtomicReferenceArray<Chunk<V>> chunks;
    private final AtomicLongArray usedChunks; // a chunk that ever held an entry
    private final AtomicLongArray fullChunks; // a chunk that ever held a full entry

    Many(int txs) {
      this.capacity = txs;
      int chunkCount = (txs + 63) >>> 6;
      this.chunks = new AtomicReferenceArray<>(chunkCount);
      this.usedChunks = new AtomicLongArray((chunkCount + 63) >>> 6);
      this.fullChunks = new AtomicLongArray((chunkCount + 63) >>> 6);
    }

    void put(int tx, MvEntry<V> entry) {
      int c = tx >>> 6;
      Chunk<V> chunk = chunks.get(c);
      if (chunk == null) {
        chunks.compareAndSet(c, null, new Chunk<>());
        chunk = chunks.get(c);
      }
      long bit = 1L << (tx & 63);
      chunk.entries.set(tx & 63, entry);
      ALL.getAndBitwiseOr(chunk, bit);
      if (entry instanceof MvEntry.Added<V>) {
        FULL.getAndBitwiseAnd(chunk, ~bit);
      } else {
        FULL.getAndBitwiseOr(chunk, bit);
        setBit(fullChunks, c);
      }
      setBit(usedChunks, c);
    }

    void remove(int tx) {
      Chunk<V> chunk = chunks.get(tx >>> 6);
      if (chunk == null) {
        return;
      }
      long bit = 1L << (tx & 63);
      ALL.getAndBitwiseAnd(chunk, ~bit);
      FULL.getAndBitwiseAnd(chunk, ~bit);
      chunk.entries.set(tx & 63, null);
    }

    /** The highest entry below {@code below}; with {@code fullOnly}, the highest that is not a delta. */
    Entry<V> lower(int below, boolean fullOnly) {
      int top = Math.min(below, capacity) - 1;
      if (top < 0) {
        return null;
      }
      int c = top >>> 6;
      int b = top & 63;
      long mask = b == 63 ? -1L : (1L << (b + 1)) - 1;
      AtomicLongArray used = fullOnly ? fullChunks : usedChunks;
      while (c >= 0) {
        Chunk<V> chunk = chunks.get(c);
        if (chunk != null) {
          long bits = (fullOnly ? chunk.full : chunk.all) & mask;
          while (bits != 0) {
            int slot = 63 - Long.numberOfLeadingZeros(bits);
            MvEntry<V> entry = chunk.entries.get(slot);
            if (entry != null && !(fullOnly && entry instanceof MvEntry.Added<V>)) {
              return new Entry<>((c << 6) + slot, entry);
            }
            bits &= ~(1L << slot);
          }
        }
        c = highestBitBelow(used, c);
        mask = -1L;
      }
      return null;
    }

    private static void setBit(AtomicLongArray bits, int index) {
      long bit = 1L << (index & 63);
      if ((bits.get(index >>> 6) & bit) == 0) {
        bits.getAndAccumulate(index >>> 6, bit, (a, b) -> a | b);
      }
    }

    /** The highest index below {@code index} whose bit is set, or -1. */
    private static int highestBitBelow(AtomicLongArray bits, int index) {
      int w = index >>> 6;
      long word = bits.get(w) & ((1L << (index & 63)) - 1);
      while (true) {
        if (word != 0) {
          return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
        }
        if (--w < 0) {
          return -1;
        }
        word = bits.get(w);
      }
    }
  }
}
