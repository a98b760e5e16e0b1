package dev.multilane.node.dev;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.Withdrawal;
import dev.multilane.chain.pool.PoolHead;
import dev.multilane.chain.validation.BaseFee;
import dev.multilane.chain.validation.BlobGas;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.List;

/**
 * What the chain's fork schedule and the parent fix about the next block before any transaction
 * runs: its fork, gas limit, base fee and excess blob gas, and which of the header fields later
 * forks appended it carries:
 *
 * <ul>
 *   <li>Paris (London rules): {@code baseFeePerGas} (EIP-1559), no withdrawals;
 *   <li>Shanghai: an empty withdrawals list and its root (EIP-4895);
 *   <li>Cancun: {@code blobGasUsed}, {@code excessBlobGas} (EIP-4844) and {@code
 *       parentBeaconBlockRoot} (EIP-4788; zero, there is no beacon chain).
 * </ul>
 *
 * Blocks before the Merge are not built: they need a proof-of-work seal and difficulty, and dev
 * chains (geth --dev, anvil, Hardhat) are proof-of-stake from genesis. Nor are forks after Cancun.
 */
record NextBlock(Fork fork, long number, long timestamp, long gasLimit, U256 baseFee, long excessBlobGas) {
    /** EIP-1559 INITIAL_BASE_FEE: the London fork block's base fee when the parent has none. */
    static final U256 INITIAL_BASE_FEE = BaseFee.INITIAL;
    /** EIP-1559 ELASTICITY_MULTIPLIER: the gas target is the limit over two. */
    private static final long ELASTICITY = BaseFee.ELASTICITY_MULTIPLIER;
    /** The latest fork whose header this producer knows how to fill. */
    static final Fork LATEST = Fork.CANCUN;

    /** The next block on {@code parent} at {@code timestamp}; its fork may be one {@link #unsupported}. */
    static NextBlock on(ChainConfig config, BlockHeader parent, long timestamp) {
        long number = parent.number() + 1;
        Fork fork = config.forks().forkAt(number, timestamp);
        // EIP-1559: the fork block doubles the gas limit, so the gas target stays what the limit was.
        long gasLimit = parent.baseFeePerGas() == null ? parent.gasLimit() * ELASTICITY : parent.gasLimit();
        return new NextBlock(fork, number, timestamp, gasLimit, baseFee(parent), excessBlobGas(parent));
    }

    /** Why blocks of {@code fork} cannot be built here, or null when they can. */
    static String unsupported(Fork fork) {
        if (fork == null) {
            return "before the first fork the chain configures";
        }
        if (!fork.isEnabled(Fork.PARIS)) {
            return "at " + fork.displayName() + ", before the Merge: the node mines proof-of-stake blocks only "
                    + "(Paris, Shanghai, Cancun), as dev chains are post-merge; set terminalTotalDifficulty 0 in "
                    + "the genesis config";
        }
        if (fork.compareTo(LATEST) > 0) {
            return "at " + fork.displayName() + ", after " + LATEST.displayName()
                    + ", the last fork the node mines";
        }
        return null;
    }

    /**
     * What the pool checks against after {@code head}: its state, and the fork and fees of the next
     * block. The next block's timestamp is not known yet; the pool assumes the producer's default,
     * max(now, head + 1), so a fork whose time has passed applies even before a block of it exists.
     */
    static PoolHead poolHead(ChainConfig config, BlockHeader head, StateView state) {
        long time = Math.max(System.currentTimeMillis() / 1000, head.timestamp() + 1);
        NextBlock next = on(config, head, time);
        Fork fork = next.fork();
        if (fork == null) {
            fork = config.forks().activations().getFirst().fork();
        } else if (fork.compareTo(LATEST) > 0) {
            fork = LATEST; // the producer refuses such blocks anyway; its rules are the last it knows
        }
        return new PoolHead(state, fork, next.baseFee(), next.blobBaseFee());
    }

    /**
     * Whether a transaction the pool accepted may go into this block: a block mined with an
     * explicit earlier timestamp may be of an earlier fork than the pool assumed.
     */
    boolean admits(Transaction tx) {
        // EIP-4844: blob transactions from Cancun on. The pool's other fork rules (EIP-3860's init
        // code limit and gas, Shanghai) only tighten with later forks, so they need no second look.
        return tx.type() != Transaction.BLOB || fork.isEnabled(Fork.CANCUN);
    }

    /** EIP-4844 MAX_BLOB_GAS_PER_BLOCK from Cancun (six blobs); none before. */
    long maxBlobGas() {
        return fork != null && fork.isEnabled(Fork.CANCUN) ? BlockProcessor.MAX_BLOB_GAS_PER_BLOCK : 0;
    }

    /** EIP-4844 get_base_fee_per_blob_gas from this block's excess blob gas. */
    U256 blobBaseFee() {
        return TransactionProcessor.blobBaseFee(excessBlobGas);
    }

    /** The withdrawals the block carries: none from Shanghai on (EIP-4895), no list before. */
    /** Whether {@code other} is this block with at most another timestamp. */
    boolean sameButTimestamp(NextBlock other) {
        return equals(new NextBlock(other.fork, other.number, timestamp, other.gasLimit, other.baseFee,
                other.excessBlobGas));
    }

    List<Withdrawal> withdrawals() {
        return fork.isEnabled(Fork.SHANGHAI) ? List.of() : null;
    }

    /** The header, with the fields of later forks left null as {@link BlockHeader} requires. */
    BlockHeader header(BlockHeader parent, Hash stateRoot, Hash txRoot, Hash receiptsRoot, byte[] bloom, long gasUsed,
            long blobGasUsed) {
        boolean shanghai = fork.isEnabled(Fork.SHANGHAI);
        boolean cancun = fork.isEnabled(Fork.CANCUN);
        // EIP-4399: prevRandao. A dev chain has no beacon chain; a hash of the parent is
        // unpredictable enough for tests and makes the chain reproducible.
        Hash randao = Keccak.of(parent.hash().toArray());
        return new BlockHeader(parent.hash(), Keccak.EMPTY_LIST, BlockProducer.COINBASE, stateRoot, txRoot,
                receiptsRoot, bloom, U256.ZERO, number, gasLimit, gasUsed, timestamp, new byte[0], randao, 0, baseFee,
                shanghai ? Keccak.EMPTY_TRIE_ROOT : null, cancun ? blobGasUsed : null,
                cancun ? excessBlobGas : null, cancun ? Hash.ZERO : null);
    }

    /**
     * EIP-1559: the base fee moves toward keeping blocks at the gas target (half the limit), by at
     * most 1/8 per block; a block above target raises it by at least 1 wei. A parent without a base
     * fee is the last block before London, so the next has INITIAL_BASE_FEE.
     */
    static U256 baseFee(BlockHeader parent) {
        if (parent.baseFeePerGas() == null) {
            return INITIAL_BASE_FEE;
        }
        return BaseFee.next(parent.baseFeePerGas(), parent.gasLimit(), parent.gasUsed());
    }

    /** EIP-4844 calc_excess_blob_gas; a parent before Cancun counts as zero excess and zero used. */
    static long excessBlobGas(BlockHeader parent) {
        return BlobGas.excess(parent.excessBlobGas() == null ? 0 : parent.excessBlobGas(),
                parent.blobGasUsed() == null ? 0 : parent.blobGasUsed());
    }
}
