package dev.multilane.rpc.pubsub;

import static dev.multilane.rpc.pubsub.TestBlocks.A;
import static dev.multilane.rpc.pubsub.TestBlocks.B;
import static dev.multilane.rpc.pubsub.TestBlocks.T1;
import static dev.multilane.rpc.pubsub.TestBlocks.T2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.eth.EthJson;
import dev.multilane.store.IndexedLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The block hash is computed once per block for events, receipts and full blocks; every place it
 * lands must still carry the header's hash, and the marshalled JSON must not change.
 */
class BlockHashOnceTest {
    private static final List<List<Log>> LOGS = List.of(List.of(TestBlocks.log(A, T1), TestBlocks.log(B, T2)),
            List.of(), List.of(TestBlocks.log(A, T2)));

    @Test
    void eventCarriesTheHeaderHashOnItselfAndEveryLog() {
        Block block = TestBlocks.block(5, LOGS);
        BlockEvent event = BlockEvent.of(block, TestBlocks.receipts(LOGS));
        Hash expected = block.header().hash();
        assertEquals(expected, event.hash());
        assertEquals(3, event.logs().size());
        for (int i = 0; i < event.logs().size(); i++) {
            IndexedLog l = event.logs().get(i);
            assertEquals(expected, l.blockHash());
            assertEquals(5, l.blockNumber());
            assertEquals(i, l.logIndex());
        }
        assertEquals(List.of(0, 0, 2), event.logs().stream().map(IndexedLog::transactionIndex).toList());
    }

    @Test
    void receiptsWithTheHashPassedInMatchTheOnesThatComputeIt() {
        Block block = TestBlocks.block(6, LOGS);
        List<Receipt> receipts = TestBlocks.receipts(LOGS);
        Hash hash = block.header().hash();
        int firstLog = 0;
        for (int i = 0; i < receipts.size(); i++) {
            ObjectNode computed = EthJson.receipt(block, receipts, i, firstLog);
            ObjectNode passed = EthJson.receipt(block, hash, receipts, i, firstLog);
            assertEquals(computed, passed);
            assertEquals(hash.toString(), passed.get("blockHash").asText());
            for (JsonNode log : passed.get("logs")) {
                assertEquals(hash.toString(), log.get("blockHash").asText());
            }
            firstLog += receipts.get(i).logs().size();
        }
    }

    @Test
    void aFullBlocksTransactionsCarryItsHash() {
        Block block = TestBlocks.block(7, LOGS);
        ObjectNode json = EthJson.block(block, null, true);
        assertEquals(3, json.get("transactions").size());
        for (JsonNode tx : json.get("transactions")) {
            assertEquals(json.get("hash"), tx.get("blockHash"));
        }
        assertEquals(EthJson.transaction(block.transactions().get(1), block.header(), 1),
                json.get("transactions").get(1));
    }
}
