package dev.multilane.store;

import dev.multilane.evm.Log;
import dev.multilane.primitives.Hash;

/**
 * A log with its place in the chain, as eth_getLogs and receipts report it.
 *
 * @param transactionIndex the emitting transaction's position in the block
 * @param logIndex the log's position among all logs of the block (not of the transaction)
 */
public record IndexedLog(Log log, long blockNumber, Hash blockHash, Hash transactionHash, int transactionIndex,
        int logIndex) {}
