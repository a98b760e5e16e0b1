package dev.multilane.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.node.dev.DevConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevCommandTest {

    @Test
    void parsesThePoolLimits() {
        DevConfig defaults = DevCommand.parse(List.of());
        assertEquals(DevConfig.DEFAULT_TXPOOL_MAX, defaults.txpoolMax());
        assertEquals(DevConfig.DEFAULT_TXPOOL_PER_SENDER, defaults.txpoolPerSender());
        // Far above geth's 5,120 slots: a dev chain queues whole blocks with automining off.
        assertTrue(defaults.txpoolMax() >= 10_000);
        DevConfig c = DevCommand.parse(List.of("--txpool-max", "20000", "--txpool-max-per-sender", "64"));
        assertEquals(20_000, c.txpoolMax());
        assertEquals(64, c.txpoolPerSender());
        assertThrows(IllegalArgumentException.class, () -> DevCommand.parse(List.of("--txpool-max", "-1")));
        assertThrows(IllegalArgumentException.class, () -> DevCommand.parse(List.of("--txpool-max-per-sender", "0")));
        assertThrows(IllegalArgumentException.class, () -> DevCommand.parse(List.of("--txpool-max", "lots")));
        assertThrows(IllegalArgumentException.class, () -> DevCommand.parse(List.of("--txpool-max")));
    }
}
