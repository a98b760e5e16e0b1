package dev.multilane.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link StorageSlots} against java.util.HashMap and HashSet as the reference. */
class StorageSlotsTest {
    /** Low hash bits shared by the colliding keys: the last two and first two entries of any table up to 4,096. */
    private static final int COLLISION_BITS = 0xFFF;
    private static final Set<Integer> COLLIDING_HOMES = Set.of(0xFFE, 0xFFF, 0, 1);

    /**
     * One table and what it must hold: the non-zero slots, the slots the trie holds after the
     * flushes so far, and the slots a flush must report now.
     */
    private static final class Case {
        final StorageSlots slots;
        final Map<U256, U256> model;
        final Map<U256, U256> trie;
        final Set<U256> dirty;

        Case(StorageSlots slots, Map<U256, U256> model, Map<U256, U256> trie, Set<U256> dirty) {
            this.slots = slots;
            this.model = model;
            this.trie = trie;
            this.dirty = dirty;
        }

        Case copy() {
            return new Case(slots.copy(), new HashMap<>(model), new HashMap<>(trie), new HashSet<>(dirty));
        }

        void put(U256 key, U256 value) {
            // Zero written to an absent slot changes nothing, in the table or in the trie.
            if (!value.isZero() || model.containsKey(key)) {
                dirty.add(key);
            }
            if (value.isZero()) {
                model.remove(key);
            } else {
                model.put(key, value);
            }
            slots.put(key, value);
        }

        void clear() {
            slots.clear();
            model.clear();
            trie.clear();
            dirty.clear();
        }

        void flush() {
            Map<U256, U256> reported = new HashMap<>();
            List<U256> order = new ArrayList<>();
            slots.flush((key, value) -> {
                order.add(key);
                reported.put(key, value);
            });
            assertEquals(order.size(), reported.size(), "a slot reported twice");
            assertEquals(dirty, reported.keySet(), "dirty slots");
            reported.forEach((key, value) -> {
                assertEquals(model.getOrDefault(key, U256.ZERO), value, "flushed value of " + key);
                if (value.isZero()) {
                    trie.remove(key);
                } else {
                    trie.put(key, value);
                }
            });
            assertEquals(model, trie, "trie after the flush");
            dirty.clear();
        }

        void check(List<U256> pool) {
            assertEquals(model.size(), slots.size());
            for (U256 key : pool) {
                assertEquals(model.getOrDefault(key, U256.ZERO), slots.get(key), "slot " + key);
            }
            Map<U256, U256> view = slots.asMap();
            assertEquals(model, view);
            assertEquals(view, model);
            assertEquals(model.hashCode(), view.hashCode());
            Map<U256, U256> iterated = new HashMap<>();
            for (Map.Entry<U256, U256> e : view.entrySet()) {
                assertFalse(e.getValue().isZero(), "zero value in the view");
                assertNull(iterated.put(e.getKey(), e.getValue()), "key iterated twice");
            }
            assertEquals(model, iterated);
        }
    }

