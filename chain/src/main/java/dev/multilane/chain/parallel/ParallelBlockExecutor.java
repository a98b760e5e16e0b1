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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a block's transactions with Block-STM and applies the result to the world state, giving
 * exactly what {@link SequentialBlockExecutor} gives. It falls back to the sequential executor,
 * counting why, when the parallel result cannot be used: a transaction the versioned state cannot
 * express (a contract self-destructing with its storage, before Cancun), an invalid transaction
 * (the block is invalid and its state is discarded anyway), or a write set that contradicts itself.
 * The exec engine has its own fallbacks (small blocks, abort storms, broken invariants).
 *
 * <p>One block at a time; the worker pool lives until {@link #close}.
 */
public final class ParallelBlockExecutor implements TransactionsExecutor, AutoCloseable {
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
        List<EvmTxTask> tasks = new ArrayList<>(transactions.size());
        for (TxEnv tx : transactions) {
            tasks.add(new EvmTxTask(processor, fork, block, tx, state));
        }
        BlockResult<StateKey, StateValue, EvmTxTask.Outcome> run = engine.execute(tasks, baseStorage(state));
        lastStats = run.stats();

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
        List<AccountChange> changes = reason == null ? changesOf(run.writes(), state) : null;
        if (changes == null) {
            reason = reason == null ? "write set has storage for an absent account" : reason;
            fallbacks.incrementAndGet();
            lastFallbackReason = reason;
            return sequential.execute(fork, block, transactions, state);
        }
        lastFallbackReason = null;
        state.apply(changes);
        return results;
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
     * contradict themselves (code or storage for an account that ends absent).
     */
    private static List<AccountChange> changesOf(Map<StateKey, StateValue> writes, WorldState state) {
        Map<Address, AccountInfo> headers = new LinkedHashMap<>();
        Map<Address, Boolean> touched = new LinkedHashMap<>();
        Map<Address, byte[]> code = new HashMap<>();
        Map<Address, Map<U256, U256>> storage = new HashMap<>();
        for (Map.Entry<StateKey, StateValue> w : writes.entrySet()) {
            Address address = w.getKey().address();
            touched.put(address, Boolean.TRUE);
            switch (w.getValue()) {
                case StateValue.Account a -> headers.put(address, a.info());
                case StateValue.Code c -> code.put(address, c.code());
                case StateValue.Slot s -> storage.computeIfAbsent(address, k -> new HashMap<>())
                        .put(((StateKey.Slot) w.getKey()).slot(), s.value());
            }
        }
        List<AccountChange> changes = new ArrayList<>(touched.size());
        for (Address address : touched.keySet()) {
            AccountInfo info = headers.containsKey(address) ? headers.get(address) : state.account(address);
            Map<U256, U256> slots = storage.getOrDefault(address, Map.of());
            if (info == null) {
                if (!slots.isEmpty() || code.containsKey(address)) {
                    return null;
                }
                changes.add(new AccountChange(address, null, null, true, Map.of()));
            } else {
                changes.add(new AccountChange(address, info, code.get(address), false, slots));
            }
        }
        return changes;
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
