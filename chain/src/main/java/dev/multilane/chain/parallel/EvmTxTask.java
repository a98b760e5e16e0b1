package dev.multilane.chain.parallel;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Credit;
import dev.multilane.evm.CreditMode;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.StateView;
import dev.multilane.exec.TxTask;
import dev.multilane.exec.TxView;
import dev.multilane.primitives.U256;
import java.util.Map;
import java.util.Objects;

/**
 * One transaction as a Block-STM task: runs the EVM over a {@link VersionedStateView} with
 * deferred credits, then turns its {@link AccountChange}s into writes and its credits into
 * {@link BalanceDelta}s.
 *
 * <p>A header is written only when it differs from what the transaction read, so calling a
 * contract (which reads its header for the code hash) and changing its storage does not make every
 * later caller of the contract conflict with this one.
 */
final class EvmTxTask implements TxTask<StateKey, StateValue, EvmTxTask.Outcome> {
    private final TransactionProcessor processor;
    private final Fork fork;
    private final BlockEnv block;
    private final TxEnv tx;
    private final StateView base;

    EvmTxTask(TransactionProcessor processor, Fork fork, BlockEnv block, TxEnv tx, StateView base) {
        this.processor = processor;
        this.fork = fork;
        this.block = block;
        this.tx = tx;
        this.base = base;
    }

    /**
     * The transaction's result, and whether the block must be re-run sequentially because this
     * transaction did something the versioned state cannot express.
     *
     * @param sequentialReason null, or why the parallel result cannot be used
     */
    record Outcome(TxResult result, String sequentialReason) {
        static final Outcome BLOCKED = new Outcome(null, null);
    }

    @Override
    public Outcome execute(int txIndex, int incarnation, TxView<StateKey, StateValue> view) {
        VersionedStateView state = new VersionedStateView(view, base);
        TxResult result;
        try {
            result = processor.execute(fork, block, tx, state, CreditMode.DEFERRED);
        } catch (VersionedStateView.Blocked blocked) {
            return Outcome.BLOCKED; // view.blocked() is set; the engine discards this execution
        }
        if (!(result instanceof TxResult.Executed executed)) {
            return new Outcome(result, null);
        }
        String reason = null;
        for (AccountChange change : executed.changes()) {
            StateValue.Account before = state.accountRead(change.address());
            // Multi-version memory holds slots, not "all slots of X": it cannot express storage
            // vanishing for every later transaction. That happens when a contract self-destructs
            // before Cancun (its storage may come from this very block), and when an account that
            // holds storage without code is removed by EIP-161 or re-created (EIP-7610 accounts).
            if (change.deleted() && before != null && before.info() != null && before.info().hasCode()) {
                reason = "self-destruct of existing contract " + change.address();
            } else if (change.storageCleared() && base.hasStorage(change.address())) {
                reason = "storage of " + change.address() + " cleared";
            }
            StateValue.Account after = new StateValue.Account(change.info());
            if (before == null || !Objects.equals(before.info(), change.info())) {
                view.write(new StateKey.Account(change.address()), after);
            }
            if (change.code() != null) {
                view.write(new StateKey.Code(change.address()), new StateValue.Code(change.code()));
            }
            for (Map.Entry<U256, U256> slot : change.storage().entrySet()) {
                view.write(new StateKey.Slot(change.address(), slot.getKey()), new StateValue.Slot(slot.getValue()));
            }
        }
        for (Credit credit : executed.credits()) {
            StateValue.Account read = state.accountRead(credit.address());
            boolean contract = read != null && read.info() != null && read.info().hasCode();
            if (!contract && base.hasStorage(credit.address())) {
                // A credit may remove an empty account (EIP-161), and with it storage the delta
                // cannot see; only accounts that held storage before the block can be both. A
                // contract (as this execution read it, which validation keeps true) is never empty.
                reason = "credit to storage-holding account " + credit.address();
            }
            view.add(new StateKey.Account(credit.address()), new BalanceDelta(credit.amount()));
        }
        return new Outcome(result, reason);
    }
}
