package dev.multilane.node.statetest;

import dev.multilane.evm.TxEnv;

/** The transaction of one vector: ready for the EVM, or impossible to encode at all. */
sealed interface VectorTx {

    record Built(TxEnv tx) implements VectorTx {}

    /**
     * A field does not fit its RLP type (a value of 2^256 or more, a nonce of 2^64 or more). No
     * client can decode such a transaction, so it is invalid before the EVM sees it
     * ({@code TR_RLP_WRONGVALUE} in the fixtures).
     */
    record Unencodable(String reason) implements VectorTx {}
}
