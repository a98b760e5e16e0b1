package dev.multilane.evm.journal;

import dev.multilane.evm.Code;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
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
    /**
     * The balance; while {@link #balanceUnread}, only the sum of what this transaction credited,
     * the balance before it being unknown.
     */
    U256 balance;
    /** The balance before the transaction; null while {@link #balanceUnread}. */
    U256 originalBalance;
    /**
     * Where the balance comes from on first use, while it is unread: a contract loaded with {@link
     * StateView#accountWithoutCredits} keeps its balance unread until something needs it, so a
     * transaction that only pays it leaves a credit instead of a read and a write. Null otherwise.
     */
    StateView unreadBalanceFrom;
    /** The balance was read after loading; {@link #original}'s balance may then be out of date. */
    boolean balanceReadLate;
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
        this.originalBalance = this.balance;
        this.codeHash = info.codeHash();
    }

    /**
     * An account with code whose balance is read from {@code state} only when first needed; until
     * then {@link #balance} sums this transaction's credits.
     */
    JournaledAccount(Address address, AccountInfo original, StateView state) {
        this(address, original);
        this.balance = U256.ZERO;
        this.originalBalance = null;
        this.unreadBalanceFrom = state;
    }

    /** Whether the balance was never needed so far (see {@link #unreadBalanceFrom}). */
    boolean balanceUnread() {
        return unreadBalanceFrom != null;
    }

    /** Reads the balance if it is unread: what the state says plus the credits so far. */
    void readBalance() {
        StateView state = unreadBalanceFrom;
        if (state != null) {
            originalBalance = state.balance(address);
            balance = originalBalance.add(balance);
            unreadBalanceFrom = null;
            balanceReadLate = true;
        }
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
        readBalance();
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
        // The balance last: an account with code is not empty whatever it holds, unread or not.
        return nonce == 0 && codeHash.equals(AccountInfo.EMPTY.codeHash()) && balance().isZero();
    }

    /** EIP-161 "dead": does not exist or is empty. */
    public boolean isDead() {
        return !exists || isEmpty();
    }
}
