package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * eth_getLogs over the store: a scan of the per-block blooms (one sequential range of small keys)
 * picks the blocks that may hold a match, and only those blocks' receipts and bodies are read and
 * filtered exactly. A bloom has false positives but no false negatives, so nothing is missed.
 */
final class LogScan {
    private LogScan() {}

    static List<IndexedLog> run(ChainStore store, LogFilter filter) {
        ChainHead head = store.head().orElse(null);
        if (head == null || Long.compareUnsigned(filter.fromBlock(), head.number()) > 0) {
            return List.of();
        }
        long to = Long.compareUnsigned(filter.toBlock(), head.number()) > 0 ? head.number() : filter.toBlock();
        List<Long> candidates = new ArrayList<>();
        store.forEachBloom(filter.fromBlock(), to, (number, bloom) -> {
            if (filter.mightMatch(bloom)) {
                candidates.add(number);
            }
        });
        List<IndexedLog> out = new ArrayList<>();
        for (long number : candidates) {
            // Blocks are only ever appended, so a hash read now is the one the bloom belonged to.
            Hash hash = store.canonicalHash(number).orElseThrow(() -> new StoreException("bloom without block " + number));
            Block block = store.block(hash).orElseThrow(() -> new StoreException("no block " + hash));
            List<Receipt> receipts = store.receipts(hash).orElseThrow(() -> new StoreException("no receipts for " + hash));
            int logIndex = 0;
            for (int tx = 0; tx < receipts.size(); tx++) {
                for (Log log : receipts.get(tx).logs()) {
                    if (filter.matches(log)) {
                        out.add(new IndexedLog(log, number, hash, block.transactions().get(tx).hash(), tx, logIndex));
                    }
                    logIndex++;
                }
            }
        }
        return out;
    }
}
