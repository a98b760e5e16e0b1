package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The batch encoded in Java against RocksDB's own: the same writes, made with {@link
 * WriteBatch#put}, {@code delete} and {@code deleteRange}, must give the same bytes from {@link
 * WriteBatch#data()}, and written to two databases with the same contents, the same contents after.
 */
class EncodedBatchTest {
    @TempDir
    Path dir;

    /** One write: a put, a delete (null value) or a range deletion (non-null end). */
    private record Write(Column column, byte[] key, byte[] value, byte[] end) {}

    @Test
    void givesRocksDbsBytesAndContents() throws RocksDBException {
        Random random = new Random(7);
        try (ChainStore plain = ChainStore.open(dir.resolve("plain"));
                ChainStore encoded = ChainStore.open(dir.resolve("encoded"));
                WriteOptions options = new WriteOptions()) {
            int[] ids = columnIds(plain);
            assertArrayEquals(ids, columnIds(encoded), "both databases number their column families alike");
            for (int round = 0; round < 4; round++) {
                List<Write> writes = randomWrites(random, round == 3 ? 20_000 : 400);
                try (WriteBatch reference = new WriteBatch()) {
                    EncodedBatch batch = new EncodedBatch(ids, round == 0 ? 0 : 64);
                    for (Write w : writes) {
                        apply(plain, reference, w);
                        apply(batch, w);
                    }
                    byte[] bytes = batch.toBytes();
                    assertEquals(writes.size(), batch.count());
                    assertArrayEquals(reference.data(), bytes, "round " + round);
                    plain.db().write(options, reference);
                    try (WriteBatch fromBytes = batch.toWriteBatch()) {
                        assertEquals(writes.size(), fromBytes.count());
                        encoded.db().write(options, fromBytes);
                    }
                }
                int entries = assertSameContents(plain, encoded);
                assertTrue(entries > 100, "round " + round + ": only " + entries + " entries");
            }
        }
    }

    /** Records of RocksDB's default column family carry no id and other tags. */
    @Test
    void theDefaultColumnFamilyHasItsOwnTags() throws RocksDBException {
        try (ChainStore store = ChainStore.open(dir); WriteBatch reference = new WriteBatch()) {
            int[] ids = new int[Column.values().length];
            EncodedBatch batch = new EncodedBatch(ids, 0);
            ColumnFamilyHandle defaultColumn = store.db().getDefaultColumnFamily();
            byte[] big = new byte[300];
            Arrays.fill(big, (byte) 0x5a);
            reference.put(defaultColumn, new byte[] {1}, big);
            batch.put(Column.HEADERS, new byte[] {1}, big);
            reference.delete(defaultColumn, new byte[] {2});
            batch.delete(Column.HEADERS, new byte[] {2});
            reference.deleteRange(defaultColumn, new byte[] {3}, new byte[] {4});
            batch.deleteRange(Column.HEADERS, new byte[] {3}, new byte[] {4});
            assertArrayEquals(reference.data(), batch.toBytes());
        }
    }

    private static int[] columnIds(ChainStore store) {
        int[] ids = new int[Column.values().length];
        for (Column c : Column.values()) {
            ids[c.ordinal()] = store.handle(c).getID();
        }
        return ids;
    }

    /**
     * Puts, deletes and range deletions over every column, on a small key space so that they hit
     * each other and earlier rounds' keys; lengths cross the one-byte varint limit (128), and some
     * values are empty or large.
     */
    private static List<Write> randomWrites(Random random, int count) {
        List<Write> writes = new ArrayList<>(count);
        Column[] columns = Column.values();
        for (int i = 0; i < count; i++) {
            Column column = columns[random.nextInt(columns.length)];
            byte[] key = key(random);
            int op = random.nextInt(10);
            if (op == 0) {
                byte[] end = key(random);
                boolean ordered = Arrays.compareUnsigned(key, end) <= 0;
                writes.add(new Write(column, ordered ? key : end, null, ordered ? end : key));
            } else if (op <= 2) {
                writes.add(new Write(column, key, null, null));
            } else {
                int length = switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> 127 + random.nextInt(3);
                    case 2 -> 16_383 + random.nextInt(3);
                    default -> random.nextInt(60);
                };
                byte[] value = new byte[length];
                random.nextBytes(value);
                writes.add(new Write(column, key, value, null));
            }
        }
        return writes;
    }

    /** A key of 1 to 3 bytes from a small alphabet, or now and then a long one (200 bytes). */
    private static byte[] key(Random random) {
        byte[] key = new byte[random.nextInt(20) == 0 ? 200 : 1 + random.nextInt(3)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) random.nextInt(6);
        }
        return key;
    }

    private static void apply(ChainStore store, WriteBatch batch, Write w) throws RocksDBException {
        ColumnFamilyHandle handle = store.handle(w.column());
        if (w.end() != null) {
            batch.deleteRange(handle, w.key(), w.end());
        } else if (w.value() == null) {
            batch.delete(handle, w.key());
        } else {
            batch.put(handle, w.key(), w.value());
        }
    }

    private static void apply(EncodedBatch batch, Write w) {
        if (w.end() != null) {
            batch.deleteRange(w.column(), w.key(), w.end());
        } else if (w.value() == null) {
            batch.delete(w.column(), w.key());
        } else {
            batch.put(w.column(), w.key(), w.value());
        }
    }

    /** Every column of the two databases holds the same entries; returns how many in all. */
    private static int assertSameContents(ChainStore a, ChainStore b) {
        int entries = 0;
        HexFormat hex = HexFormat.of();
        for (Column c : Column.values()) {
            try (RocksIterator x = a.db().newIterator(a.handle(c)); RocksIterator y = b.db().newIterator(b.handle(c))) {
                x.seekToFirst();
                y.seekToFirst();
                while (x.isValid() && y.isValid()) {
                    assertEquals(hex.formatHex(x.key()), hex.formatHex(y.key()), "key in " + c);
                    assertArrayEquals(x.value(), y.value(), "value of " + hex.formatHex(x.key()) + " in " + c);
                    entries++;
                    x.next();
                    y.next();
                }
                assertEquals(x.isValid(), y.isValid(), "one database has more entries in " + c);
            }
        }
        return entries;
    }
}