    @Test
    void matchesHashMapUnderRandomOperations() {
        Random random = new Random(42);
        List<U256> pool = keyPool(random);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(new StorageSlots(), new HashMap<>(), new HashMap<>(), new HashSet<>()));
        int flushes = 0;
        int copies = 0;
        int clears = 0;
        for (int op = 0; op < 60_000; op++) {
            Case c = cases.get(random.nextInt(cases.size()));
            int kind = random.nextInt(1000);
            if (kind < 2 && cases.size() < 6) {
                cases.add(c.copy());
                copies++;
            } else if (kind < 3) {
                c.clear();
                clears++;
            } else if (kind < 15) {
                c.flush();
                flushes++;
            } else if (kind < 25) {
                c.check(pool);
            } else {
                // Keys come from a window over the pool that widens and narrows, so tables keep growing
                // and the same keys are written, deleted and written again many times.
                int window = 64 + (op / 50) % 1500;
                U256 key = pool.get(random.nextInt(Math.min(window, pool.size())));
                U256 value = random.nextInt(3) == 0 ? U256.ZERO : U256.of(1 + random.nextInt(1 << 20));
                c.put(key, value);
                assertEquals(c.model.getOrDefault(key, U256.ZERO), c.slots.get(key));
            }
        }
        for (Case c : cases) {
            c.check(pool);
            c.flush();
            c.check(pool);
        }
        // So that a change that stops the loop reaching some operation fails here rather than passing quietly.
        assertTrue(flushes > 100 && copies >= 5 && clears > 10, flushes + " flushes, " + copies + " copies, " + clears + " clears");
    }

    /** Deletion moves entries back; probing must still find every key, across the table's end too. */
    @Test
    void deletingFromCollidingClustersKeepsTheRestReachable() {
        Random random = new Random(3);
        List<U256> colliding = collidingKeys(random, 300);
        Case c = new Case(new StorageSlots(), new HashMap<>(), new HashMap<>(), new HashSet<>());
        for (int round = 0; round < 20; round++) {
            for (U256 key : colliding) {
                c.put(key, U256.of(1 + random.nextInt(100)));
            }
            c.flush();
            List<U256> shuffled = new ArrayList<>(colliding);
            Collections.shuffle(shuffled, random);
            for (U256 key : shuffled.subList(0, 1 + random.nextInt(shuffled.size() - 1))) {
                c.put(key, U256.ZERO);
            }
            c.flush();
            c.check(colliding);
        }
    }

    @Test
    void zeroWrittenToAnAbsentSlotIsNotReported() {
        StorageSlots slots = new StorageSlots();
        slots.put(U256.ONE, U256.ZERO);
        List<U256> reported = new ArrayList<>();
        slots.flush((key, value) -> reported.add(key));
        assertEquals(List.of(), reported);

        slots.put(U256.ONE, U256.of(5));
        slots.put(U256.ONE, U256.ZERO);
        assertEquals(0, slots.size());
        assertEquals(U256.ZERO, slots.get(U256.ONE));
        Map<U256, U256> flushed = new HashMap<>();
        slots.flush(flushed::put);
        assertEquals(Map.of(U256.ONE, U256.ZERO), flushed, "a slot set and zeroed still reaches the trie as a delete");
    }

    @Test
    void viewIsLiveAndReadOnly() {
        StorageSlots slots = new StorageSlots();
        Map<U256, U256> view = slots.asMap();
        assertTrue(view.isEmpty());
        slots.put(U256.of(7), U256.of(8));
        assertEquals(Map.of(U256.of(7), U256.of(8)), view);
        assertTrue(view.containsKey(U256.of(7)));
        assertFalse(view.containsKey(U256.of(8)));
        assertFalse(view.containsKey("not a slot"));
        assertThrows(UnsupportedOperationException.class, () -> view.put(U256.ONE, U256.ONE));
        assertThrows(UnsupportedOperationException.class, () -> view.remove(U256.of(7)));
        assertThrows(UnsupportedOperationException.class, view::clear);

        Iterator<Map.Entry<U256, U256>> it = view.entrySet().iterator();
        slots.put(U256.of(9), U256.ONE);
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void copiesShareNothing() {
        StorageSlots original = new StorageSlots();
        for (int i = 0; i < 100; i++) {
            original.put(U256.of(i), U256.of(i + 1));
        }
        StorageSlots copy = original.copy();
        original.put(U256.of(5), U256.ZERO);
        copy.put(U256.of(6), U256.of(60));
        original.flush((k, v) -> {});
        assertEquals(U256.of(6), copy.get(U256.of(5)));
        assertEquals(U256.ZERO, original.get(U256.of(5)));
        assertEquals(U256.of(7), original.get(U256.of(6)));
        Map<U256, U256> copyDirty = new HashMap<>();
        copy.flush(copyDirty::put);
        assertEquals(100, copyDirty.size(), "the copy keeps its own dirty marks");
    }

    /** Small integers, keccak outputs as mappings use them, and keys whose hashes collide. */
    private static List<U256> keyPool(Random random) {
        List<U256> pool = new ArrayList<>();
        List<U256> colliding = collidingKeys(random, 400);
        for (int i = 0; i < 2000; i++) {
            switch (i % 3) {
                case 0 -> pool.add(colliding.get(i / 3 % colliding.size()));
                case 1 -> pool.add(U256.of(i / 3));
                default -> pool.add(U256.fromBytes(Keccak.hash(U256.of(i).toBytes())));
            }
        }
        pool.add(U256.MAX);
        return List.copyOf(new LinkedHashSet<>(pool));
    }

    /** Random keys whose hashes put them at the same few home indices in every table up to 4,096. */
    private static List<U256> collidingKeys(Random random, int count) {
        List<U256> keys = new ArrayList<>();
        while (keys.size() < count) {
            U256 key = new U256(random.nextLong(), random.nextInt(4) == 0 ? 0 : random.nextLong(), random.nextLong(), random.nextLong());
            long h = StorageSlots.hash(key.u0(), key.u1(), key.u2(), key.u3());
            if (COLLIDING_HOMES.contains((int) h & COLLISION_BITS)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
