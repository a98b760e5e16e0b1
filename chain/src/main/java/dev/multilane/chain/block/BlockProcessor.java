package dev.multilane.chain.block;

import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TimestampWatch;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
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
 * Stateless; thread-safe as long as each call gets its own world state. {@link #begin} runs the
 * same steps in parts, for a block whose transactions are not all known at the start.
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
        BlockBuilder builder;
        switch (begin(block, state, blockHashes)) {
            case BlockBuilder.Begun.Invalid(BlockError error) -> {
                return invalid(error);
            }
            case BlockBuilder.Begun.Ready(BlockBuilder b) -> builder = b;
        }
        BlockError error = builder.append(block.transactions(), senders);
        if (error != null) {
            return invalid(error);
        }
        return new BlockOutcome.Processed(builder.finish());
    }

    /**
     * Starts executing a block in parts ({@link BlockBuilder}): checks the fork and the block's
     * shape, then runs the pre-execution system call on {@code state}. {@code shape} gives the
     * header, ommers and withdrawals; its transactions are ignored (they are appended).
     *
     * @param blockHashes as for {@link #process}
     */
    public BlockBuilder.Begun begin(Block shape, WorldState state, LongFunction<Hash> blockHashes) {
        return BlockBuilder.begin(this, shape, state, blockHashes);
    }

    TransactionsExecutor executor() {
        return executor;
    }

    boolean computesStateRoot() {
        return computeStateRoot;
    }

    /** The header fields and body parts the fork requires, and none it does not allow. */
    static BlockError checkShape(Fork fork, Block block) {
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
    BlockError toTxEnvs(List<Transaction> transactions, List<Address> senders, List<TxEnv> out) {
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

    /**
     * The block as the EVM sees it; the parent's hash comes from the header when the lookup lacks it,
     * and TIMESTAMP reads are told to {@code watch} (null: to nobody).
     */
    static BlockEnv blockEnv(Fork fork, BlockHeader h, LongFunction<Hash> blockHashes, TimestampWatch watch) {
        long parent = h.number() - 1;
        LongFunction<Hash> hashes = n -> {
            Hash known = blockHashes == null ? null : blockHashes.apply(n);
            return known == null && n == parent ? h.parentHash() : known;
        };
        // EIP-4399: from Paris on, DIFFICULTY (now PREVRANDAO) reads the header's mixHash.
        U256 randao = fork.isEnabled(Fork.PARIS) ? h.mixHash().toU256() : h.difficulty();
        return new BlockEnv(h.coinbase(), h.number(), h.timestamp(), h.gasLimit(),
                h.baseFeePerGas() == null ? U256.ZERO : h.baseFeePerGas(), randao,
                h.excessBlobGas() == null ? 0 : h.excessBlobGas(), hashes, watch);
    }

    private static BlockOutcome invalid(BlockError error) {
        return new BlockOutcome.Invalid(error);
    }
}
