package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import java.util.List;

/**
 * A block's own records, encoded and ready for its batch: header, canonical entry, body, receipts,
 * bloom and one transaction-index entry per transaction. Encoding them (the receipts above all) is
 * pure computation that does not depend on the state, so {@link ChainStore#commit} does it on
 * another thread while it builds the state's part of the batch; only the puts, which touch the
 * native batch, stay on the committing thread ({@link OrderedWrites}).
 */
record BlockRecords(byte[] hash, byte[] number, byte[] header, byte[] body, byte[] receipts, byte[] bloom,
        byte[][] txHashes, byte[][] txLocations) {

    static BlockRecords of(Block block, Hash hash, List<Receipt> receipts) {
        return of(block, hash, receipts, null);
    }

    /** The records, with the body's transactions and the receipts from {@code ahead} when it holds this block's. */
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
        return new BlockRecords(hash.toArray(), StoreKeys.number(header.number()), header.encode(),
                BlockCodec.encodeBody(block, encoded ? ahead.transactionItems() : null),
                encoded ? Rlp.encodeList(ahead.receiptItems()) : ReceiptCodec.encode(receipts), header.logsBloom(),
                txHashes, txLocations);
    }

    /** The records as writes for the block's batch. */
    OrderedWrites writes() {
        OrderedWrites writes = new OrderedWrites(5 + txHashes.length);
        writes.put(Column.HEADERS, hash, header);
        writes.put(Column.CANONICAL, number, hash);
        writes.put(Column.BODIES, hash, body);
        writes.put(Column.RECEIPTS, hash, receipts);
        writes.put(Column.BLOOMS, number, bloom);
        for (int i = 0; i < txHashes.length; i++) {
            writes.put(Column.TX_INDEX, txHashes[i], txLocations[i]);
        }
        return writes;
    }
}
