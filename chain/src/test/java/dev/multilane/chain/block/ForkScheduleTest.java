package dev.multilane.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multilane.evm.Fork;
import org.junit.jupiter.api.Test;

class ForkScheduleTest {
    private static final long SHANGHAI_TIME = 1_681_338_455;
    private static final long CANCUN_TIME = 1_710_338_135;

    private static Fork mainnet(long number, long timestamp) {
        return ForkSchedule.MAINNET.forkAt(number, timestamp);
    }

    @Test
    void mainnetBlockNumberForks() {
        assertNull(mainnet(12_243_999, 0), "Istanbul/Muir Glacier are not supported");
        assertEquals(Fork.BERLIN, mainnet(12_244_000, 0));
        assertEquals(Fork.BERLIN, mainnet(12_964_999, 0));
        assertEquals(Fork.LONDON, mainnet(12_965_000, 0));
        assertEquals(Fork.LONDON, mainnet(15_537_393, 1_663_224_162));
        assertEquals(Fork.PARIS, mainnet(15_537_394, 1_663_224_179));
    }

    @Test
    void mainnetTimestampForks() {
        assertEquals(Fork.PARIS, mainnet(17_034_869, SHANGHAI_TIME - 12));
        assertEquals(Fork.SHANGHAI, mainnet(17_034_870, SHANGHAI_TIME));
        assertEquals(Fork.SHANGHAI, mainnet(19_426_586, CANCUN_TIME - 12));
        assertEquals(Fork.CANCUN, mainnet(19_426_587, CANCUN_TIME));
        assertEquals(Fork.CANCUN, mainnet(30_000_000, 2_000_000_000));
    }

    @Test
    void otherChainsAreConfigured() {
        ForkSchedule devnet = ForkSchedule.builder().atBlock(Fork.PARIS, 0).atTimestamp(Fork.SHANGHAI, 0)
                .atTimestamp(Fork.CANCUN, 100).build();
        assertEquals(Fork.SHANGHAI, devnet.forkAt(5, 99));
        assertEquals(Fork.CANCUN, devnet.forkAt(6, 100));
        assertEquals(Fork.BERLIN, ForkSchedule.fixed(Fork.BERLIN).forkAt(0, 0));
    }

    @Test
    void rejectsSchedulesGethRejects() {
        assertThrows(IllegalArgumentException.class,
                () -> ForkSchedule.builder().atBlock(Fork.LONDON, 5).atBlock(Fork.BERLIN, 6));
        assertThrows(IllegalArgumentException.class,
                () -> ForkSchedule.builder().atBlock(Fork.BERLIN, 10).atBlock(Fork.LONDON, 5));
        assertThrows(IllegalArgumentException.class,
                () -> ForkSchedule.builder().atTimestamp(Fork.SHANGHAI, 0).atBlock(Fork.CANCUN, 5));
        assertThrows(IllegalStateException.class, () -> ForkSchedule.builder().build());
    }

    @Test
    void chainConfigReadsTheHeader() {
        BlockHeader h = TestBlocks.header(Fork.CANCUN, 19_426_587, CANCUN_TIME, 30_000_000);
        assertEquals(Fork.CANCUN, ChainConfig.MAINNET.forkAt(h));
    }
}
