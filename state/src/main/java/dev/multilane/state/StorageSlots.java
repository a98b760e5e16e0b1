package dev.multilane.state;

import dev.multilane.primitives.U256;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The storage slots of one account, and which of them changed since the storage trie last saw
 * them. A slot read is the hottest state access of a contract-heavy block, and a java.util.HashMap
 * of U256 to U256 costs one cache miss each for the table, the node, the key and the value; here a
 * read costs about one.
 *
 * <p>Open addressing with linear probing over a power-of-two table. Entry {@code i} is eight longs
 * of {@link #entries} from {@code 8 * i}: the key's u0..u3, then the value's u0..u3, so a key and
 * its value share a cache line. Values are kept as longs rather than U256 references, so a read
 * allocates its result instead of following a pointer to a likely cold object: with ~100k slots
 * in one contract, the miss costs far more than the allocation. Bit {@code i} of
 * {@link #occupied} says the entry holds a key (any 256-bit key is valid, so no key value can mark
 * a free entry) and bit {@code i} of {@link #dirty} that it was written since the last
 * {@link #flush}. Writing zero keeps the entry, zero-valued and dirty, until the flush has told
 * the trie to delete the slot; only then does it go, by backward-shift deletion, so probe chains
 * never hold tombstones.
 *
 * <p>Invariants: {@code used} counts occupied entries and {@code nonZero} those with a non-zero
 * value; every zero-valued entry is dirty; every key is reachable from its home index
 * ({@code hash & mask}) without crossing a free entry; {@code used <= threshold} (load at most 0.6).
 * An empty table holds no arrays at all, since most accounts have no storage.
 *
 * <p>The hash is fixed rather than salted per run, so iteration order is reproducible. A contract
 * choosing keys that collide could slow its own slot accesses down; this world state holds tests,
 * benchmarks, replays and genesis, not a live chain.
 *
 * <p>Not thread-safe; concurrent reads are fine while nothing writes.
 */
final class StorageSlots {
    private static final int STRIDE = 8;
    private static final int MIN_CAPACITY = 8;
    /** Keeps {@code 8 * capacity} within an array's length. */
    private static final int MAX_CAPACITY = 1 << 27;
    private static final long[] NONE = new long[0];

    private long[] entries = NONE;
    private long[] occupied = NONE;
    private long[] dirty = NONE;
    private int mask = -1;
    private int threshold;
    private int used;
    private int nonZero;
    private int dirtyCount;
    /** Structural changes, so that an iterator over {@link #asMap()} can detect them. */
    private int modCount;

    StorageSlots() {}

    private StorageSlots(StorageSlots other) {
        if (other.used > 0) {
            entries = other.entries.clone();
            occupied = other.occupied.clone();
            dirty = other.dirty.clone();
            mask = other.mask;
            threshold = other.threshold;
        }
        used = other.used;
        nonZero = other.nonZero;
        dirtyCount = other.dirtyCount;
    }

    /** An independent copy: the arrays are cloned, and U256 values are immutable anyway. */
    StorageSlots copy() {
        return new StorageSlots(this);
    }

    /** Non-zero slots. */
    int size() {
        return nonZero;
    }

    /** The slot's value; zero when unset. */
    U256 get(U256 key) {
        if (used == 0) {
            return U256.ZERO;
        }
        int i = find(key.u0(), key.u1(), key.u2(), key.u3());
        return i < 0 ? U256.ZERO : valueAt(i);
    }

    /** Sets a slot; zero deletes it (from the trie at the next flush). */
    void put(U256 key, U256 value) {
        long k0 = key.u0(), k1 = key.u1(), k2 = key.u2(), k3 = key.u3();
        boolean zero = value.isZero();
        int i = used == 0 ? -1 : find(k0, k1, k2, k3);
        if (i >= 0) {
            int b = i * STRIDE;
            boolean wasZero = (entries[b + 4] | entries[b + 5] | entries[b + 6] | entries[b + 7]) == 0;
            if (wasZero != zero) {
                nonZero += zero ? -1 : 1;
                modCount++;
            }
            setValue(b, value);
            markDirty(i);
            return;
        }
        if (zero) {
            // Not here and not dirty, so the trie does not have it either: nothing to delete.
            return;
        }
        if (used >= threshold) {
            resize(entries.length == 0 ? MIN_CAPACITY : (mask + 1) * 2);
        }
        i = freeIndexFor(k0, k1, k2, k3);
        int b = i * STRIDE;
        entries[b] = k0;
        entries[b + 1] = k1;
        entries[b + 2] = k2;
        entries[b + 3] = k3;
        setValue(b, value);
        occupied[i >>> 6] |= 1L << i;
        markDirty(i);
        used++;
        nonZero++;
        modCount++;
    }

    /** Drops every slot, dirty or not: the caller starts the account's trie afresh as well. */
    void clear() {
        entries = NONE;
        occupied = NONE;
        dirty = NONE;
        mask = -1;
        threshold = 0;
        used = 0;
        nonZero = 0;
        dirtyCount = 0;
        modCount++;
    }

    /**
     * Hands every slot written since the last flush to {@code sink} with its value, zero for a
     * deleted slot, then forgets the deleted ones and marks everything clean.
     */
    void flush(BiConsumer<U256, U256> sink) {
        if (dirtyCount == 0) {
            return;
        }
        // Deleting moves entries, so the deleted keys are collected first and removed afterwards.
        long[] deleted = new long[4 * (used - nonZero)];
        int deletedLongs = 0;
        for (int w = 0; w < dirty.length; w++) {
            for (long bits = dirty[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                int b = i * STRIDE;
                U256 value = valueAt(i);
                sink.accept(new U256(entries[b], entries[b + 1], entries[b + 2], entries[b + 3]), value);
                if (value.isZero()) {
                    System.arraycopy(entries, b, deleted, deletedLongs, 4);
                    deletedLongs += 4;
                }
            }
            dirty[w] = 0;
        }
        dirtyCount = 0;
        for (int d = 0; d < deletedLongs; d += 4) {
            removeAt(find(deleted[d], deleted[d + 1], deleted[d + 2], deleted[d + 3]));
        }
        if (deletedLongs > 0) {
            modCount++;
        }
    }

    /** A live, read-only view of the non-zero slots. */
    Map<U256, U256> asMap() {
        return new View();
    }

    /**
     * Mixes all four lanes: storage keys are mostly keccak outputs, random in every lane, but small
     * integers (slots 0, 1, 2 of simple contracts) are common too and differ only in u0. Each lane is
     * multiplied by its own odd constant (a bijection), the products folded, and the result run
     * through murmur3's 64-bit finalizer so that the low bits used as the index depend on all bits.
     */
    static long hash(long u0, long u1, long u2, long u3) {
        long h = u0 * 0x9E3779B97F4A7C15L
                ^ Long.rotateLeft(u1 * 0xC2B2AE3D27D4EB4FL, 16)
                ^ Long.rotateLeft(u2 * 0x165667B19E3779F9L, 32)
                ^ Long.rotateLeft(u3 * 0xD6E8FEB86659FD93L, 48);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    // ---- table internals ----

    /** The key's entry index, or -1 when absent. The table must not be empty. */
    private int find(long k0, long k1, long k2, long k3) {
        long[] e = entries;
        long[] occ = occupied;
        int m = mask;
        for (int i = (int) hash(k0, k1, k2, k3) & m; ; i = (i + 1) & m) {
            if ((occ[i >>> 6] & (1L << i)) == 0) {
                return -1;
            }
            int b = i * STRIDE;
            if (e[b] == k0 && e[b + 1] == k1 && e[b + 2] == k2 && e[b + 3] == k3) {
                return i;
            }
        }
    }

    /** The first free entry on the key's probe chain; the key must be absent and the table not full. */
    private int freeIndexFor(long k0, long k1, long k2, long k3) {
        int i = (int) hash(k0, k1, k2, k3) & mask;
        while ((occupied[i >>> 6] & (1L << i)) != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Frees entry {@code i}, then walks the rest of its cluster moving back every entry whose home
     * index does not lie cyclically in (hole, j], so that no probe chain is broken by the hole.
     */
    private void removeAt(int i) {
        int hole = i;
        for (int j = (i + 1) & mask; (occupied[j >>> 6] & (1L << j)) != 0; j = (j + 1) & mask) {
            int jb = j * STRIDE;
            int home = (int) hash(entries[jb], entries[jb + 1], entries[jb + 2], entries[jb + 3]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                System.arraycopy(entries, jb, entries, hole * STRIDE, STRIDE);
                setBit(dirty, hole, (dirty[j >>> 6] & (1L << j)) != 0);
                hole = j;
            }
        }
        occupied[hole >>> 6] &= ~(1L << hole);
        dirty[hole >>> 6] &= ~(1L << hole);
        used--;
    }

    private void resize(int capacity) {
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException("more than " + MAX_CAPACITY * 3 / 5 + " storage slots in one account");
        }
        long[] oldEntries = entries;
        long[] oldOccupied = occupied;
        long[] oldDirty = dirty;
        entries = new long[capacity * STRIDE];
        occupied = new long[(capacity + 63) >>> 6];
        dirty = new long[occupied.length];
        mask = capacity - 1;
        threshold = (int) ((long) capacity * 3 / 5);
        for (int w = 0; w < oldOccupied.length; w++) {
            for (long bits = oldOccupied[w]; bits != 0; bits &= bits - 1) {
                int old = (w << 6) + Long.numberOfTrailingZeros(bits);
                int ob = old * STRIDE;
                int i = freeIndexFor(oldEntries[ob], oldEntries[ob + 1], oldEntries[ob + 2], oldEntries[ob + 3]);
                System.arraycopy(oldEntries, ob, entries, i * STRIDE, STRIDE);
                occupied[i >>> 6] |= 1L << i;
                setBit(dirty, i, (oldDirty[w] & (1L << old)) != 0);
            }
        }
        modCount++;
    }

    private void markDirty(int i) {
        long bit = 1L << i;
        if ((dirty[i >>> 6] & bit) == 0) {
            dirty[i >>> 6] |= bit;
            dirtyCount++;
        }
    }

    private static void setBit(long[] bits, int i, boolean on) {
        if (on) {
            bits[i >>> 6] |= 1L << i;
        } else {
            bits[i >>> 6] &= ~(1L << i);
        }
    }

    private void setValue(int b, U256 value) {
        entries[b + 4] = value.u0();
        entries[b + 5] = value.u1();
        entries[b + 6] = value.u2();
        entries[b + 7] = value.u3();
    }

    private U256 valueAt(int i) {
        int b = i * STRIDE;
        long v0 = entries[b + 4], v1 = entries[b + 5], v2 = entries[b + 6], v3 = entries[b + 7];
        return (v0 | v1 | v2 | v3) == 0 ? U256.ZERO : new U256(v0, v1, v2, v3);
    }

    private U256 keyAt(int i) {
        int b = i * STRIDE;
        return new U256(entries[b], entries[b + 1], entries[b + 2], entries[b + 3]);
    }

    /** The non-zero slots as a map; reads go straight to the table, writes are unsupported. */
    private final class View extends AbstractMap<U256, U256> {
        @Override
        public int size() {
            return nonZero;
        }

        @Override
        public boolean isEmpty() {
            return nonZero == 0;
        }

        @Override
        public U256 get(Object key) {
            if (!(key instanceof U256 k)) {
                return null;
            }
            U256 value = StorageSlots.this.get(k);
            return value.isZero() ? null : value;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<U256, U256>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return nonZero;
                }

                @Override
                public Iterator<Entry<U256, U256>> iterator() {
                    return new EntryIterator();
                }
            };
        }
    }

    /** Walks the occupied bits in index order, skipping zero-valued entries that await a flush. */
    private final class EntryIterator implements Iterator<Map.Entry<U256, U256>> {
        private final int expectedModCount = modCount;
        private int next = advance(0);

        /** The first index at or after {@code from} holding a non-zero value, or -1. */
        private int advance(int from) {
            for (int i = from; i <= mask; i++) {
                long bits = occupied[i >>> 6] >>> i;
                if (bits == 0) {
                    i |= 63; // nothing more in this word
                    continue;
                }
                i += Long.numberOfTrailingZeros(bits);
                if (!valueAt(i).isZero()) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean hasNext() {
            return next >= 0;
        }

        @Override
        public Map.Entry<U256, U256> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next < 0) {
                throw new NoSuchElementException();
            }
            Map.Entry<U256, U256> entry = Map.entry(keyAt(next), valueAt(next));
            next = advance(next + 1);
            return entry;
        }
    }
}
