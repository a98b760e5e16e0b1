package dev.multilane.chain.block;

import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.state.trie.TrieRoots;
import java.util.ArrayList;
import java.util.List;

/**
 * A block: its header and its body.
 *
 * @param ommers the ommer (uncle) headers. Pre-Merge only; RPC JSON carries just their hashes, so
 *     a block read from JSON has an empty list even when its header commits to ommers, and the
 *     ommer rewards cannot be paid (see {@link BlockRewards})
 * @param withdrawals Shanghai on (EIP-4895); null before
 */
public record Block(BlockHeader header, List<Transaction> transactions, List<BlockHeader> ommers,
        List<Withdrawal> withdrawals) {

    public Block {
        transactions = List.copyOf(transactions);
        ommers = List.copyOf(ommers);
        withdrawals = withdrawals == null ? null : List.copyOf(withdrawals);
    }

    public long number() {
        return header.number();
    }

    /** The root of the trie of the transactions' wire encodings, which the header commits to. */
    public Hash computeTransactionsRoot() {
        List<byte[]> encoded = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            encoded.add(tx.encode());
        }
        return TrieRoots.ordered(encoded);
    }

    /**
     * {@link #computeTransactionsRoot()} with the transactions encoded and the leaves hashed through
     * {@code runner} ({@link OrderedTrieRoot}): what a block producer uses for its thousands of
     * transactions.
     */
    public Hash computeTransactionsRoot(OrderedTrieRoot.IndexRunner runner) {
        byte[][] encoded = new byte[transactions.size()][];
        runner.forEach(encoded.length, i -> encoded[i] = transactions.get(i).encode());
        return OrderedTrieRoot.of(java.util.Arrays.asList(encoded), runner);
    }

    /** The root of the trie of the withdrawals (EIP-4895), or null before Shanghai. */
    public Hash computeWithdrawalsRoot() {
        if (withdrawals == null) {
            return null;
        }
        List<byte[]> encoded = new ArrayList<>(withdrawals.size());
        for (Withdrawal w : withdrawals) {
            encoded.add(w.encode());
        }
        return TrieRoots.ordered(encoded);
    }

    /** keccak of the RLP list of the ommer headers: the header's {@code ommersHash}. */
    public Hash computeOmmersHash() {
        byte[][] items = new byte[ommers.size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = ommers.get(i).encode();
        }
        return Keccak.of(Rlp.encodeList(items));
    }
}
