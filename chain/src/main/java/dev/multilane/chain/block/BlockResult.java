package dev.multilane.chain.block;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Hash;
import java.util.List;

/**
 * What executing a valid block computed: everything the header commits to that execution decides.
 *
 * @param fork the fork the block ran under
 * @param receipts one per transaction, in order
 * @param transactions each transaction's execution result (gas, output, changes), in order
 * @param gasUsed the last receipt's cumulative gas, zero for an empty block
 * @param blobGasUsed EIP-4844 blob gas of the block's blob transactions
 * @param logsBloom the OR of the receipts' blooms
 * @param receiptsRoot the root of the trie of the receipts' encodings
 * @param stateRoot the post-state root, or null when it was not asked for or the state cannot compute one
 */
public record BlockResult(
        Fork fork,
        List<Receipt> receipts,
        List<TxResult.Executed> transactions,
        long gasUsed,
        long blobGasUsed,
        LogsBloom logsBloom,
        Hash receiptsRoot,
        Hash stateRoot) {

    public BlockResult {
        receipts = List.copyOf(receipts);
        transactions = List.copyOf(transactions);
        logsBloom = logsBloom.copy();
    }

    @Override
    public LogsBloom logsBloom() {
        return logsBloom.copy();
    }
}
