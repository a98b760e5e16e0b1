package dev.multilane.rpc.pubsub;

import static dev.multilane.rpc.pubsub.TestBlocks.A;
import static dev.multilane.rpc.pubsub.TestBlocks.B;
import static dev.multilane.rpc.pubsub.TestBlocks.T1;
import static dev.multilane.rpc.pubsub.TestBlocks.T2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.store.IndexedLog;
import dev.multilane.store.LogFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private long now = 1_000;
    private final Filters filters = new Filters(() -> now);

    private void block(long number, List<List<Log>> logs) {
        Block b = TestBlocks.block(number, logs);
        filters.onBlock(BlockEvent.of(b, TestBlocks.receipts(logs)));
    }

    private static LogCriteria topic(dev.multilane.primitives.Hash t) {
        return new LogCriteria(new LogFilter(0, Long.MAX_VALUE, List.of(), List.of(List.of(t))), null, null, null);
    }

    @Test
    void eachFilterGathersItsKindUntilPolled() {
        String blocks = filters.install(Filters.Kind.BLOCKS, null);
        String pending = filters.install(Filters.Kind.PENDING_TRANSACTIONS, null);
        String logs = filters.install(Filters.Kind.LOGS, topic(T2));
        assertTrue(blocks.matches("0x[0-9a-f]{32}"), blocks);

        filters.onPendingTransaction(TestBlocks.tx(1).hash());
        block(1, List.of(List.of(TestBlocks.log(A, T1)), List.of(TestBlocks.log(A, T2), TestBlocks.log(B, T2))));
        block(2, List.of());

        Filters.Changes b = filters.poll(blocks);
        assertEquals(2, b.hashes().size());
        assertTrue(b.logs().isEmpty());
        assertEquals(List.of(TestBlocks.tx(1).hash()), filters.poll(pending).hashes());
        List<IndexedLog> l = filters.poll(logs).logs().stream().map(Filters.LogChange::log).toList();
        assertEquals(2, l.size(), "the two T2 logs, in block order");
        assertEquals(1, l.get(0).logIndex());
        assertEquals(1, l.get(0).transactionIndex());
        assertEquals(B, l.get(1).log().address());
        assertEquals(2, l.get(1).logIndex());
        assertEquals(TestBlocks.tx(101).hash(), l.get(0).transactionHash());

        // Polled: nothing new until the next event.
        assertTrue(filters.poll(blocks).hashes().isEmpty());
        assertTrue(filters.poll(logs).logs().isEmpty());
    }

    /**
     * evm_revert undoes block 2: the log filter gets block 2's matching logs again, removed (even
     * those it has not returned yet, as geth does); the block filter forgets block 2's unreturned
     * hash and keeps block 1's.
     */
    @Test
    void aRollbackSendsRemovedLogsAndDropsUndoneBlockHashes() {
        String blocks = filters.install(Filters.Kind.BLOCKS, null);
        String logs = filters.install(Filters.Kind.LOGS, topic(T2));
        String pending = filters.install(Filters.Kind.PENDING_TRANSACTIONS, null);
        Block one = TestBlocks.block(1, List.of(List.of(TestBlocks.log(A, T2))));
        filters.onBlock(BlockEvent.of(one, TestBlocks.receipts(List.of(List.of(TestBlocks.log(A, T2))))));
        List<List<Log>> twoLogs = List.of(List.of(TestBlocks.log(A, T1)), List.of(TestBlocks.log(B, T2)));
        Block two = TestBlocks.block(2, twoLogs);
        BlockEvent event = BlockEvent.of(two, TestBlocks.receipts(twoLogs));
        filters.onBlock(event);
        assertEquals(2, filters.poll(logs).logs().size(), "block 1's and block 2's T2 logs, polled");

        filters.onRollback(java.util.Set.of(two.header().hash()), event.logs());
        assertEquals(List.of(one.header().hash()), filters.poll(blocks).hashes());
        List<Filters.LogChange> removed = filters.poll(logs).logs();
        assertEquals(1, removed.size(), "only block 2's T2 log matches");
        assertTrue(removed.get(0).removed());
        assertEquals(B, removed.get(0).log().log().address());
        assertEquals(2, removed.get(0).log().blockNumber());
        assertTrue(filters.poll(pending).hashes().isEmpty());
    }

    @Test
    void unpolledFiltersExpireAfterFiveMinutesAndPollingKeepsThemAlive() {
        String polled = filters.install(Filters.Kind.BLOCKS, null);
        String forgotten = filters.install(Filters.Kind.BLOCKS, null);
        now += Filters.TIMEOUT_NANOS - 1;
        assertNotNull(filters.poll(polled));
        now += 2;
        assertNull(filters.poll(forgotten), "past the timeout");
        now += Filters.TIMEOUT_NANOS - 10;
        assertNotNull(filters.poll(polled), "the poll restarted its timeout");
        assertEquals(1, filters.size());
        now += Filters.TIMEOUT_NANOS + 1;
        block(1, List.of());
        assertEquals(0, filters.size(), "events sweep expired filters too");
    }

    @Test
    void uninstallAndUnknownIds() {
        String id = filters.install(Filters.Kind.LOGS, LogCriteria.any());
        assertNotNull(filters.criteria(id));
        assertTrue(filters.uninstall(id));
        assertFalse(filters.uninstall(id));
        assertNull(filters.poll(id));
        assertNull(filters.poll("0x1234"));
        String blocks = filters.install(Filters.Kind.BLOCKS, null);
        assertNull(filters.criteria(blocks), "only log filters have criteria");
    }

    @Test
    void aFilterThatGathersTooMuchIsRemoved() {
        String id = filters.install(Filters.Kind.PENDING_TRANSACTIONS, null);
        var hash = TestBlocks.tx(0).hash();
        for (int i = 0; i < Filters.MAX_CHANGES; i++) {
            filters.onPendingTransaction(hash);
        }
        assertEquals(1, filters.size());
        filters.onPendingTransaction(hash);
        assertEquals(0, filters.size());
        assertNull(filters.poll(id));
    }
}
