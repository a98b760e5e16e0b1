package dev.multilane.evm.state;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/**
 * The EVM's only way to read state: the world as it stands before the transaction that is being
 * executed. Writes never go through here; the EVM collects them in its journal and hands them out
 * as {@link AccountChange}s when the transaction ends. The parallel engine implements this
 * interface over multi-version memory and records every call as a read.
 */
public interface StateView {
    /** The account, or null when it does not exist. */
    AccountInfo account(Address address);

    /**
     * The account, for a caller that uses its balance only through {@link #balance} when it has
     * code: the balance of an account with code may leave out credits other transactions of the
     * block made to it. An account without code (or absent) comes back exact. The parallel engine
     * answers this without depending on the transactions that only credited the account, so calls
     * into a contract that many transactions pay (WETH9's deposit) do not conflict. By default, and
     * wherever the state is a plain snapshot, this is {@link #account}.
     */
    default AccountInfo accountWithoutCredits(Address address) {
        return account(address);
    }

    /** The account's balance, zero when it does not exist. */
    default U256 balance(Address address) {
        AccountInfo info = account(address);
        return info == null ? U256.ZERO : info.balance();
    }

    /** The account's code; empty when it has none or does not exist. Never null. */
    byte[] code(Address address);

    /** The value of a storage slot; zero when unset. */
    U256 storage(Address address, U256 slot);

    /**
     * True when the account has at least one non-zero storage slot. Only consulted when a contract
     * is created at an address (EIP-7610 collision check).
     */
    default boolean hasStorage(Address address) {
        return false;
    }
}
