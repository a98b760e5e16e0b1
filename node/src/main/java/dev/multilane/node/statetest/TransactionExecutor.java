package dev.multilane.node.statetest;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.StateView;

/**
 * What the runner needs from an EVM: {@link TransactionProcessor#execute}'s shape, so tests can
 * check the runner's plumbing with a stand-in.
 */
@FunctionalInterface
public interface TransactionExecutor {

    TxResult execute(Fork fork, BlockEnv block, TxEnv tx, StateView state);

    /** Multilane's EVM. */
    static TransactionExecutor evm() {
        TransactionProcessor processor = new TransactionProcessor();
        return processor::execute;
    }
}
