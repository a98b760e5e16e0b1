package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import java.util.List;

/**
 * What a node tells its subscribers: blocks once they are committed to the store (so a client
 * reacting to a notification finds the block over RPC), and transactions once the pool holds them.
 * Implementations return quickly and never block on clients.
 */
public interface ChainEvents {

    /** A block was committed as the new head; {@code receipts} are its transactions' in order. */
    void onBlock(Block block, List<Receipt> receipts);

    /** The pool accepted {@code tx}. */
    void onPendingTransaction(Transaction tx);

    /** Events nobody listens to. */
    ChainEvents NONE = new ChainEvents() {
        @Override
        public void onBlock(Block block, List<Receipt> receipts) {}

        @Override
        public void onPendingTransaction(Transaction tx) {}
    };
}
