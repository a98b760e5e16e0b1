package dev.multilane.chain.parallel;

import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.chain.block.TransactionsExecutor;
import dev.multilane.chain.block.WorldState;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.exec.BlockResult;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.exec.ParallelExecutor;
import dev.multilane.exec.Storage;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs a block's transactions with Block-STM and applies the result to the world state, giving
 * exactly what {@link SequentialBlockExecutor} gives. It falls back to the sequential executor,
 * counting why, when the parallel result cannot be used: a transaction the versioned state cannot
 * express (a contract self-destructing with its storage, before Cancun), an invalid transaction
 * (the block is invalid and its state is discarded anyway), or a write set that contradicts itself.
 * The exec engine has its own fallbacks (small blocks, abort storms, broken invariants). When the
 * engine finds a dependency chain early it returns the validated prefix, whose changes are applied
 * here before the rest of the block runs on the sequential executor.
 *
 * <p>One block at a time; the worker pool lives until {@link #close}.
 */
public final class ParallelBlockExecutor implements TransactionsExecutor, AutoCloseable {
    /** Receipts a worker claims at a time in {@link #forEach}: a receipt costs a few microseconds. */
    private static final int FOR_EACH_CHUNK = 32;

    private final TransactionProcessor processor;
    private final SequentialBlockExecutor sequential;
    private final ParallelExecutor engine;
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile ExecutionStats lastStats;
    private volatile String lastFallbackReason;

    public ParallelBlockExecutor(TransactionProcessor processor, ParallelExecutor engine) {
        this.processor = processor;
        this.sequential = new SequentialBlockExecutor(processor);
        this.engine = engine;
    }

    public ParallelBlockExecutor(long chainId, int threads) {
        this(new TransactionProcessor(chainId), new ParallelExecutor(threads));
    }

    @Override
    public List<TxResult> execute(Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state) {
        return execute(fork, block, transactions, state, results -> results);
    }

    /**
     * Runs the block on the engine; when the whole block ran in parallel, the final writes are turned
     * into account changes and written to the state on a worker while the caller runs {@code
     * meanwhile} (the receipts), so that this single-threaded step overlaps the receipts instead of
     * adding to them. Should the writes turn out to contradict themselves, the block is re-run
     * sequentially and {@code meanwhile} runs again on those results.
     */
    @Override
    public <R> R execute(Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state,
            Function<List<TxResult>, R> meanwhile) {
        List<EvmTxTask> tasks = new ArrayList<>(transactions.size());
        for (TxEnv tx : transactions) {
            tasks.add(new EvmTxTask(processor, fork, block, tx, state));
        }
        BlockResult<StateKey, StateValue, EvmTxTask.Outcome> run = engine.executePrefix(tasks, baseStorage(state));
        lastStats = run.stats();

        // The engine may have stopped at a dependency chain: it then returns the validated prefix,
        // and the rest runs here, sequentially on the world state, which is faster than through
        // the engine's views.
        int prefix = run.outputs().size();
        List<TxResult> results = new ArrayList<>(transactions.size());
        String reason = null;
        for (EvmTxTask.Outcome outcome : run.outputs()) {
            if (outcome.result() instanceof TxResult.Invalid) {
                reason = "invalid transaction";
            } else if (outcome.sequentialReason() != null) {
                reason = outcome.sequentialReason();
            }
            results.add(outcome.result());
        }
        if (reason != null) {
            return sequentially(reason, fork, block, transactions, state, meanwhile);
        }
        if (prefix < transactions.size()) {
            List<AccountChange> changes = changesOf(run.writes(), state);
            if (changes == null) {
                return sequentially(ABSENT_ACCOUNT, fork, block, transactions, state, meanwhile);
            }
            lastFallbackReason = null;
            state.apply(changes);
            results.addAll(sequential.execute(fork, block, transactions.subList(prefix, transactions.size()), state));
            return meanwhile.apply(results);
        }
        // The whole block ran in parallel: write its state on a worker while the caller builds receipts.
        // changesOf only reads the state, and nothing else touches it until the join.
        boolean[] applied = new boolean[1];
        ParallelExecutor.Background writing = engine.runInBackground(() -> {
            List<AccountChange> changes = changesOf(run.writes(), state);
            if (changes != null) {
                state.apply(changes);
                applied[0] = true;
            }
        });
        R value;
        try {
            value = meanwhile.apply(results);
        } finally {
            writing.join(); // publishes applied[0] and the state's writes to this thread
        }
        if (!applied[0]) {
            return sequentially(ABSENT_ACCOUNT, fork, block, transactions, state, meanwhile);
        }
        lastFallbackReason = null;
        return value;
    }

    private static final String ABSENT_ACCOUNT = "write set has storage for an absent account";

    /** The whole block on the sequential executor, because the parallel result cannot be used. */
    private <R> R sequentially(String reason, Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state,
            Function<List<TxResult>, R> meanwhile) {
        fallbacks.incrementAndGet();
        lastFallbackReason = reason;
        return meanwhile.apply(sequential.execute(fork, block, transactions, state));
    }

    /** The state before the block, as the engine reads it. Reads only; safe from many threads. */
    private static Storage<StateKey, StateValue> baseStorage(WorldState state) {
        return key -> switch (key) {
            case StateKey.Account a -> new StateValue.Account(state.account(a.address()));
            case StateKey.Code c -> new StateValue.Code(state.code(c.address()));
            case StateKey.Slot s -> new StateValue.Slot(state.storage(s.address(), s.slot()));
        };
    }

    /**
     * The block's final writes as one {@link AccountChange} per account, or null when they
     * contradict themselves (code or storage for an account that ends absent). One map lookup per
     * write: this runs on one thread after the parallel phase.
     */
    private static List<AccountChange> changesOf(Map<StateKey, StateValue> writes, WorldState state) {
        Map<Address, AccountWrites> byAccount = HashMap.newHashMap(writes.size());
        for (Map.Entry<StateKey, StateValue> w : writes.entrySet()) {
            StateKey key = w.getKey();
            AccountWrites account = byAccount.get(key.address());
            if (account == null) {
                account = new AccountWrites();
                byAccount.put(key.address(), account);
            }
            switch (w.getValue()) {
                case StateValue.Account a -> {
                    account.headerWritten = true;
                    account.header = a.info();
                }
                case StateValue.Code c -> account.code = c.code();
                case StateValue.Slot s -> {
                    if (account.slots == null) {
                        account.slots = new HashMap<>();
                    }
                    account.slots.put(((StateKey.Slot) key).slot(), s.value());
                }
            }
        }
        List<AccountChange> changes = new ArrayList<>(byAccount.size());
        for (Map.Entry<Address, AccountWrites> e : byAccount.entrySet()) {
            Address address = e.getKey();
            AccountWrites w = e.getValue();
            AccountInfo info = w.headerWritten ? w.header : state.account(address);
            Map<U256, U256> slots = w.slots == null ? Map.of() : w.slots;
            if (info == null) {
                if (!slots.isEmpty() || w.code != null) {
                    return null;
                }
                changes.add(new AccountChange(address, null, null, true, Map.of()));
            } else {
                changes.add(new AccountChange(address, info, w.code, false, slots));
            }
        }
        return changes;
    }

    /** What the block wrote to one account, gathered from its keys. */
    private static final class AccountWrites {
        boolean headerWritten;
        AccountInfo header; // null: the account ends absent
        byte[] code;
        Map<U256, U256> slots;
    }

    /** Lends the engine's workers (and the caller) to per-transaction work after the block. */
    @Override
    public void forEach(int count, IntConsumer action) {
        engine.forEach(count, FOR_EACH_CHUNK, action);
    }

    /** Statistics of the last block the engine ran. */
    public ExecutionStats lastStats() {
        return lastStats;
    }

    /** Why the last block fell back to sequential execution at this level, or null. */
    public String lastFallbackReason() {
        return lastFallbackReason;
    }

    /** Blocks re-run sequentially because the parallel result could not be used. */
    public long fallbacks() {
        return fallbacks.get();
    }

    public int threads() {
        return engine.threads();
    }

    @Override
    public String name() {
        return "parallel(" + engine.threads() + ")";
    }

    @Override
    public void close() {
        engine.close();
    }
}
