package dev.multilane.node.statetest;

import dev.multilane.primitives.Hash;

/**
 * One expected outcome under one fork: which transaction variant to build and what must follow.
 *
 * @param hash the state root after the transaction
 * @param logs keccak256 of the RLP list of the transaction's logs
 * @param expectException the filler's name for why the transaction is invalid, or null when it must
 *     execute
 */
record PostVector(Indexes indexes, Hash hash, Hash logs, String expectException) {

    /** Picks one entry from each of the transaction's {@code data}, {@code gasLimit} and {@code value} arrays. */
    record Indexes(int data, int gas, int value) {}
}
