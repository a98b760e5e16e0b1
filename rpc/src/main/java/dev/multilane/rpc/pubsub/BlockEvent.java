package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.store.IndexedLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A committed block with its logs placed in it (block-wide log indices, as eth_getLogs gives them). */
record BlockEvent(Block block, List<IndexedLog> logs) {

    static BlockEvent of(Block block, List<Receipt> receipts) {
        List<IndexedLog> logs = new ArrayList<>();
        int logIndex = 0;
        for (int i = 0; i < receipts.size() && i < block.transactions().size(); i++) {
            for (Log log : receipts.get(i).logs()) {
                logs.add(new IndexedLog(log, block.header().number(), block.header().hash(),
                        block.transactions().get(i).hash(), i, logIndex++));
            }
        }
        return new BlockEvent(block, Collections.unmodifiableList(logs));
    }
}
