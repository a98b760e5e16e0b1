package dev.multilane.store;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.BlockValidation;
import dev.multilane.chain.validation.HeaderValidator;
import dev.multilane.chain.validation.HeaderVerdict;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.RlpReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Imports blocks in geth's export format (RLP blocks back to back, as {@code geth export} writes
 * and the execution-apis {@code chain.rlp} holds): each block is decoded; its header is checked
 * against the head's as geth's consensus engine checks it ({@link HeaderValidator}: number, parent
 * hash, timestamp, gas limit, base fee, excess blob gas, proof-of-stake constants, the fields each
 * fork defines, blob gas against the block's blobs); it is checked against its own body
 * (transactions root, ommers hash, withdrawals root), executed with the given {@link
 * BlockProcessor} on the {@link PersistentWorldState}, checked against what execution computed (gas
 * used, receipts root, logs bloom, blob gas, state root) and only then committed, block by block.
 * The first block that fails any check stops the import with nothing of it written.
 *
 * <p>Only proof-of-stake blocks (Paris to Cancun) are imported: a proof-of-work block is refused,
 * its seal and difficulty being beyond what Multilane checks.
 *
 * <p>A block the store already holds as canonical (same number and hash) is skipped, so importing
 * the same file twice is harmless, as with {@code geth import}.
 */
public final class ChainImporter {
    private ChainImporter() {}

    /** Told after each committed block (for progress output). */
    @FunctionalInterface
    public interface Listener {
        void imported(Block block);
    }

    /**
     * What an import did.
     *
     * @param imported blocks committed
     * @param skipped blocks already in the store
     * @param transactions transactions in the committed blocks
     * @param failure the first bad block, or null when every block went in
     */
    public record Result(int imported, int skipped, long transactions, Failure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * Why the import stopped.
     *
     * @param number the bad block's number, or -1 when it could not be decoded
     * @param hash its hash, or null when it could not be decoded
     * @param problem what mismatched, with the header's and the computed values
     */
    public record Failure(long number, Hash hash, String problem) {
        @Override
        public String toString() {
            return number < 0 ? problem : "block " + number + " " + hash + ": " + problem;
        }
    }

    /** Initializes {@code store} with {@code genesis} (or checks it holds that genesis), then imports. */
    public static Result importChain(ChainStore store, Genesis genesis, BlockProcessor processor, byte[] rlp,
            Listener listener) {
        CommitOutcome init = store.initialize(genesis);
        if (init instanceof CommitOutcome.Refused r) {
            return new Result(0, 0, 0, new Failure(0, genesis.hash(), "genesis: " + r));
        }
        return importBlocks(store, PersistentWorldState.open(store), processor, rlp, listener);
    }

    /** Imports every block of {@code rlp} on top of the store's head through {@code world}. */
    public static Result importBlocks(ChainStore store, PersistentWorldState world, BlockProcessor processor,
            byte[] rlp, Listener listener) {
        RlpReader reader = new RlpReader(rlp);
        HeaderValidator validator = new HeaderValidator(processor.config());
        int imported = 0;
        int skipped = 0;
        long txs = 0;
        while (reader.hasNext()) {
            Block block;
            try {
                block = BlockCodec.readBlock(reader);
            } catch (RuntimeException e) {
                long next = store.head().map(h -> h.number() + 1).orElse(0L);
                return new Result(imported, skipped, txs, new Failure(-1, null, "cannot decode the block after "
                        + (next - 1) + " at byte " + reader.position() + ": " + e.getMessage()));
            }
            BlockHeader h = block.header();
            Optional<Hash> known = store.canonicalHash(h.number());
            if (known.isPresent() && known.get().equals(h.hash())) {
                skipped++;
                continue;
            }
            String problem = importOne(store, world, processor, validator, block);
            if (problem != null) {
                world.discard();
                return new Result(imported, skipped, txs, new Failure(h.number(), h.hash(), problem));
            }
            imported++;
            txs += block.transactions().size();
            listener.imported(block);
        }
        return new Result(imported, skipped, txs, null);
    }

    /** Null when the block was valid and is committed, else what is wrong with it. */
    private static String importOne(ChainStore store, PersistentWorldState world, BlockProcessor processor,
            HeaderValidator validator, Block block) {
        BlockHeader h = block.header();
        ChainHead head = store.head().orElseThrow();
        BlockHeader parent = store.header(head.hash()).orElse(null);
        if (parent == null) {
            return "the store has no header for its head, block " + head.number() + " " + head.hash();
        }
        // Before execution: a header that does not follow its parent is refused whatever its body does.
        switch (validator.validate(block, parent)) {
            case HeaderVerdict.Valid _ -> { }
            case HeaderVerdict.Invalid i -> {
                return "invalid header: " + i.message();
            }
            case HeaderVerdict.Unsupported u -> {
                return "pre-merge chains are not supported by import: " + u.reason();
            }
        }
        String body = checkBody(block);
        if (body != null) {
            return body;
        }
        // Sender recovery (one secp256k1 recovery per transaction) on every core before execution; each
        // transaction caches its sender, so the processor only reads it back.
        block.transactions().parallelStream().forEach(Transaction::recoverSender);
        BlockOutcome outcome = processor.process(block, world, n -> store.canonicalHash(n).orElse(null), null);
        if (!(outcome instanceof BlockOutcome.Processed(BlockResult r))) {
            return "invalid: " + ((BlockOutcome.Invalid) outcome).error();
        }
        BlockValidation v = BlockValidation.of(h, r, true);
        if (!v.passed()) {
            return String.join("; ", v.mismatches());
        }
        CommitOutcome committed = world.commit(block, r.receipts());
        return committed instanceof CommitOutcome.Refused refused ? refused.toString() : null;
    }

    /** The header's commitments to the body: transactions root, ommers hash, withdrawals root. */
    private static String checkBody(Block block) {
        BlockHeader h = block.header();
        List<String> problems = new ArrayList<>();
        Hash txRoot = block.computeTransactionsRoot();
        if (!txRoot.equals(h.transactionsRoot())) {
            problems.add("transactionsRoot: header " + h.transactionsRoot() + ", computed " + txRoot);
        }
        Hash ommers = block.ommers().isEmpty() ? Keccak.EMPTY_LIST : block.computeOmmersHash();
        if (!ommers.equals(h.ommersHash())) {
            problems.add("ommersHash: header " + h.ommersHash() + ", computed " + ommers);
        }
        if (block.withdrawals() != null) {
            Hash withdrawals = block.computeWithdrawalsRoot();
            if (!withdrawals.equals(h.withdrawalsRoot())) {
                problems.add("withdrawalsRoot: header " + h.withdrawalsRoot() + ", computed " + withdrawals);
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
