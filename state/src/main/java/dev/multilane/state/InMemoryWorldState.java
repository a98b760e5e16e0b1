package dev.multilane.state;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole world state in memory: accounts, their storage and code, and the state root over them.
 * State tests and benchmarks execute against it.
 *
 * <p>Reads ({@link StateView}) go to a hash map of accounts and each account's
 * {@link StorageSlots}. The state trie and the per-account storage tries are kept across calls and
 * brought up to date lazily: writes only mark accounts and slots dirty, and
 * {@link #stateRoot()} re-inserts just those, so a root after a block costs in proportion to what
 * the block touched, not to the size of the state.
 *
 * <p>Not thread-safe. Any number of threads may read through {@link StateView} at once provided no
 * thread calls a mutating method ({@link #putAccount}, {@link #apply}, {@link #stateRoot}) meanwhile.
 */
public final class InMemoryWorldState implements StateView {
    private final Map<Address, StoredAccount> accounts;
    /** Code by its keccak256; never pruned, since nothing refers to code by anything else. */
    private final Map<Hash, byte[]> codes;
    private final MerklePatriciaTrie stateTrie;
    /**
     * Accounts whose leaf is out of date, each added when its {@link StoredAccount#dirty} flag is
     * set. An account replaced or deleted since has its flag cleared and is skipped.
     */
    private final List<StoredAccount> dirtyAccounts;
    /** Addresses whose account was deleted since the state trie was last brought up to date. */
    private final Set<Address> deleted;

    public InMemoryWorldState() {
        this(new HashMap<>(), new HashMap<>(), new MerklePatriciaTrie(), new ArrayList<>(), new HashSet<>());
    }

    private InMemoryWorldState(
            Map<Address, StoredAccount> accounts, Map<Hash, byte[]> codes, MerklePatriciaTrie stateTrie,
            List<StoredAccount> dirtyAccounts, Set<Address> deleted) {
        this.accounts = accounts;
        this.codes = codes;
        this.stateTrie = stateTrie;
        this.dirtyAccounts = dirtyAccounts;
        this.deleted = deleted;
    }

    /**
     * Sets up an account, replacing any account at the address. Zero storage values are ignored;
     * {@code code} and {@code storage} may be null for none.
     */
    public void putAccount(Address address, long nonce, U256 balance, byte[] code, Map<U256, U256> storage) {
        Hash codeHash = storeCode(code);
        StoredAccount account = new StoredAccount(Keccak.hash(address.bytes()), new AccountInfo(nonce, balance, codeHash));
        if (storage != null) {
            storage.forEach((slot, value) -> {
                if (!value.isZero()) {
                    account.setSlot(slot, value);
                }
            });
        }
        StoredAccount replaced = accounts.put(address, account);
        if (replaced != null) {
            replaced.dirty = false;
        }
        markDirty(account);
    }

    /** Applies one transaction's changes in order; see {@link AccountChange} for their meaning. */
    public void apply(List<AccountChange> changes) {
        for (AccountChange change : changes) {
            Address address = change.address();
            if (change.deleted()) {
                StoredAccount removed = accounts.remove(address);
                if (removed != null) {
                    removed.dirty = false;
                    deleted.add(address);
                }
                continue;
            }
            StoredAccount account = accounts.get(address);
            if (account == null) {
                account = new StoredAccount(Keccak.hash(address.bytes()), change.info());
                accounts.put(address, account);
            } else if (change.storageCleared()) {
                account.clearStorage();
            }
            markDirty(account);
            if (change.code() != null) {
                Hash codeHash = storeCode(change.code());
                if (!codeHash.equals(change.info().codeHash())) {
                    throw new IllegalArgumentException(
                            "code of " + address + " hashes to " + codeHash + " but the account says " + change.info().codeHash());
                }
            }
            account.info = change.info();
            if (change.storage() != null) {
                change.storage().forEach(account::setSlot);
            }
        }
    }

    /**
     * The state root: a secure trie mapping keccak256(address) to rlp([nonce, balance, storageRoot,
     * codeHash]), where storageRoot is that of a secure trie mapping keccak256(slot as 32 bytes) to
     * the RLP of the value's minimal big-endian bytes, zero slots absent (Yellow Paper section 4.1).
     */
    public Hash stateRoot() {
        for (Address address : deleted) {
            // Re-created since: its new leaf is written below.
            if (accounts.get(address) == null) {
                stateTrie.delete(Keccak.hash(address.bytes()));
            }
        }
        deleted.clear();
        for (StoredAccount account : dirtyAccounts) {
            if (account.dirty) {
                stateTrie.put(account.trieKey, account.trieValue());
                account.dirty = false;
            }
        }
        dirtyAccounts.clear();
        return stateTrie.rootHash();
    }

    /** An independent deep copy: later changes to either world do not show in the other. */
    public InMemoryWorldState copy() {
        Map<Address, StoredAccount> accountsCopy = HashMap.newHashMap(accounts.size());
        List<StoredAccount> dirtyCopy = new ArrayList<>();
        accounts.forEach((address, account) -> {
            StoredAccount copy = account.copy();
            accountsCopy.put(address, copy);
            if (copy.dirty) {
                dirtyCopy.add(copy);
            }
        });
        // Code arrays are never written after they are stored, so the copies can share them.
        return new InMemoryWorldState(accountsCopy, new HashMap<>(codes), stateTrie.copy(), dirtyCopy, new HashSet<>(deleted));
    }

    /** A snapshot of the addresses of all existing accounts. */
    public Set<Address> addresses() {
        return Set.copyOf(accounts.keySet());
    }

    /** The account's non-zero storage slots as a read-only view; empty when it does not exist. */
    public Map<U256, U256> storageOf(Address address) {
        StoredAccount account = accounts.get(address);
        return account == null ? Map.of() : Collections.unmodifiableMap(account.storage());
    }

    // ---- StateView ----

    @Override
    public AccountInfo account(Address address) {
        StoredAccount account = accounts.get(address);
        return account == null ? null : account.info;
    }

    /** The stored array itself, not a copy: callers must not write to it. */
    @Override
    public byte[] code(Address address) {
        StoredAccount account = accounts.get(address);
        if (account == null || !account.info.hasCode()) {
            return Bytes.EMPTY;
        }
        return codes.getOrDefault(account.info.codeHash(), Bytes.EMPTY);
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        StoredAccount account = accounts.get(address);
        return account == null ? U256.ZERO : account.slot(slot);
    }

    @Override
    public boolean hasStorage(Address address) {
        StoredAccount account = accounts.get(address);
        return account != null && account.hasStorage();
    }

    private void markDirty(StoredAccount account) {
        if (!account.dirty) {
            account.dirty = true;
            dirtyAccounts.add(account);
        }
    }

    private Hash storeCode(byte[] code) {
        if (code == null || code.length == 0) {
            return Keccak.EMPTY;
        }
        Hash hash = Keccak.of(code);
        codes.putIfAbsent(hash, code.clone());
        return hash;
    }
}
