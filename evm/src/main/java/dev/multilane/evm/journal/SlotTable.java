package dev.multilane.evm.journal;

import dev.multilane.primitives.U256;

/**
 * One account's {@link StorageSlot}s by key: open addressing with linear probing, hashed and
 * compared on the key's four limbs, so that SLOAD and SSTORE find a slot straight from the stack
 * words without making a {@link U256} (or a map node) per access. Grows at half full; slots are
 * never removed (a slot is a cache of what the transaction has seen, and lives as long as it).
 */
final class SlotTable {
    private static final int INITIAL_CAPACITY = 8; // a power of two

    private StorageSlot[] table = new StorageSlot[INITIAL_CAPACITY];
    /** 64 - log2(capacity): the index is the top bits of the mixed hash (Fibonacci hashing). */
    private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    private int size;

    /** The slot at key (k0 least significant limb .. k3), made on first use. */
    StorageSlot getOrCreate(long k0, long k1, long k2, long k3) {
        StorageSlot[] t = table;
        int mask = t.length - 1;
        for (int i = index(k0, k1, k2, k3, shift); ; i = (i + 1) & mask) {
            StorageSlot s = t[i];
            if (s == null) {
                break;
            }
            U256 k = s.key;
            if (k.u0() == k0 && k.u1() == k1 && k.u2() == k2 && k.u3() == k3) {
                return s;
            }
        }
        StorageSlot created = new StorageSlot(new U256(k0, k1, k2, k3));
        if (2 * (size + 1) > t.length) {
            grow();
        }
        insert(table, created, shift);
        size++;
        return created;
    }

    StorageSlot getOrCreate(U256 key) {
        return getOrCreate(key.u0(), key.u1(), key.u2(), key.u3());
    }

    /** The backing array, null where empty: for visiting every slot. Do not modify. */
    StorageSlot[] slots() {
        return table;
    }

    int size() {
        return size;
    }

    private void grow() {
        StorageSlot[] old = table;
        StorageSlot[] bigger = new StorageSlot[old.length * 2];
        int biggerShift = shift - 1;
        for (StorageSlot s : old) {
            if (s != null) {
                insert(bigger, s, biggerShift);
            }
        }
        table = bigger;
        shift = biggerShift;
    }

    private static void insert(StorageSlot[] t, StorageSlot s, int shift) {
        U256 k = s.key;
        int mask = t.length - 1;
        int i = index(k.u0(), k.u1(), k.u2(), k.u3(), shift);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = s;
    }

    /**
     * Keys are either hashes (uniform already) or small numbers (Solidity's first slots); rotating
     * the limbs apart and multiplying by 2^64/phi spreads both over the top bits.
     */
    private static int index(long k0, long k1, long k2, long k3, int shift) {
        long h = k0 ^ Long.rotateLeft(k1, 16) ^ Long.rotateLeft(k2, 32) ^ Long.rotateLeft(k3, 48);
        return (int) ((h * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
