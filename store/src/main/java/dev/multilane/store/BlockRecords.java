package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A block's own records, encoded and ready for its batch: header, canonical entry, body, receipts,
 * bloom and one transaction-index entry per transaction. Encoding them (the receipts above all) is
 * pure computation that does not depend on the state, so {@link ChainStore#commit} does it on
 * another thread while it builds the state's part of the batch; only the puts, which touch the
 * native batch, stay on the committing thread.
 */
record BlockRecords(byte[] hash, byte[] number, byte[] header, byte[] body, byte[] receipts, byte[] bloom,
        byte[][] txHashes, byte[][] txLocations) {

    static BlockRecords of(Block block, Hash hash, List<Receipt> receipts) {
        BlockHeader header = block.header();
        List<Transaction> txs = block.transactions();
        byte[][] txHashes = new byte[txs.size()][];
        byte[][] txLocations = new byte[txs.size()][];
        for (int i = 0; i < txHashes.length; i++) {
            txHashes[i] = txs.get(i).hash().toArray();
            txLocations[i] = StoreKeys.txLocation(header.number(), hash, i);
        }
        return new BlockRecords(hash.toArray(), StoreKeys.number(header.number()), header.encode(),
                BlockCodec.encodeBody(block), ReceiptCodec.encode(receipts), header.logsBloom(), txHashes,
                txLocations);
    }

    void writeTo(ChainStore store, WriteBatch batch) throws RocksDBException {
        batch.put(store.handle(Column.HEADERS), hash, header);
        batch.put(store.handle(Column.CANONICAL), number, hash);
        batch.put(store.handle(Column.BODIES), hash, body);
        batch.put(store.handle(Column.RECEIPTS), hash, receipts);
        batch.put(store.handle(Column.BLOOMS), number, bloom);
        for (int i = 0; i < txHashes.length; i++) {
            batch.put(store.handle(Column.TX_INDEX), txHashes[i], txLocations[i]);
        }
    }
}
