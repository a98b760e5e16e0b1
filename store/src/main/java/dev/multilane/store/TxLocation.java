package dev.multilane.store;

import dev.multilane.primitives.Hash;

/**
 * Where a transaction sits in the canonical chain, as eth_getTransactionByHash and
 * eth_getTransactionReceipt need it.
 *
 * @param index the transaction's position in its block, from zero
 */
public record TxLocation(long blockNumber, Hash blockHash, int index) {}
