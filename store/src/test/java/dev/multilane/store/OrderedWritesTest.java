package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderedWrites#sorted} against a plain stable sort with a comparator (range deletions
 * first in the order added, then by column, then by unsigned key), compared through the encoded
 * batch. The keys are made to be hard: shared prefixes of every length (an address before its
 * slots), keys that are prefixes of others or differ only by trailing zeros, duplicates whose
 * values tell their order apart, and ranges of every size around the cut-over to the comparator.
 */
class OrderedWritesTest {
    private record Write(Column column, byte[] key, byte[] value, byte[] end) {}

    private static final Comparator<Write> REFERENCE = (a, b) -> {
        if (a.end() != null || b.end() != null) {
            return Boolean.compare(b.end() != null, a.end() != null);
        }
        int c = Integer.compare(a.column().ordinal(), b.column().ordinal());
        return c != 0 ? c : Arrays.compareUnsigned(a.key(), b.key());
    };

    @Test
    void sortsAsAStableComparatorSortDoes() {
        Random random = new Random(3);
        int[] ids = new int[Column.values().length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        for (int size : new int[] {0, 1, 2, 31, 32, 33, 100, 1_000, 30_000}) {
            for (int round = 0; round < (size > 1_000 ? 2 : 20); round++) {
                List<Write> writes = randomWrites(random, size);
                OrderedWrites actual = new OrderedWrites(size);
                writes.forEach(w -> add(actual, w));
                actual.sorted();
                List<Write> expected = new ArrayList<>(writes);
                expected.sort(REFERENCE);
                OrderedWrites reference = new OrderedWrites(size);
                expected.forEach(w -> add(reference, w));
                assertArrayEquals(encode(reference, ids), encode(actual, ids), size + " writes, round " + round);
            }
        }
    }

    private static List<Write> randomWrites(Random random, int count) {
        Column[] columns = {Column.STORAGE, Column.ACCOUNTS, Column.TX_INDEX, Column.STORAGE_HISTORY};
        byte[][] prefixes = new byte[4][];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = new byte[random.nextInt(25)];
            random.nextBytes(prefixes[i]);
        }
        List<Write> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Column column = columns[random.nextInt(columns.length)];
            byte[] key = key(random, prefixes[random.nextInt(prefixes.length)]);
            if (!writes.isEmpty() && random.nextInt(20) == 0) {
                key = writes.get(random.nextInt(writes.size())).key().clone(); // a duplicate
            }
            byte[] value = {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)};
            int op = random.nextInt(30);
            if (op == 0) {
                writes.add(new Write(column, key, null, key(random, prefixes[0])));
            } else if (op < 5) {
                writes.add(new Write(column, key, null, null));
            } else {
                writes.add(new Write(column, key, value, null));
            }
        }
        return writes;
    }

    /** A shared prefix, then a few bytes that are often zero or absent, sometimes a long random tail. */
    private static byte[] key(Random random, byte[] prefix) {
        int tail = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3);
            case 1 -> 32;
            default -> random.nextInt(12);
        };
        byte[] key = Arrays.copyOf(prefix, prefix.length + tail);
        for (int i = prefix.length; i < key.length; i++) {
            key[i] = random.nextInt(3) == 0 ? 0 : (byte) random.nextInt(tail == 32 ? 256 : 3);
        }
        return key;
    }

    private static void add(OrderedWrites writes, Write w) {
        if (w.end() != null) {
            writes.deleteRange(w.column(), w.key(), w.end());
        } else if (w.value() == null) {
            writes.delete(w.column(), w.key());
        } else {
            writes.put(w.column(), w.key(), w.value());
        }
    }

    private static byte[] encode(OrderedWrites writes, int[] ids) {
        EncodedBatch batch = new EncodedBatch(ids, writes.encodedSize(ids) + EncodedBatch.HEADER);
        writes.encodeTo(batch);
        return batch.toBytes();
    }
}
