package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.primitives.Hash;
import dev.multilane.store.IndexedLog;
import java.util.List;

/**
 * What a node tells its subscribers: blocks once they are committed to the store (so a client
 * reacting to a notification finds the block over RPC), blocks undone by a rollback once they are
 * gone, and transactions once the pool holds them.
 * Implementations return quickly and never block on clients.
 */
public interface ChainEvents {

    /** A block was committed as the new head; {@code receipts} are its transactions' in order. */
    void onBlock(Block block, List<Receipt> receipts);

    /** The pool accepted {@code tx}. */
    void onPendingTransaction(Transaction tx);

    /**
     * Blocks were undone and are gone from the store (evm_revert rolled the chain back):
     * {@code removedBlocks} their hashes, lowest first; {@code removedLogs} their logs in chain
     * order. The next {@link #onBlock} builds on the older head.
     */
    void onRollback(List<Hash> removedBlocks, List<IndexedLog> removedLogs);

    /**
     * Whether anyone would hear {@link #onRollback}, so a node can skip reading what a rollback
     * undoes (the logs of many blocks) when nobody listens.
     */
    default boolean listensForRollbacks() {
        return true;
    }

    /** Events nobody listens to. */
    ChainEvents NONE = new ChainEvents() {
        @Override
        public void onBlock(Block block, List<Receipt> receipts) {}

        @Override
        public void onPendingTransaction(Transaction tx) {}

        @Override
        public void onRollback(List<Hash> removedBlocks, List<IndexedLog> removedLogs) {}

        @Override
        public boolean listensForRollbacks() {
            return false;
        }
    };
}
