package dev.multilane.chain.block;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TimestampWatch;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * One block executed in parts: {@link BlockProcessor#begin} runs the pre-execution system call,
 * each {@link #append} executes further transactions on the state the earlier ones left, and
 * {@link #finish} runs post-execution and computes the roots. Appending the transactions in parts
 * gives exactly what one {@link BlockProcessor#process} call over all of them gives (process is
 * begin, one append, finish), since each transaction sees the state of those before it either way
 * and the block-level rules (gas pool, blob gas) carry their running totals across parts. The
 * tests check it on random splits.
 *
 * <p>A block producer uses the parts to execute a pending block while its transactions arrive,
 * so that mining it only runs what came last. For that use the builder also keeps the receipts
 * trie and the transactions trie up to date when asked ({@link #prepareRoots}), so that the roots
 * at the end re-hash only the paths of the last part; and it says whether anything observed the
 * block's timestamp ({@link #timestampObserved}), since the producer fixes the timestamp only when
 * it mines.
 *
 * <p>After an append fails (an invalid transaction) the state holds part of that append's changes:
 * the builder refuses further use, and the caller must drop the state's changes. Not thread-safe.
 */
public final class BlockBuilder {
    /** What {@link BlockProcessor#begin} gives: a builder, or why the block cannot be built. */
    public sealed interface Begun {
        record Ready(BlockBuilder builder) implements Begun {}

        record Invalid(BlockError error) implements Begun {}
    }

    private final BlockProcessor processor;
    private final Fork fork;
    private final Block shape;
    private final WorldState state;
    private final BlockEnv env;
    private final TimestampWatch watch;
    /** Whether the beacon roots call ran code, which stores the timestamp (EIP-4788). */
    private final boolean systemCallSawTime;

    private final List<Transaction> transactions = new ArrayList<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<TxResult.Executed> executed = new ArrayList<>();
    private final List<byte[]> encodedReceipts = new ArrayList<>();
    private final LogsBloom bloom = new LogsBloom();
    private long gasUsed;
    private long blobGasUsed;
    /** The tries of receipts and transactions by index, kept only once {@link #prepareRoots} asks; with how many each holds. */
    private MerklePatriciaTrie receiptTrie;
    private MerklePatriciaTrie transactionTrie;
    private int inTries;
    private boolean broken;
    private boolean finished;

    private BlockBuilder(BlockProcessor processor, Fork fork, Block shape, WorldState state, BlockEnv env,
            TimestampWatch watch, boolean systemCallSawTime) {
        this.processor = processor;
        this.fork = fork;
        this.shape = shape;
        this.state = state;
        this.env = env;
        this.watch = watch;
        this.systemCallSawTime = systemCallSawTime;
    }

    /** See {@link BlockProcessor#begin}. */
    static Begun begin(BlockProcessor processor, Block shape, WorldState state, LongFunction<Hash> blockHashes) {
        BlockHeader header = shape.header();
        Fork fork = processor.config().forkAt(header);
        if (fork == null) {
            return new Begun.Invalid(BlockError.of(BlockError.Kind.UNSUPPORTED_FORK,
                    "block " + header.number() + " is before the first configured fork"));
        }
        BlockError shapeError = BlockProcessor.checkShape(fork, shape);
        if (shapeError != null) {
            return new Begun.Invalid(shapeError);
        }
        TimestampWatch watch = new TimestampWatch();
        BlockEnv env = BlockProcessor.blockEnv(fork, header, blockHashes, watch);
        boolean sawTime = false;
        if (fork.isEnabled(Fork.CANCUN)) {
            sawTime = state.code(BeaconRootsCall.BEACON_ROOTS_ADDRESS).length > 0;
            BeaconRootsCall.apply(fork, env, processor.config().chainId(), header.parentBeaconBlockRoot(), state);
        }
        return new Begun.Ready(new BlockBuilder(processor, fork, shape, state, env, watch, sawTime));
    }

    /**
     * Executes {@code txs} after those appended so far.
     *
     * @param senders each transaction's sender when already known, or null to recover them
     * @return null, or why the block is invalid (transaction indices count from the block's start);
     *     the builder is then unusable and the state must be discarded
     */
    public BlockError append(List<Transaction> txs, List<Address> senders) {
        if (broken || finished) {
            throw new IllegalStateException(broken ? "an earlier append failed" : "the block is finished");
        }
        List<TxEnv> envs = new ArrayList<>(txs.size());
        BlockError error = processor.toTxEnvs(txs, senders, envs);
        if (error == null) {
            Part part = processor.executor().execute(fork, env, envs, state, results -> part(envs, results));
            error = part.error;
            if (error == null) {
                transactions.addAll(txs);
                receipts.addAll(part.receipts);
                executed.addAll(part.executed);
                encodedReceipts.addAll(part.encoded);
                for (Receipt r : part.receipts) {
                    r.addBloomTo(bloom);
                }
                gasUsed = part.gasUsed;
                blobGasUsed = part.blobGasUsed;
                return null;
            }
        }
        broken = true;
        return error.txIndex() < 0 ? error : error.shifted(transactions.size());
    }

    /** What one append's results give: its receipts and the block's running totals, or why it is invalid. */
    private record Part(BlockError error, List<Receipt> receipts, List<TxResult.Executed> executed,
            List<byte[]> encoded, long gasUsed, long blobGasUsed) {
        static Part invalid(BlockError error) {
            return new Part(error, null, null, null, 0, 0);
        }
    }

    /**
     * Walks one append's results in order (the gas pool and blob gas limit, continuing the totals
     * of earlier appends) and builds their receipts. A function of the results and of this
     * builder's totals, which do not change while it runs: the executor may call it more than once
     * and from its own threads (see {@link TransactionsExecutor}). Indices in errors count from the
     * append's start.
     */
    private Part part(List<TxEnv> txs, List<TxResult> results) {
        long gasLimit = shape.header().gasLimit();
        List<TxResult.Executed> done = new ArrayList<>(txs.size());
        long[] cumulativeGas = new long[results.size()];
        long gas = gasUsed;
        long blobGas = blobGasUsed;
        for (int i = 0; i < results.size(); i++) {
            TxEnv tx = txs.get(i);
            // The gas pool: a transaction may not reserve more gas than the block has left.
            if (Long.compareUnsigned(tx.gasLimit(), gasLimit - gas) > 0) {
                return Part.invalid(BlockError.atTx(BlockError.Kind.BLOCK_GAS_EXCEEDED, i, "gas limit "
                        + Long.toUnsignedString(tx.gasLimit()) + " above the " + (gasLimit - gas)
                        + " left in the block"));
            }
            switch (results.get(i)) {
                case TxResult.Invalid inv -> {
                    return Part.invalid(BlockError.atTx(BlockError.Kind.INVALID_TRANSACTION, i,
                            inv.reason() + (inv.detail().isEmpty() ? "" : ": " + inv.detail())));
                }
                case TxResult.Executed e -> {
                    gas += e.gasUsed();
                    blobGas += e.blobGasUsed();
                    if (blobGas > BlockProcessor.MAX_BLOB_GAS_PER_BLOCK) {
                        return Part.invalid(BlockError.atTx(BlockError.Kind.BLOB_GAS_EXCEEDED, i,
                                blobGas + " blob gas, at most " + BlockProcessor.MAX_BLOB_GAS_PER_BLOCK));
                    }
                    cumulativeGas[i] = gas;
                    done.add(e);
                }
            }
        }
        if (results.size() != txs.size()) {
            throw new IllegalStateException(processor.executor().name() + " executor returned " + results.size()
                    + " results for " + txs.size() + " transactions without an invalid one");
        }
        // Given the cumulative gas, each receipt, its bloom and its encoding depend on nothing
        // else and cost several keccak hashes; the executor lends its idle workers for them.
        Receipt[] built = new Receipt[done.size()];
        byte[][] encoded = new byte[done.size()][];
        processor.executor().forEach(built.length, i -> {
            TxResult.Executed e = done.get(i);
            Receipt receipt = Receipt.of(txs.get(i).type(), e.success(), cumulativeGas[i], e.logs());
            built[i] = receipt;
            encoded[i] = receipt.encode();
        });
        return new Part(null, Arrays.asList(built), done, Arrays.asList(encoded), gas, blobGas);
    }

    /** The transactions appended so far, in block order. */
    public List<Transaction> transactions() {
        return List.copyOf(transactions);
    }

    /** The receipts of the transactions appended from index {@code from} on. */
    public List<Receipt> receipts(int from) {
        return List.copyOf(receipts.subList(from, receipts.size()));
    }

    public int size() {
        return transactions.size();
    }

    /** Gas used by the transactions appended so far. */
    public long gasUsed() {
        return gasUsed;
    }

    public Fork fork() {
        return fork;
    }

    /**
     * Whether anything so far could depend on the block's timestamp: a transaction executed
     * TIMESTAMP (in any attempt), or the beacon roots call ran code, which stores it.
     */
    public boolean timestampObserved() {
        return systemCallSawTime || watch.read();
    }

    /**
     * Brings the receipts and transactions tries up to date and hashes them, so that the roots
     * {@link #finish} and {@link #transactionsRoot} give later re-hash only what was appended
     * after this call. Without it they are computed at the end in one go ({@link OrderedTrieRoot}).
     */
    public void prepareRoots() {
        if (receiptTrie == null) {
            receiptTrie = new MerklePatriciaTrie();
            transactionTrie = new MerklePatriciaTrie();
        }
        int n = transactions.size();
        if (inTries < n) {
            byte[][] keys = new byte[n - inTries][];
            byte[][] receiptValues = new byte[keys.length][];
            byte[][] txValues = new byte[keys.length][];
            processor.executor().forEach(keys.length, i -> {
                keys[i] = Rlp.encodeLong(inTries + i);
                receiptValues[i] = encodedReceipts.get(inTries + i);
                txValues[i] = transactions.get(inTries + i).encode();
            });
            receiptTrie.update(keys, receiptValues);
            transactionTrie.update(keys, txValues);
            inTries = n;
        }
        receiptTrie.rootHash();
        transactionTrie.rootHash();
    }

    /** The root of the transactions appended so far (Yellow Paper §4.3). */
    public Hash transactionsRoot() {
        if (receiptTrie != null) {
            prepareRoots();
            return transactionTrie.rootHash();
        }
        byte[][] encoded = new byte[transactions.size()][];
        processor.executor().forEach(encoded.length, i -> encoded[i] = transactions.get(i).encode());
        return OrderedTrieRoot.of(Arrays.asList(encoded), processor.executor()::forEach);
    }

    /**
     * Ends the block: withdrawals (Shanghai), rewards (before Paris), then the receipts root, the
     * logs bloom and, when the processor computes it, the state root. No append after this.
     */
    public BlockResult finish() {
        if (broken || finished) {
            throw new IllegalStateException(broken ? "an earlier append failed" : "the block is finished");
        }
        finished = true;
        if (shape.withdrawals() != null) {
            List<BalanceCredit> credits = new ArrayList<>(shape.withdrawals().size());
            for (Withdrawal w : shape.withdrawals()) {
                credits.add(new BalanceCredit(w.address(), w.amountWei()));
            }
            BalanceCredit.applyAll(credits, state);
        }
        BalanceCredit.applyAll(BlockRewards.of(fork, shape), state);
        Hash receiptsRoot;
        if (receiptTrie != null) {
            prepareRoots();
            receiptsRoot = receiptTrie.rootHash();
        } else {
            receiptsRoot = OrderedTrieRoot.of(encodedReceipts, processor.executor()::forEach);
        }
        Hash stateRoot = processor.computesStateRoot() ? state.stateRoot().orElse(null) : null;
        return new BlockResult(fork, receipts, executed, gasUsed, blobGasUsed, bloom, receiptsRoot, stateRoot);
    }
}
