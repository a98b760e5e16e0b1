package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A committed overlay's changes as the store keeps them until its applier has written them: the
 * overlay's own maps, handed over (the world state starts new ones), read as {@link AccountChange}s
 * on demand. A commit so hands 10,000 accounts to the store without converting them; lookups from
 * readers convert one account each, and the applier converts the whole list once, off the
 * committing thread. Nothing writes the maps after the hand-over, so any thread may read them.
 */
final class OverlayChanges {
    private final Map<Address, PendingAccount> accounts;
    private final Map<Hash, byte[]> code;
    private List<AccountChange> list;

    OverlayChanges(Map<Address, PendingAccount> accounts, Map<Hash, byte[]> code) {
        this.accounts = accounts;
        this.code = code;
    }

    /** One account's change, or null when the overlay did not touch it. */
    AccountChange get(Address address) {
        PendingAccount p = accounts.get(address);
        return p == null ? null : change(address, p, code, false);
    }

    /** Every change, in the overlay's first-touch order. */
    synchronized List<AccountChange> list() {
        if (list == null) {
            List<AccountChange> changes = new ArrayList<>(accounts.size());
            accounts.forEach((address, p) -> changes.add(change(address, p, code, false)));
            list = Collections.unmodifiableList(changes);
        }
        return list;
    }

    /** The state-diff item of each change of {@link #list} encoded ahead ({@link PendingAccount#encoded}), or null entries. */
    byte[][] encodedItems() {
        byte[][] encoded = new byte[accounts.size()][];
        int i = 0;
        for (PendingAccount p : accounts.values()) {
            encoded[i++] = p.encoded;
        }
        return encoded;
    }

    /** Code the overlay deployed, by hash. */
    Map<Hash, byte[]> code() {
        return code;
    }

    /**
     * An overlay account as a change: the account now, the code when the overlay deployed it,
     * whether earlier storage is gone, and the slots written since ({@code copy}: copied, else a
     * read-only view).
     */
    static AccountChange change(Address address, PendingAccount p, Map<Hash, byte[]> code, boolean copy) {
        byte[] deployed = p.info != null && p.info.hasCode() ? code.get(p.info.codeHash()) : null;
        return new AccountChange(address, p.info, deployed, p.info == null || p.storageCleared,
                copy ? Map.copyOf(p.slots) : Collections.unmodifiableMap(p.slots));
    }
}
