package dev.multilane.evm.journal;

import dev.multilane.primitives.U256;

/**
 * One storage slot of one account as the running transaction sees it. Keeping the EIP-2929 warmth,
 * the EIP-2200 original value and the written value together lets SLOAD and SSTORE find all three
 * with one hash lookup. Changed only through {@link Journal}, which records how to undo each change.
 */
public final class StorageSlot {
    final U256 key;
    /** The value at the start of the transaction; null until read from the state view. A cache, never undone. */
    U256 original;
    /** The value this transaction wrote since the account was last (re)created; null when none. */
    U256 current;
    /** Accessed in this transaction (EIP-2929), or listed in its access list (EIP-2930). */
    boolean warm;

    StorageSlot(U256 key) {
        this.key = key;
    }

    public U256 key() {
        return key;
    }
}
