package dev.multilane.bench;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.state.InMemoryWorldState;

/**
 * One named benchmark workload: a transaction and the pre-state it runs on. Executing it never
 * changes {@code preState} (the processor returns changes as values and nothing applies them), so
 * the same transaction can run again and again, each time against the same state, and from any
 * number of threads at once.
 *
 * @param name the name benchmarks and docs use, e.g. {@code erc20Transfer}
 * @param description what the transaction does, for reports
 * @param unitsPerTx how many units of work (transfers, loop iterations) one transaction performs
 * @param unit what a unit is, e.g. "transfer"
 */
public record Workload(
        String name,
        String description,
        int unitsPerTx,
        String unit,
        Fork fork,
        BlockEnv block,
        TxEnv tx,
        InMemoryWorldState preState) {

    /** Executes the transaction once: exactly what a benchmark times. */
    public TxResult execute(TransactionProcessor processor) {
        return processor.execute(fork, block, tx, preState);
    }
}
