package dev.multilane.chain.block;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Executes a whole block on a world state, in the order geth's state processor and the execution
 * specs' {@code apply_body} use:
 *
 * <ol>
 *   <li>pre-execution: from Cancun, the EIP-4788 beacon roots system call ({@link BeaconRootsCall});
 *   <li>the transactions, through a {@link TransactionsExecutor} (sequential or parallel), then a
 *       walk over their results in order that applies the block gas pool and the blob gas limit
 *       and builds the receipts;
 *   <li>post-execution: withdrawals from Shanghai (EIP-4895), the block and ommer rewards before
 *       Paris ({@link BlockRewards});
 *   <li>the receipts root, the logs bloom and, when asked for, the state root.
 * </ol>
 *
 * <p>It checks what execution decides, not the header's own consistency with its parent (gas
 * limit bounds, base fee, excess blob gas, timestamps), which belongs to header validation.
 * Stateless; thread-safe as long as each call gets its own world state.
 */
public final class BlockProcessor {
    /** EIP-4844: MAX_BLOB_GAS_PER_BLOCK, six blobs. */
    public static final long MAX_BLOB_GAS_PER_BLOCK = 6 * TransactionProcessor.GAS_PER_BLOB;

    private final ChainConfig config;
    private final TransactionsExecutor executor;
    private final boolean computeStateRoot;

    /**
     * @param computeStateRoot whether to compute the post-state root; pointless (and not free) on a
     *     partial pre-state such as the mainnet fixtures'
     */
    public BlockProcessor(ChainConfig config, TransactionsExecutor executor, boolean computeStateRoot) {
        this.config = config;
        this.executor = executor;
        this.computeStateRoot = computeStateRoot;
    }

    /** A processor that runs transactions with {@link SequentialBlockExecutor}. */
    public static BlockProcessor sequential(ChainConfig config, boolean computeStateRoot) {
        return new BlockProcessor(config, new SequentialBlockExecutor(config.chainId()), computeStateRoot);
    }

    public ChainConfig config() {
        return config;
    }

    /**
     * Processes {@code block} on {@code state}, which it changes in place.
     *
     * @param blockHashes the hash of an ancestor by number, for BLOCKHASH; null where unknown. The
     *     parent's hash is taken from the header when the lookup lacks it
     * @param senders each transaction's sender when already known (checked elsewhere), or null to
     *     recover them from the signatures
     */
    public BlockOutcome process(Block block, WorldState state, LongFunction<Hash> blockHashes, List<Address> senders) {
        BlockHeader header = block.header();
        Fork fork = config.forkAt(header);
        if (fork == null) {
            return invalid(BlockError.of(BlockError.Kind.UNSUPPORTED_FORK,
                    "block " + header.number() + " is before the first configured fork"));
        }
        BlockError shapeError = checkShape(fork, block);
        if (shapeError != null) {
            return invalid(shapeError);
        }
        List<TxEnv> txs = new ArrayList<>(block.transactions().size());
        BlockError txError = toTxEnvs(block.transactions(), senders, txs);
        if (txError != null) {
            return invalid(txError);
        }
        BlockEnv env = blockEnv(fork, header, blockHashes);

        if (fork.isEnabled(Fork.CANCUN)) {
            BeaconRootsCall.apply(fork, env, config.chainId(), header.parentBeaconBlockRoot(), state);
        }

        // Receipts, blooms and the receipts root depend on the results alone, so the executor may
        // build them while it is still writing the block's changes to the state.
        Receipts receipts = executor.execute(fork, env, txs, state, results -> receipts(header, txs, results));
        if (receipts.error() != null) {
            return invalid(receipts.error());
        }

        if (block.withdrawals() != null) {
            List<BalanceCredit> credits = new ArrayList<>(block.withdrawals().size());
            for (Withdrawal w : block.withdrawals()) {
                credits.add(new BalanceCredit(w.address(), w.amountWei()));
            }
            BalanceCredit.applyAll(credits, state);
        }
        BalanceCredit.applyAll(BlockRewards.of(fork, block), state);

        Hash stateRoot = computeStateRoot ? state.stateRoot().orElse(null) : null;
        return new BlockOutcome.Processed(new BlockResult(fork, receipts.receipts(), receipts.executed(),
                receipts.gasUsed(), receipts.blobGasUsed(), receipts.bloom(), receipts.root(), stateRoot));
    }

    /** What the transactions' results give the block: its receipts and their root, or why it is invalid. */
    private record Receipts(BlockError error, List<Receipt> receipts, List<TxResult.Executed> executed, long gasUsed,
            long blobGasUsed, LogsBloom bloom, Hash root) {
        static Receipts invalid(BlockError error) {
            return new Receipts(error, null, null, 0, 0, null, null);
        }
    }

