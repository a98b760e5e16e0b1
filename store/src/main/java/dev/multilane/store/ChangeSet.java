package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one block changed in the flat state, with the value each key had before the block: every
 * account it wrote or deleted, and every slot it wrote, zeroed or wiped (a deleted account or a
 * storage reset wipes every slot the account had). This is the block's undo record: written in the
 * block's batch, applied in reverse by a rollback, and indexed by key for historical reads.
 *
 * @param accounts address → the account before the block, null when it did not exist
 * @param slots storage key (address ‖ slot) → the slot before the block, zero when unset
 */
record ChangeSet(Map<Address, AccountInfo> accounts, Map<StorageKey, U256> slots) {

    /** An account's storage slot; compares by value. */
    record StorageKey(Address address, U256 slot) {
        byte[] bytes() {
            return StoreKeys.storage(address, slot);
        }

        static StorageKey of(byte[] key) {
            return new StorageKey(StoreKeys.storageAddress(key), StoreKeys.storageSlot(key));
        }
    }

    /**
     * The prior values of everything {@code changes} touch, read from {@code before} (the state the
     * changes apply to). Only the first touch of a key counts: that is the value before the block.
     */
    static ChangeSet of(List<AccountChange> changes, FlatState before) {
        return of(changes, before, before);
    }

    /**
     * As {@link #of(List, FlatState)}, with the point reads from {@code prior} (a cache of {@code
     * before}, which the block mostly read already) and only the slot scans of wiped storage from the
     * flat state.
     */
    static ChangeSet of(List<AccountChange> changes, StateView prior, FlatState before) {
        int slotCount = 0;
        for (AccountChange c : changes) {
            slotCount += c.storage() == null ? 0 : c.storage().size();
        }
        Map<Address, AccountInfo> accounts = LinkedHashMap.newLinkedHashMap(changes.size());
        Map<StorageKey, U256> slots = LinkedHashMap.newLinkedHashMap(slotCount);
        for (AccountChange c : changes) {
            Address address = c.address();
            if (!accounts.containsKey(address)) {
                accounts.put(address, prior.account(address));
            }
            if (c.deleted() || c.storageCleared()) {
                before.scanStorage(address, (slot, value) -> {
                    slots.putIfAbsent(new StorageKey(address, slot), value);
                    return true;
                });
            }
            if (c.storage() != null) {
                for (U256 slot : c.storage().keySet()) {
                    slots.computeIfAbsent(new StorageKey(address, slot), k -> prior.storage(k.address(), k.slot()));
                }
            }
        }
        return new ChangeSet(accounts, slots);
    }

    /**
     * The change set's keys as stored under the block number: RLP [[address...], [storageKey...]].
     * Written straight into one array: every item is a string of 20 or 52 bytes, under 56, so its
     * RLP header is the single byte 0x80 + length.
     */
    byte[] encodeKeys() {
        int addressItems = accounts.size() * (1 + Address.SIZE);
        int storageItems = slots.size() * (1 + StoreKeys.STORAGE_KEY_SIZE);
        int payload = Rlp.headerLength(addressItems) + addressItems + Rlp.headerLength(storageItems) + storageItems;
        byte[] out = new byte[Rlp.headerLength(payload) + payload];
        int pos = Rlp.writeHeader(out, 0, 0xc0, payload);
        pos = Rlp.writeHeader(out, pos, 0xc0, addressItems);
        for (Address a : accounts.keySet()) {
            out[pos++] = (byte) (0x80 + Address.SIZE);
            System.arraycopy(a.bytes(), 0, out, pos, Address.SIZE);
            pos += Address.SIZE;
        }
        pos = Rlp.writeHeader(out, pos, 0xc0, storageItems);
        for (StorageKey k : slots.keySet()) {
            out[pos++] = (byte) (0x80 + StoreKeys.STORAGE_KEY_SIZE);
            StoreKeys.putStorageKey(out, pos, k.address(), k.slot());
            pos += StoreKeys.STORAGE_KEY_SIZE;
        }
        return out;
    }

    /** The keys of an encoded change set: addresses and storage keys. */
    record Keys(List<Address> addresses, List<byte[]> storageKeys) {}

    static Keys decodeKeys(byte[] value) {
        RlpReader r = RlpReader.ofSingleList(value);
        RlpReader a = r.enterList();
        List<Address> addresses = new ArrayList<>();
        while (a.hasNext()) {
            addresses.add(Address.wrap(a.readBytes()));
        }
        RlpReader s = r.enterList();
        List<byte[]> storage = new ArrayList<>();
        while (s.hasNext()) {
            storage.add(s.readBytes());
        }
        r.expectEnd();
        return new Keys(addresses, storage);
    }

    /** A prior account as a history value: its flat encoding, or empty when it did not exist. */
    static byte[] encodeAccount(AccountInfo info) {
        return info == null ? new byte[0] : AccountCodec.encodeFlat(info);
    }

    static AccountInfo decodeAccount(byte[] value) {
        return value.length == 0 ? null : AccountCodec.decodeFlat(value);
    }

    /** A prior slot as a history value: its minimal bytes, empty for zero. */
    static byte[] encodeSlot(U256 value) {
        return value.isZero() ? new byte[0] : AccountCodec.encodeSlot(value);
    }

    static U256 decodeSlot(byte[] value) {
        return value.length == 0 ? U256.ZERO : AccountCodec.decodeSlot(value);
    }
}
