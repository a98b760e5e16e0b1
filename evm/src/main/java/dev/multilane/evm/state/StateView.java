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
