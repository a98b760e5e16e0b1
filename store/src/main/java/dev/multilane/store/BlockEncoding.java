package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A block's transactions and receipts encoded in the store's form ahead of its commit, part by
 * part while a producer builds the block ({@code BlockProducer} executing a pending block as its
 * transactions arrive), so that the commit only joins them. {@link ChainStore} uses it only when it
 * holds exactly the committed block's transactions, in order (it compares their hashes), and
 * encodes the block itself otherwise.
 *
 * <p>{@link ChainStore#stage} writes what was added since its last call to the store ahead of the
 * commit, unsynced, as one more part; the commit then refers to the parts instead of writing them
 * in its synced batch ({@link StagedRecords}). Not thread-safe: one thread adds, stages and commits.
 */
public final class BlockEncoding {
    /** From this many transactions on, {@link #add} encodes on the common fork-join pool too. */
    private static final int PARALLEL = 256;

    private final List<Hash> hashes = new ArrayList<>();
    private final List<byte[]> transactions = new ArrayList<>();
    private final List<byte[]> receipts = new ArrayList<>();
    /** The stage id of the parts written ({@link ChainStore#stage}), or -1 before the first. */
    long stage = -1;
    /** How many parts are written, and how many transactions they hold. */
    int stagedParts;
    int stagedCount;
    /** Whether every staged part came with the block's state-diff items since the part before. */
    boolean diffInParts = true;

    /** Encodes the next transactions of the block with their receipts. */
    public void add(List<Transaction> txs, List<Receipt> txReceipts) {
        if (txs.size() != txReceipts.size()) {
            throw new IllegalArgumentException(txReceipts.size() + " receipts for " + txs.size() + " transactions");
        }
        Hash[] h = new Hash[txs.size()];
        byte[][] t = new byte[txs.size()][];
        byte[][] r = new byte[txs.size()][];
        IntStream range = IntStream.range(0, txs.size());
        (txs.size() >= PARALLEL ? range.parallel() : range).forEach(i -> {
            h[i] = txs.get(i).hash();
            t[i] = BlockCodec.encodeTransaction(txs.get(i));
            r[i] = ReceiptCodec.encodeItem(txReceipts.get(i));
        });
        hashes.addAll(List.of(h));
        transactions.addAll(List.of(t));
        receipts.addAll(List.of(r));
    }

    public int size() {
        return hashes.size();
    }

    /** Whether this holds exactly {@code txs}, in order. */
    boolean matches(List<Transaction> txs) {
        if (txs.size() != hashes.size()) {
            return false;
        }
        for (int i = 0; i < txs.size(); i++) {
            if (!txs.get(i).hash().equals(hashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    byte[][] transactionItems() {
        return transactions.toArray(new byte[0][]);
    }

    byte[][] receiptItems() {
        return receipts.toArray(new byte[0][]);
    }

    /** The transactions' items from index {@code from} on. */
    List<byte[]> transactionItems(int from) {
        return transactions.subList(from, transactions.size());
    }

    /** The receipts' items from index {@code from} on. */
    List<byte[]> receiptItems(int from) {
        return receipts.subList(from, receipts.size());
    }
}