    /**
     * Walks the results in order (the block gas pool, the blob gas limit) and builds the receipts, the
     * block's bloom and the receipts root. A function of the results alone: it must not touch the state
     * (see {@link TransactionsExecutor#execute(Fork, BlockEnv, List, WorldState, java.util.function.Function)}).
     */
    private Receipts receipts(BlockHeader header, List<TxEnv> txs, List<TxResult> results) {
        List<TxResult.Executed> executed = new ArrayList<>(txs.size());
        long[] cumulativeGas = new long[results.size()];
        long gasUsed = 0;
        long blobGasUsed = 0;
        for (int i = 0; i < results.size(); i++) {
            TxEnv tx = txs.get(i);
            // The gas pool: a transaction may not reserve more gas than the block has left.
            if (Long.compareUnsigned(tx.gasLimit(), header.gasLimit() - gasUsed) > 0) {
                return Receipts.invalid(BlockError.atTx(BlockError.Kind.BLOCK_GAS_EXCEEDED, i, "gas limit "
                        + Long.toUnsignedString(tx.gasLimit()) + " above the " + (header.gasLimit() - gasUsed)
                        + " left in the block"));
            }
            switch (results.get(i)) {
                case TxResult.Invalid inv -> {
                    return Receipts.invalid(BlockError.atTx(BlockError.Kind.INVALID_TRANSACTION, i,
                            inv.reason() + (inv.detail().isEmpty() ? "" : ": " + inv.detail())));
                }
                case TxResult.Executed e -> {
                    gasUsed += e.gasUsed();
                    blobGasUsed += e.blobGasUsed();
                    if (blobGasUsed > MAX_BLOB_GAS_PER_BLOCK) {
                        return Receipts.invalid(BlockError.atTx(BlockError.Kind.BLOB_GAS_EXCEEDED, i,
                                blobGasUsed + " blob gas, at most " + MAX_BLOB_GAS_PER_BLOCK));
                    }
                    cumulativeGas[i] = gasUsed;
                    executed.add(e);
                }
            }
        }
        if (results.size() != txs.size()) {
            throw new IllegalStateException(executor.name() + " executor returned " + results.size()
                    + " results for " + txs.size() + " transactions without an invalid one");
        }
        // Given the cumulative gas, each receipt, its bloom and its encoding depend on nothing
        // else and cost several keccak hashes; the executor lends its idle workers for them.
        Receipt[] receipts = new Receipt[executed.size()];
        byte[][] encoded = new byte[executed.size()][];
        executor.forEach(receipts.length, i -> {
            TxResult.Executed e = executed.get(i);
            Receipt receipt = Receipt.of(txs.get(i).type(), e.success(), cumulativeGas[i], e.logs());
            receipts[i] = receipt;
            encoded[i] = receipt.encode();
        });
        LogsBloom bloom = new LogsBloom();
        for (Receipt receipt : receipts) {
            receipt.addBloomTo(bloom);
        }
        Hash root = OrderedTrieRoot.of(Arrays.asList(encoded), executor::forEach);
        return new Receipts(null, Arrays.asList(receipts), executed, gasUsed, blobGasUsed, bloom, root);
    }

    /** The header fields and body parts the fork requires, and none it does not allow. */
    private static BlockError checkShape(Fork fork, Block block) {
        BlockHeader h = block.header();
        if (fork.isEnabled(Fork.LONDON) && h.baseFeePerGas() == null) {
            return BlockError.of(BlockError.Kind.MISSING_HEADER_FIELD, "baseFeePerGas (EIP-1559)");
        }
        if (fork.isEnabled(Fork.CANCUN) && (h.parentBeaconBlockRoot() == null || h.excessBlobGas() == null)) {
            return BlockError.of(BlockError.Kind.MISSING_HEADER_FIELD,
                    "parentBeaconBlockRoot and excessBlobGas (EIP-4788, EIP-4844)");
        }
        if (fork.isEnabled(Fork.SHANGHAI) != (block.withdrawals() != null)) {
            return BlockError.of(BlockError.Kind.INVALID_BODY, fork.isEnabled(Fork.SHANGHAI)
                    ? "no withdrawals list at " + fork.displayName() + " (EIP-4895)"
                    : "withdrawals before Shanghai");
        }
        if (fork.isEnabled(Fork.PARIS) && !block.ommers().isEmpty()) {
            return BlockError.of(BlockError.Kind.INVALID_BODY, "ommers after the Merge (EIP-3675)");
        }
        return null;
    }

    /** Checks chain ids, finds each sender and fills {@code out}; an error for the first bad one. */
    private BlockError toTxEnvs(List<Transaction> transactions, List<Address> senders, List<TxEnv> out) {
        if (senders != null && senders.size() != transactions.size()) {
            return BlockError.of(BlockError.Kind.SENDER_COUNT,
                    senders.size() + " senders for " + transactions.size() + " transactions");
        }
        for (int i = 0; i < transactions.size(); i++) {
            Transaction tx = transactions.get(i);
            if (tx.chainId() != null && tx.chainId() != config.chainId()) {
                return BlockError.atTx(BlockError.Kind.WRONG_CHAIN_ID, i,
                        "signed for chain " + tx.chainId() + ", this chain is " + config.chainId());
            }
            Address sender;
            if (senders != null) {
                sender = senders.get(i);
            } else {
                switch (tx.recoverSender()) {
                    case SenderResult.Recovered r -> sender = r.sender();
                    case SenderResult.Unrecoverable u -> {
                        return BlockError.atTx(BlockError.Kind.INVALID_SIGNATURE, i, u.error() + ": " + u.message());
                    }
                }
            }
            out.add(tx.toTxEnv(sender));
        }
        return null;
    }

    /** The block as the EVM sees it; the parent's hash comes from the header when the lookup lacks it. */
    static BlockEnv blockEnv(Fork fork, BlockHeader h, LongFunction<Hash> blockHashes) {
        long parent = h.number() - 1;
        LongFunction<Hash> hashes = n -> {
            Hash known = blockHashes == null ? null : blockHashes.apply(n);
            return known == null && n == parent ? h.parentHash() : known;
        };
        // EIP-4399: from Paris on, DIFFICULTY (now PREVRANDAO) reads the header's mixHash.
        U256 randao = fork.isEnabled(Fork.PARIS) ? h.mixHash().toU256() : h.difficulty();
        return new BlockEnv(h.coinbase(), h.number(), h.timestamp(), h.gasLimit(),
                h.baseFeePerGas() == null ? U256.ZERO : h.baseFeePerGas(), randao,
                h.excessBlobGas() == null ? 0 : h.excessBlobGas(), hashes);
    }

    private static BlockOutcome invalid(BlockError error) {
        return new BlockOutcome.Invalid(error);
    }
}
