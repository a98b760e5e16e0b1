package dev.multilane.evm.journal;

import dev.multilane.evm.Code;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;

/**
 * One account as the running transaction sees it: the header read from the state view at first
 * touch, overlaid with this transaction's writes. Fields are changed only through {@link Journal},
 * which records how to undo each change.
 */
public final class JournaledAccount {
    final Address address;
    /** The account as it was before the transaction; null when it did not exist. */
    final AccountInfo original;

    boolean exists;
    long nonce;
    U256 balance;
    Hash codeHash;
    /** Loaded lazily; null until first needed. */
    Code code;
    boolean codeChanged;

    /**
     * The slots this transaction has touched, by key: written values, original values read so far,
     * warmth. Null until the first slot is touched, since most accounts a transaction loads (its
     * sender, the fee recipient) never have their storage read.
     */
    SlotTable slots;
    /** Storage from before the transaction is gone: the account was (re)created in it. */
    boolean storageCleared;
    /** Created by CREATE/CREATE2 or the creation transaction itself (EIP-6780). */
    boolean createdInTx;
    boolean selfDestructed;
    /** Changed in a way that EIP-161 counts as touching (even by a zero-value transfer). */
    boolean touched;

    JournaledAccount(Address address, AccountInfo original) {
        this.address = address;
        this.original = original;
        AccountInfo info = original == null ? AccountInfo.EMPTY : original;
        this.exists = original != null;
        this.nonce = info.nonce();
        this.balance = info.balance();
        this.codeHash = info.codeHash();
    }

    public Address address() {
        return address;
    }

    public boolean exists() {
        return exists;
    }

    public long nonce() {
        return nonce;
    }

    public U256 balance() {
        return balance;
    }

    public Hash codeHash() {
        return codeHash;
    }

    public boolean createdInTx() {
        return createdInTx;
    }

    public boolean selfDestructed() {
        return selfDestructed;
    }

    /** EIP-161 "empty": no code, zero nonce, zero balance. */
    public boolean isEmpty() {
        return nonce == 0 && balance.isZero() && codeHash.equals(AccountInfo.EMPTY.codeHash());
    }

    /** EIP-161 "dead": does not exist or is empty. */
    public boolean isDead() {
        return !exists || isEmpty();
    }
}
