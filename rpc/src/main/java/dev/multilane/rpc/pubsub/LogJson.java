package dev.multilane.rpc.pubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multilane.rpc.eth.EthJson;
import dev.multilane.store.IndexedLog;

/** A log as eth_getLogs, filters and subscriptions return it. */
final class LogJson {
    private LogJson() {}

    /** @param removed true for a log of a block that was undone (geth's reorg notification) */
    static ObjectNode of(IndexedLog l, boolean removed) {
        ObjectNode o = EthJson.log(l.log(), l.blockNumber(), l.blockHash(), l.transactionHash(), l.transactionIndex(),
                l.logIndex());
        if (removed) {
            o.put("removed", true);
        }
        return o;
    }
}
