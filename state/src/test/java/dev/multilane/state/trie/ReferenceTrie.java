package dev.multilane.state.trie;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The trie root computed straight from its definition (Yellow Paper, appendix D, the functions c
 * and n) over the whole key set at once, with no nodes kept and nothing incremental: the
 * independent reference that {@link MerklePatriciaTrie} is checked against.
 */
final class ReferenceTrie {
    private record Item(byte[] nibbles, byte[] value) {}

    private ReferenceTrie() {}

    /** Root of the pairs; empty values are skipped, as the trie treats them as absent. */
    static Hash root(Map<byte[], byte[]> pairs) {
        List<Item> items = new ArrayList<>();
        pairs.forEach((k, v) -> {
            if (v.length > 0) {
                items.add(new Item(Nibbles.of(k), v));
            }
        });
        if (items.isEmpty()) {
            return Keccak.EMPTY_TRIE_ROOT;
        }
        return Keccak.of(structure(items, 0));
    }

    /** n(I, i): how a parent holds the node for these items. */
    private static byte[] ref(List<Item> items, int i) {
        if (items.isEmpty()) {
            return Rlp.EMPTY_STRING;
        }
        byte[] c = structure(items, i);
        return c.length < 32 ? c : Rlp.encodeBytes(Keccak.hash(c));
    }

    /** c(I, i): the node for items that all agree on their first i nibbles. */
    private static byte[] structure(List<Item> items, int i) {
        if (items.size() == 1) {
            Item only = items.getFirst();
            byte[] rest = Arrays.copyOfRange(only.nibbles, i, only.nibbles.length);
            return Rlp.encodeList(Rlp.encodeBytes(Nibbles.hexPrefix(rest, true)), Rlp.encodeBytes(only.value));
        }
        int j = sharedLength(items, i);
        if (j > i) {
            byte[] shared = Arrays.copyOfRange(items.getFirst().nibbles, i, j);
            return Rlp.encodeList(Rlp.encodeBytes(Nibbles.hexPrefix(shared, false)), ref(items, j));
        }
        byte[][] slots = new byte[17][];
        byte[] value = new byte[0];
        for (int u = 0; u < 16; u++) {
            List<Item> group = new ArrayList<>();
            for (Item item : items) {
                if (item.nibbles.length > i && item.nibbles[i] == u) {
                    group.add(item);
                }
            }
            slots[u] = ref(group, i + 1);
        }
        for (Item item : items) {
            if (item.nibbles.length == i) {
                value = item.value;
            }
        }
        slots[16] = Rlp.encodeBytes(value);
        return Rlp.encodeList(slots);
    }

    /** The largest x such that every key has length at least x and they all agree up to x. */
    private static int sharedLength(List<Item> items, int i) {
        byte[] first = items.getFirst().nibbles;
        int x = first.length;
        for (Item item : items) {
            x = Math.min(x, item.nibbles.length);
            int k = i;
            while (k < x && item.nibbles[k] == first[k]) {
                k++;
            }
            x = k;
        }
        return x;
    }
}
