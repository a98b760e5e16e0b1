package dev.multilane.store;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fixed-width keys (and the few fixed-width values) of the store. Numbers are unsigned big-endian
 * so that RocksDB's bytewise order is numeric order: a range of block numbers is a range of keys,
 * and an account's storage slots sit together after its 20-byte address.
 */
final class StoreKeys {
    static final byte[] META_HEAD = ascii("head");
    /** The block whose post-state the flat state holds: the head, or below it while diffs wait. */
    static final byte[] META_STATE = ascii("state");
    static final byte[] META_CHAIN_ID = ascii("chainId");
    static final byte[] META_GENESIS = ascii("genesis");
    static final byte[] META_SCHEMA = ascii("schema");
    /** The stage id ({@link Column#STAGED}) of the newest committed block that refers to staged parts. */
    static final byte[] META_STAGE = ascii("stage");

    static final int STORAGE_KEY_SIZE = Address.SIZE + 32;

    private StoreKeys() {}

    static byte[] number(long number) {
        byte[] key = new byte[8];
        Bytes.putLong(key, 0, number);
        return key;
    }

    /** The key of part {@code part} of stage {@code stage}: stage (8) ‖ part (4). */
    static byte[] stagedPart(long stage, int part) {
        byte[] key = new byte[12];
        Bytes.putLong(key, 0, stage);
        Bytes.putInt(key, 8, part);
        return key;
    }

    /** The key of the state diff's items in part {@code part} of stage {@code stage}: stage (8) ‖ part (4) ‖ 1. */
    static byte[] stagedDiffPart(long stage, int part) {
        byte[] key = new byte[13];
        Bytes.putLong(key, 0, stage);
        Bytes.putInt(key, 8, part);
        key[12] = 1;
        return key;
    }

    static long number(byte[] key) {
        return Bytes.getLong(key, 0);
    }

    static byte[] storage(Address address, U256 slot) {
        byte[] key = new byte[STORAGE_KEY_SIZE];
        putStorageKey(key, 0, address, slot);
        return key;
    }

    /** The history key of a slot: {@code history(storage(address, slot), number)} in one allocation. */
    static byte[] storageHistory(Address address, U256 slot, long number) {
        byte[] key = new byte[STORAGE_KEY_SIZE + 8];
        putStorageKey(key, 0, address, slot);
        Bytes.putLong(key, STORAGE_KEY_SIZE, number);
        return key;
    }

    /** Writes the storage key, address (20) ‖ slot (32, big-endian), at {@code offset} of {@code out}. */
    static void putStorageKey(byte[] out, int offset, Address address, U256 slot) {
        System.arraycopy(address.bytes(), 0, out, offset, Address.SIZE);
        Bytes.putLong(out, offset + Address.SIZE, slot.u3());
        Bytes.putLong(out, offset + Address.SIZE + 8, slot.u2());
        Bytes.putLong(out, offset + Address.SIZE + 16, slot.u1());
        Bytes.putLong(out, offset + Address.SIZE + 24, slot.u0());
    }

    /** The first possible storage key of {@code address}: the address and slot zero. */
    static byte[] storageStart(Address address) {
        return Arrays.copyOf(address.bytes(), STORAGE_KEY_SIZE);
    }

    /**
     * A key just above every storage key of {@code address}: the address, 32 bytes 0xff and one
     * more byte. Needs no carry into the address, so it works for 0xff...ff as well.
     */
    static byte[] storageEnd(Address address) {
        byte[] end = new byte[STORAGE_KEY_SIZE + 1];
        System.arraycopy(address.bytes(), 0, end, 0, Address.SIZE);
        Arrays.fill(end, Address.SIZE, STORAGE_KEY_SIZE, (byte) 0xff);
        return end;
    }

    static Address storageAddress(byte[] key) {
        return Address.wrap(Arrays.copyOf(key, Address.SIZE));
    }

    static U256 storageSlot(byte[] key) {
        return U256.fromBytes(key, Address.SIZE, 32);
    }

    /** A history key: an account's address or a storage key, then the block number. */
    static byte[] history(byte[] key, long number) {
        byte[] out = Arrays.copyOf(key, key.length + 8);
        Bytes.putLong(out, key.length, number);
        return out;
    }

    /** The block number at the end of a history key. */
    static long historyNumber(byte[] historyKey) {
        return Bytes.getLong(historyKey, historyKey.length - 8);
    }

    /** The head record: number (8) ‖ hash (32). */
    static byte[] head(ChainHead head) {
        return Bytes.concat(number(head.number()), head.hash().bytes());
    }

    static ChainHead head(byte[] value) {
        return new ChainHead(Bytes.getLong(value, 0), Hash.wrap(Arrays.copyOfRange(value, 8, 40)));
    }

    /** A transaction's place: block number (8) ‖ block hash (32) ‖ index (4). */
    static byte[] txLocation(long blockNumber, Hash blockHash, int index) {
        byte[] v = new byte[44];
        Bytes.putLong(v, 0, blockNumber);
        System.arraycopy(blockHash.bytes(), 0, v, 8, 32);
        Bytes.putInt(v, 40, index);
        return v;
    }

    static TxLocation txLocation(byte[] value) {
        return new TxLocation(Bytes.getLong(value, 0), Hash.wrap(Arrays.copyOfRange(value, 8, 40)),
                Bytes.getInt(value, 40));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
