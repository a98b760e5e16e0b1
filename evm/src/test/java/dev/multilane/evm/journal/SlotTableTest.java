package dev.multilane.evm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.multilane.primitives.U256;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing slot table against a HashMap, over keys that differ in one limb only and over random ones. */
class SlotTableTest {
    @Test
    void findsEverySlotItMadeAndNoOther() {
        Random random = new Random(11);
        SlotTable table = new SlotTable();
        Map<U256, StorageSlot> reference = new HashMap<>();
        for (int round = 0; round < 20_000; round++) {
            U256 key = switch (random.nextInt(5)) {
                case 0 -> U256.of(random.nextInt(64)); // Solidity's first slots
                case 1 -> new U256(0, 0, 0, random.nextInt(64)); // only the top limb differs
                case 2 -> new U256(0, random.nextInt(64), 0, 0);
                case 3 -> new U256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                default -> new U256(random.nextLong(), 0, random.nextLong(), 0);
            };
            StorageSlot found = random.nextBoolean()
                    ? table.getOrCreate(key)
                    : table.getOrCreate(key.u0(), key.u1(), key.u2(), key.u3());
            StorageSlot expected = reference.computeIfAbsent(key, k -> found);
            assertSame(expected, found, "key " + key);
            assertEquals(key, found.key());
            assertEquals(reference.size(), table.size());
        }
        Map<StorageSlot, Boolean> visited = new IdentityHashMap<>();
        for (StorageSlot s : table.slots()) {
            if (s != null) {
                visited.put(s, true);
            }
        }
        assertEquals(reference.size(), visited.size());
        for (StorageSlot s : reference.values()) {
            assertEquals(true, visited.get(s));
        }
    }
}
