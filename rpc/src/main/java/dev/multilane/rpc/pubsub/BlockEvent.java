package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Hash;
import dev.multilane.store.IndexedLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A committed block with its hash and its logs placed in it (block-wide log indices, as eth_getLogs
 * gives them).
 *
 * @param hash the block's hash, computed once here: a header hash is an RLP encoding and a Keccak,
 *     and a block of 10,000 token transfers has 10,000 logs
 */
record BlockEvent(Block block, Hash hash, List<IndexedLog> logs) {

    static BlockEvent of(Block block, List<Receipt> receipts) {
        Hash hash = block.header().hash();
        long number = block.header().number();
        List<IndexedLog> logs = new ArrayList<>();
        int logIndex = 0;
        for (int i = 0; i < receipts.size() && i < block.transactions().size(); i++) {
            for (Log log : receipts.get(i).logs()) {
                logs.add(new IndexedLog(log, number, hash, block.transactions().get(i).hash(), i, logIndex++));
            }
        }
        return new BlockEvent(block, hash, Collections.unmodifiableList(logs));
    }
}
