package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A block's own records, encoded and ready for its batch: header, canonical entry, body, receipts,
 * bloom and one transaction-index entry per transaction. Encoding them (the receipts above all) is
 * pure computation that does not depend on the state, so {@link ChainStore#commit} does it on
 * another thread while it builds the state's part of the batch; only the puts, which touch the
 * native batch, stay on the committing thread ({@link OrderedWrites}).
 */
record BlockRecords(byte[] hash, byte[] number, byte[] header, byte[] body, byte[] receipts, byte[] bloom,
        byte[][] txHashes, byte[][] txLocations, long stage) {

    static BlockRecords of(Block block, Hash hash, List<Receipt> receipts) {
        return of(block, hash, receipts, null);
    }

    /**
     * The records, with the body's transactions and the receipts from {@code ahead} when it holds
     * this block's; when it has staged parts, the body and receipts refer to them ({@link
     * StagedRecords}) and hold only the rest.
     */
    static BlockRecords of(Block block, Hash hash, List<Receipt> receipts, BlockEncoding ahead) {
        boolean encoded = ahead != null && ahead.matches(block.transactions());
        BlockHeader header = block.header();
        List<Transaction> txs = block.transactions();
        byte[][] txHashes = new byte[txs.size()][];
        byte[][] txLocations = new byte[txs.size()][];
        for (int i = 0; i < txHashes.length; i++) {
            txHashes[i] = txs.get(i).hash().toArray();
            txLocations[i] = StoreKeys.txLocation(header.number(), hash, i);
        }
        byte[] body;
        byte[] receiptsValue;
        long stage = -1;
        if (encoded && ahead.stagedParts > 0) {
            stage = ahead.stage;
            int from = ahead.stagedCount;
            body = StagedRecords.reference(stage, ahead.stagedParts,
                    BlockCodec.encodeBody(block, ahead.transactionItems(from).toArray(new byte[0][])));
            receiptsValue = StagedRecords.reference(stage, ahead.stagedParts, Rlp.encodeList(ahead.receiptItems(from)));
        } else {
            body = BlockCodec.encodeBody(block, encoded ? ahead.transactionItems() : null);
            receiptsValue = encoded ? Rlp.encodeList(ahead.receiptItems()) : ReceiptCodec.encode(receipts);
        }
        return new BlockRecords(hash.toArray(), StoreKeys.number(header.number()), header.encode(), body,
                receiptsValue, header.logsBloom(), txHashes, txLocations, stage);
    }

    /** The records as writes for the block's batch. */
    OrderedWrites writes() {
        return writes(true);
    }

    /**
     * The records as writes for the block's batch, with or without the transaction-index entries
     * (which a deferred commit leaves to the state applier: see {@link #txIndex}).
     */
    OrderedWrites writes(boolean withTxIndex) {
        OrderedWrites writes = new OrderedWrites(6 + (withTxIndex ? txHashes.length : 0));
        writes.put(Column.HEADERS, hash, header);
        writes.put(Column.CANONICAL, number, hash);
        writes.put(Column.BODIES, hash, body);
        writes.put(Column.RECEIPTS, hash, receipts);
        writes.put(Column.BLOOMS, number, bloom);
        if (stage >= 0) {
            writes.put(Column.META, StoreKeys.META_STAGE, StoreKeys.number(stage));
        }
        if (withTxIndex) {
            for (int i = 0; i < txHashes.length; i++) {
                writes.put(Column.TX_INDEX, txHashes[i], txLocations[i]);
            }
        }
        return writes;
    }

    /** The transaction-index entries by hash. */
    Map<Hash, byte[]> txIndex() {
        Map<Hash, byte[]> index = HashMap.newHashMap(txHashes.length);
        for (int i = 0; i < txHashes.length; i++) {
            index.put(Hash.wrap(txHashes[i]), txLocations[i]);
        }
        return index;
    }

    /** The transaction-index entries of {@code block}, whose hash is {@code hash}. */
    static Map<Hash, byte[]> txIndex(Block block, Hash hash) {
        List<Transaction> txs = block.transactions();
        Map<Hash, byte[]> index = HashMap.newHashMap(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            index.put(txs.get(i).hash(), StoreKeys.txLocation(block.header().number(), hash, i));
        }
        return index;
    }

    /** Puts {@code index}'s entries into {@code writes}. */
    static void putTxIndex(Map<Hash, byte[]> index, OrderedWrites writes) {
        index.forEach((hash, location) -> writes.put(Column.TX_INDEX, hash.toArray(), location));
    }
}
