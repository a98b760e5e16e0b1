package dev.multilane.chain.block;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a block's transactions one at a time on one thread, applying each one's changes before the
 * next one reads: the definition of the right answer, which a parallel engine must reproduce.
 * Stateless apart from the processor; thread-safe.
 */
public final class SequentialBlockExecutor implements TransactionsExecutor {
    private final TransactionProcessor processor;

    public SequentialBlockExecutor(TransactionProcessor processor) {
        this.processor = processor;
    }

    public SequentialBlockExecutor(long chainId) {
        this(new TransactionProcessor(chainId));
    }

    @Override
    public List<TxResult> execute(Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state) {
        List<TxResult> results = new ArrayList<>(transactions.size());
        for (TxEnv tx : transactions) {
            TxResult result = processor.execute(fork, block, tx, state);
            results.add(result);
            switch (result) {
                case TxResult.Executed e -> state.apply(e.changes());
                case TxResult.Invalid i -> {
                    return results;
                }
            }
        }
        return results;
    }

    @Override
    public String name() {
        return "sequential";
    }
}
