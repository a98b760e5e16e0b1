package dev.multilane.node.dev;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.WorldState;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.metrics.BlockTimings;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.PersistentWorldState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds, executes and commits the dev chain's blocks: takes the pool's best pending transactions
 * for the next base fee, runs them with the {@link BlockProcessor} on the {@link
 * PersistentWorldState}, fills the header from the result and commits block, receipts and state in
 * one batch, then moves the pool to the new head.
 *
 * <p>A transaction the block rejects (the processor reports the first invalid one) is left out,
 * together with the sender's later transactions, and the block is executed again without them; the
 * rejected hash is remembered so it is not selected again. The pool has no removal method, so such
 * a transaction stays in the pool (and the sender's later ones stay pending) until a new head makes
 * the pool drop it.
 *
 * <p>Each committed block goes to the {@link Observer} (subscribers, metrics) with the time its
 * phases took: sender recovery, execution, state root (timed by wrapping the world state, whose
 * root the processor asks for once) and commit.
 *
 * <p>Threading: {@link #produce} is synchronized; the node calls it from its single mining thread
 * anyway. The world state is only ever written here.
 */
public final class BlockProducer {
    /** The fee recipient of every dev block. */
    public static final Address COINBASE = Address.fromHex("0x000000000000000000000000000000000000c0de");
    /** Enough for a 30M-gas block of plain transfers (30M / 21,000). */
    private static final int MAX_TXS = 1_500;

    /** A committed block, or why nothing was committed. */
    public sealed interface Produced {
        record Mined(Block block, List<Receipt> receipts) implements Produced {}

        record Failed(String reason) implements Produced {}
    }

    /** Told of each block after it is committed and the pool has moved to it. */
    @FunctionalInterface
    public interface Observer {
        /** Called on the producing thread; must return quickly and not throw. */
        void mined(Block block, List<Receipt> receipts, BlockTimings timings);
    }

    private final ChainStore store;
    private final PersistentWorldState world;
    private final BlockProcessor processor;
    private final TransactionPool pool;
    private final Observer observer;
    private final Set<Hash> rejected = new HashSet<>();

    public BlockProducer(ChainStore store, PersistentWorldState world, BlockProcessor processor, TransactionPool pool) {
        this(store, world, processor, pool, (block, receipts, timings) -> {});
    }

    public BlockProducer(ChainStore store, PersistentWorldState world, BlockProcessor processor, TransactionPool pool,
            Observer observer) {
        this.store = store;
        this.world = world;
        this.processor = processor;
        this.pool = pool;
        this.observer = observer;
    }

    /**
     * Mines one block on the head.
     *
     * @param timestamp the block's timestamp, or null for max(now, parent + 1)
     * @param stateChanges changes applied before the transactions (anvil_setBalance); empty normally.
     *     They are not the effect of any transaction, so a client re-executing the block would not
     *     reproduce its state root: acceptable on a dev chain only
     */
    public synchronized Produced produce(Long timestamp, List<AccountChange> stateChanges) {
        BlockHeader parent = store.header(store.head().orElseThrow().hash()).orElseThrow();
        long time;
        if (timestamp == null) {
            time = Math.max(System.currentTimeMillis() / 1000, parent.timestamp() + 1);
        } else if (timestamp <= parent.timestamp()) {
            return new Produced.Failed("timestamp " + timestamp + " is not after the parent's " + parent.timestamp());
        } else {
            time = timestamp;
        }
        U256 baseFee = nextBaseFee(parent);
        List<Transaction> txs = new ArrayList<>();
        for (Transaction tx : pool.selectForBlock(baseFee, parent.gasLimit(), MAX_TXS)) {
            if (!rejected.contains(tx.hash())) {
                txs.add(tx);
            }
        }
        BlockHeader template = header(parent, time, baseFee, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT,
                new byte[256], 0, 0);
        TimedWorld timed = new TimedWorld(world);
        long recoveryNanos = 0;
        long processNanos = 0;
        while (true) {
            world.discard();
            world.apply(stateChanges);
            Block draft = new Block(template, txs, List.of(), List.of());
            long t0 = System.nanoTime();
            List<Address> senders = senders(txs);
            long t1 = System.nanoTime();
            BlockOutcome outcome = processor.process(draft, timed, n -> store.canonicalHash(n).orElse(null), senders);
            recoveryNanos += t1 - t0;
            processNanos += System.nanoTime() - t1;
            switch (outcome) {
                case BlockOutcome.Invalid(var error) -> {
                    if (error.txIndex() < 0 || error.txIndex() >= txs.size()) {
                        world.discard();
                        return new Produced.Failed("block " + template.number() + " invalid: " + error);
                    }
                    dropFrom(txs, error.txIndex());
                }
                case BlockOutcome.Processed(BlockResult r) -> {
                    return commit(parent, time, baseFee, draft, r, recoveryNanos, processNanos - timed.rootNanos,
                            timed.rootNanos);
                }
            }
        }
    }

    private Produced commit(BlockHeader parent, long time, U256 baseFee, Block draft, BlockResult r,
            long recoveryNanos, long executionNanos, long rootNanos) {
        long t0 = System.nanoTime();
        BlockHeader header = header(parent, time, baseFee, r.stateRoot(), draft.computeTransactionsRoot(),
                r.receiptsRoot(), r.logsBloom().toBytes(), r.gasUsed(), r.blobGasUsed());
        Block block = new Block(header, draft.transactions(), List.of(), List.of());
        CommitOutcome outcome = world.commit(block, r.receipts());
        if (!(outcome instanceof CommitOutcome.Committed)) {
            world.discard();
            return new Produced.Failed("block " + header.number() + " not committed: " + outcome);
        }
        long commitNanos = System.nanoTime() - t0;
        pool.onNewHead(store.state(), nextBaseFee(header));
        try {
            observer.mined(block, r.receipts(), new BlockTimings(recoveryNanos, executionNanos, rootNanos, commitNanos));
        } catch (RuntimeException e) {
            // The block is committed whatever an observer does; losing a notification is the lesser harm.
            System.err.println("multilane dev: block observer failed on block " + header.number() + ": " + e);
        }
        return new Produced.Mined(block, r.receipts());
    }

    /**
     * The senders, recovered here so the time is measured apart from execution; the pool recovered
     * them on entry and Transaction caches them, so this is normally cheap. Null (the processor
     * recovers them, and reports the failure) when one does not recover.
     */
    private static List<Address> senders(List<Transaction> txs) {
        List<Address> senders = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            Address a = sender(tx);
            if (a == null) {
                return null;
            }
            senders.add(a);
        }
        return senders;
    }

    /** The world state, with the time spent computing its root measured (the processor asks once per block). */
    private static final class TimedWorld implements WorldState {
        private final WorldState world;
        long rootNanos;

        TimedWorld(WorldState world) {
            this.world = world;
        }

        @Override
        public AccountInfo account(Address address) {
            return world.account(address);
        }

        @Override
        public byte[] code(Address address) {
            return world.code(address);
        }

        @Override
        public U256 storage(Address address, U256 slot) {
            return world.storage(address, slot);
        }

        @Override
        public boolean hasStorage(Address address) {
            return world.hasStorage(address);
        }

        @Override
        public void apply(List<AccountChange> changes) {
            world.apply(changes);
        }

        @Override
        public Optional<Hash> stateRoot() {
            long t0 = System.nanoTime();
            try {
                return world.stateRoot();
            } finally {
                rootNanos += System.nanoTime() - t0;
            }
        }
    }

    /** Leaves out the transaction at {@code index} and the same sender's later ones. */
    private void dropFrom(List<Transaction> txs, int index) {
        Transaction bad = txs.remove(index);
        rejected.add(bad.hash());
        Address sender = sender(bad);
        txs.removeIf(tx -> sender != null && tx.nonce() > bad.nonce() && sender.equals(sender(tx)));
    }

    /** The pool recovered every sender on entry (and Transaction caches it), so null is not expected. */
    private static Address sender(Transaction tx) {
        return tx.recoverSender() instanceof SenderResult.Recovered(Address a) ? a : null;
    }

    private static BlockHeader header(BlockHeader parent, long time, U256 baseFee, Hash stateRoot, Hash txRoot,
            Hash receiptsRoot, byte[] bloom, long gasUsed, long blobGasUsed) {
        long number = parent.number() + 1;
        // EIP-4399: prevRandao. A dev chain has no beacon chain; a hash of the parent is
        // unpredictable enough for tests and makes the chain reproducible.
        Hash randao = Keccak.of(parent.hash().toArray());
        return new BlockHeader(parent.hash(), Keccak.EMPTY_LIST, COINBASE, stateRoot, txRoot, receiptsRoot, bloom,
                U256.ZERO, number, parent.gasLimit(), gasUsed, time, new byte[0], randao, 0, baseFee,
                Keccak.EMPTY_TRIE_ROOT, blobGasUsed, excessBlobGas(parent), Hash.ZERO);
    }

    /** EIP-4844 calc_excess_blob_gas with the Cancun target of three blobs. */
    private static long excessBlobGas(BlockHeader parent) {
        long target = 3 * 131_072L;
        long used = (parent.excessBlobGas() == null ? 0 : parent.excessBlobGas())
                + (parent.blobGasUsed() == null ? 0 : parent.blobGasUsed());
        return Math.max(0, used - target);
    }

    /**
     * EIP-1559: the base fee moves toward keeping blocks half full, by at most 1/8 per block; a
     * block above target raises it by at least 1 wei.
     */
    public static U256 nextBaseFee(BlockHeader parent) {
        BigInteger base = parent.baseFeePerGas().toBigInteger();
        long target = parent.gasLimit() / 2;
        long used = parent.gasUsed();
        if (used == target || target == 0) {
            return parent.baseFeePerGas();
        }
        BigInteger t = BigInteger.valueOf(target);
        if (used > target) {
            BigInteger delta = base.multiply(BigInteger.valueOf(used - target)).divide(t).divide(BigInteger.valueOf(8));
            return U256.fromBigInteger(base.add(delta.max(BigInteger.ONE)));
        }
        BigInteger delta = base.multiply(BigInteger.valueOf(target - used)).divide(t).divide(BigInteger.valueOf(8));
        return U256.fromBigInteger(base.subtract(delta).max(BigInteger.ZERO));
    }
}
