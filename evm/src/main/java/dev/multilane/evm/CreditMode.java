package dev.multilane.evm;

/**
 * How the transaction processor pays balances that no one in the transaction reads.
 *
 * <p>The coinbase's fee and the recipient of a plain value transfer are written by almost every
 * transaction of a block but read by almost none. Paid immediately they put a read and a write of
 * one hot account into every transaction, which serialises a parallel block. Deferred, they come
 * back as {@link Credit}s that the parallel engine keeps as commutative deltas.
 */
public enum CreditMode {
    /** Credit the coinbase and transfer recipients inside the transaction (sequential semantics). */
    IMMEDIATE,
    /**
     * Return the coinbase fee, and the value of a top-level call to an account without code, as
     * {@link TxResult.Executed#credits()} instead of writing them. The recipient is known to have no
     * code by reading only its code, which transfers and fees never write. Value paid to a contract
     * whose balance the transaction never needs comes back as a credit too (see {@link
     * dev.multilane.evm.journal.Journal#deferContractCredits}); such a contract's header is read
     * with {@link dev.multilane.evm.state.StateView#accountWithoutCredits}.
     */
    DEFERRED
}
