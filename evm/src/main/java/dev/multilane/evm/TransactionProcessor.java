package dev.multilane.evm;

import dev.multilane.evm.state.StateView;

/** Validates and executes one transaction against a state view. Stateless and thread-safe. */
public final class TransactionProcessor {

    /** Executes {@code tx} in {@code block} on {@code state} under the rules of {@code fork}. */
    public TxResult execute(Fork fork, BlockEnv block, TxEnv tx, StateView state) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
