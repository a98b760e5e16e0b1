package dev.multilane.chain.block;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs the transactions of one block with the effect of running them one after the other: the
 * seam between {@link BlockProcessor} (system calls, receipts, withdrawals, roots) and an execution
 * engine. {@link SequentialBlockExecutor} is the reference; the Block-STM engine of the exec module
 * is meant to be a second implementation, checked against it block by block.
 *
 * <p>Block-level rules that depend only on earlier results (the block gas pool, the blob gas limit)
 * stay with the processor, which walks the results in order; an executor need not know them.
 */
public interface TransactionsExecutor {

    /**
     * Executes {@code transactions} on {@code state}.
     *
     * @return one result per transaction in index order, ending early at the first {@link
     *     TxResult.Invalid} (the block is invalid; later transactions need not run). On return
     *     {@code state} holds the changes of every executed transaction, as if each had been applied
     *     before the next one ran.
     */
    List<TxResult> execute(Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state);

    /**
     * {@link #execute}, then {@code meanwhile} on its results, returning what {@code meanwhile}
     * returned. {@code meanwhile} must not touch {@code state} and must be a function of the results
     * alone: an executor may run it while it is still writing the block's changes to the state (the
     * parallel one does), and may call it again with other results when it has to re-run the block
     * (only the last call's value is returned). On return the state holds the changes, as after
     * {@link #execute}.
     */
    default <R> R execute(Fork fork, BlockEnv block, List<TxEnv> transactions, WorldState state,
            Function<List<TxResult>, R> meanwhile) {
        return meanwhile.apply(execute(fork, block, transactions, state));
    }

    /**
     * Runs {@code action} for every index in [0, {@code count}), in any order, possibly on several
     * threads, and returns when all are done. The processor uses it for per-receipt work after the
     * transactions ran; an executor with idle worker threads lends them. The default runs them in
     * order on the caller.
     */
    default void forEach(int count, IntConsumer action) {
        for (int i = 0; i < count; i++) {
            action.accept(i);
        }
    }

    /** A short name for reports, such as "sequential". */
    String name();
}
