package dev.multilane.store;

import java.util.Arrays;
import org.rocksdb.WriteBatch;

/**
 * A write batch in RocksDB's own serialized form, built in Java and handed over in one call
 * ({@link WriteBatch#WriteBatch(byte[])}). Filling a {@link WriteBatch} costs a JNI call per key,
 * which copies the key and value across and grows the native buffer piece by piece; for a block's
 * 70,000 keys that was a fifth of the commit.
 *
 * <p>The format (RocksDB {@code db/write_batch.cc}, {@code db/dbformat.h}): a 12-byte header, the
 * sequence number (fixed64, which the write assigns, so zero here) and the record count (fixed32),
 * both little-endian; then the records. A record is a tag byte, for any column family but the
 * default one followed by its id as a varint32, then the key and, for a put, the value, each as a
 * varint32 length and the bytes; a range deletion carries its start and end keys so. Tags: put
 * 0x05, delete 0x04, range deletion 0x0E with a column family id; 0x01, 0x00 and 0x0F without.
 * {@code EncodedBatchTest} checks the bytes against {@link WriteBatch#data()} of the same writes.
 *
 * <p>Not thread-safe.
 */
final class EncodedBatch {
    static final int HEADER = 12;
    private static final byte PUT = 0x01;
    private static final byte DELETE = 0x00;
    private static final byte RANGE_DELETE = 0x0F;
    private static final byte COLUMN_PUT = 0x05;
    private static final byte COLUMN_DELETE = 0x04;
    private static final byte COLUMN_RANGE_DELETE = 0x0E;
    /** RocksDB's default column family, whose records carry no id. */
    private static final int DEFAULT_COLUMN = 0;

    /** The column family id of each {@link Column}, by ordinal. */
    private final int[] columnIds;
    private byte[] bytes;
    private int size = HEADER;
    private int count;

    /** @param capacity the bytes expected, header included; an exact figure saves a copy at the end */
    EncodedBatch(int[] columnIds, int capacity) {
        this.columnIds = columnIds;
        this.bytes = new byte[Math.max(HEADER, capacity)];
    }

    /**
     * The bytes a put or (for a null value) a delete of {@code key} adds, but for the column family
     * id ({@link #columnSize}); a range deletion adds as much as a put of its start and end keys.
     */
    static int sizeWithoutColumn(byte[] key, byte[] value) {
        int n = 1 + varintSize(key.length) + key.length;
        return value == null ? n : n + varintSize(value.length) + value.length;
    }

    /** The bytes a record's column family id takes: none for the default column family. */
    static int columnSize(int columnId) {
        return columnId == DEFAULT_COLUMN ? 0 : varintSize(columnId);
    }

    private int sizeOf(Column column, byte[] key, byte[] value) {
        return columnSize(columnIds[column.ordinal()]) + sizeWithoutColumn(key, value);
    }

    void put(Column column, byte[] key, byte[] value) {
        record(column, PUT, COLUMN_PUT, key, value);
    }

    void delete(Column column, byte[] key) {
        record(column, DELETE, COLUMN_DELETE, key, null);
    }

    /** Deletes the keys in {@code [start, end)} of {@code column}. */
    void deleteRange(Column column, byte[] start, byte[] end) {
        record(column, RANGE_DELETE, COLUMN_RANGE_DELETE, start, end);
    }

    /** One record: the tag for the column, then one or (when {@code second} is not null) two slices. */
    private void record(Column column, byte plainTag, byte columnTag, byte[] first, byte[] second) {
        int id = columnIds[column.ordinal()];
        ensure(sizeOf(column, first, second));
        tag(id, plainTag, columnTag);
        slice(first);
        if (second != null) {
            slice(second);
        }
        count++;
    }

    int count() {
        return count;
    }

    /** The serialized batch, header included: exactly what {@link WriteBatch#data()} would give. */
    byte[] toBytes() {
        putIntLittleEndian(bytes, 8, count);
        return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }

    /** A native batch holding these writes; the caller closes it. */
    WriteBatch toWriteBatch() {
        return new WriteBatch(toBytes());
    }

    private void tag(int columnId, byte plain, byte withColumn) {
        if (columnId == DEFAULT_COLUMN) {
            bytes[size++] = plain;
        } else {
            bytes[size++] = withColumn;
            varint(columnId);
        }
    }

    private void slice(byte[] b) {
        varint(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Unsigned LEB128, as RocksDB's {@code PutVarint32}. */
    private void varint(int v) {
        while ((v & ~0x7f) != 0) {
            bytes[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }

    private static void putIntLittleEndian(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >>> 8);
        b[offset + 2] = (byte) (v >>> 16);
        b[offset + 3] = (byte) (v >>> 24);
    }
}
