package dev.multilane.evm.journal;

import dev.multilane.evm.Code;
import dev.multilane.evm.CodeCache;
import dev.multilane.evm.Log;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The state of one running transaction: accounts read through the {@link StateView} and changed
 * here, the EIP-2929 warm sets, EIP-1153 transient storage, logs and the refund counter. Every
 * change appends an undo entry; {@link #revertTo} rolls back to a checkpoint when a call frame
 * reverts or fails. At the end {@link #changes} lists what the transaction did. Single-threaded.
 */
public final class Journal {
    /** Precompile 0x03 stays touched when the call that touched it fails (geth's consensus quirk). */
    private static final Address RIPEMD160 = Address.ofNumber(3);

    private final StateView state;
    private final CodeCache codeCache;
    private final HashMap<Address, JournaledAccount> accounts = new HashMap<>();
    private final ArrayList<Undo> undo = new ArrayList<>();
    private final HashSet<Address> warmAddresses = new HashSet<>();
    private final HashSet<Slot> warmSlots = new HashSet<>();
    private final HashMap<Slot, U256> transientStorage = new HashMap<>();
    private final ArrayList<Log> logs = new ArrayList<>();
    private long refund;

    public Journal(StateView state) {
        this(state, new CodeCache());
    }

    public Journal(StateView state, CodeCache codeCache) {
        this.state = state;
        this.codeCache = codeCache;
    }

    private record Slot(Address address, U256 key) {}

    /** How to take back one change. */
    private interface Undo {
        void apply(Journal j);
    }

    /** A point to roll back to: the undo log length and the number of logs. */
    public record Checkpoint(int undoSize, int logCount) {}

    public Checkpoint checkpoint() {
        return new Checkpoint(undo.size(), logs.size());
    }

    public void revertTo(Checkpoint cp) {
        for (int i = undo.size() - 1; i >= cp.undoSize; i--) {
            undo.remove(i).apply(this);
        }
        while (logs.size() > cp.logCount) {
            logs.removeLast();
        }
    }

    // ---- accounts ----

    public JournaledAccount account(Address address) {
        JournaledAccount a = accounts.get(address);
        if (a == null) {
            a = new JournaledAccount(address, state.account(address));
            accounts.put(address, a);
        }
        return a;
    }

    public Code code(Address address) {
        JournaledAccount a = account(address);
        if (a.code == null) {
            a.code = a.codeHash.equals(AccountInfo.EMPTY.codeHash())
                    ? Code.EMPTY
                    : codeCache.get(a.codeHash, () -> state.code(address));
        }
        return a.code;
    }

    public void touch(JournaledAccount a) {
        if (!a.touched) {
            a.touched = true;
            undo.add(j -> {
                if (!a.address.equals(RIPEMD160)) {
                    a.touched = false;
                }
            });
        }
    }

    private void markExists(JournaledAccount a) {
        if (!a.exists) {
            a.exists = true;
            undo.add(j -> a.exists = false);
        }
    }

    public void setBalance(JournaledAccount a, U256 balance) {
        U256 prev = a.balance;
        a.balance = balance;
        undo.add(j -> a.balance = prev);
        markExists(a);
        touch(a);
    }

    public void addBalance(JournaledAccount a, U256 amount) {
        setBalance(a, a.balance.add(amount));
    }

    /** Subtracts; the caller has checked the balance suffices. */
    public void subBalance(JournaledAccount a, U256 amount) {
        setBalance(a, a.balance.sub(amount));
    }

    /**
     * Moves value between accounts; false (and nothing changed) when the sender cannot pay.
     * Touches both, even for zero value, as EIP-161 counts it.
     */
    public boolean transfer(JournaledAccount from, JournaledAccount to, U256 value) {
        if (from.balance.compareTo(value) < 0) {
            return false;
        }
        subBalance(from, value);
        addBalance(to, value);
        return true;
    }

    public void setNonce(JournaledAccount a, long nonce) {
        long prev = a.nonce;
        a.nonce = nonce;
        undo.add(j -> a.nonce = prev);
        markExists(a);
        touch(a);
    }

    public void setCode(JournaledAccount a, Code code) {
        Code prevCode = a.code;
        Hash prevHash = a.codeHash;
        boolean prevChanged = a.codeChanged;
        a.code = code;
        a.codeHash = code.hash();
        a.codeChanged = true;
        undo.add(j -> {
            a.code = prevCode;
            a.codeHash = prevHash;
            a.codeChanged = prevChanged;
        });
        touch(a);
    }

    /**
     * Prepares an address for a new contract: storage from before is dropped (it can only be
     * non-empty in an EIP-7610 collision that the caller has already ruled out, or after a
     * same-transaction self-destruct), and the account counts as created in this transaction.
     */
    public void createAccount(JournaledAccount a) {
        HashMap<U256, U256> prevStorage = a.storage;
        boolean prevCleared = a.storageCleared;
        boolean prevCreated = a.createdInTx;
        a.storage = new HashMap<>();
        a.storageCleared = true;
        a.createdInTx = true;
        undo.add(j -> {
            a.storage = prevStorage;
            a.storageCleared = prevCleared;
            a.createdInTx = prevCreated;
        });
        markExists(a);
        touch(a);
    }

    /** Marks the account for deletion at the end of the transaction. */
    public void markSelfDestructed(JournaledAccount a) {
        if (!a.selfDestructed) {
            a.selfDestructed = true;
            undo.add(j -> a.selfDestructed = false);
        }
    }

    // ---- storage ----

    public U256 storage(JournaledAccount a, U256 key) {
        U256 v = a.storage.get(key);
        return v != null ? v : originalStorage(a, key);
    }

    /** The slot's value at the start of the transaction (zero if the account was re-created). */
    public U256 originalStorage(JournaledAccount a, U256 key) {
        if (a.storageCleared) {
            return U256.ZERO;
        }
        U256 v = a.originalStorage.get(key);
        if (v == null) {
            v = a.original == null ? U256.ZERO : state.storage(a.address, key);
            a.originalStorage.put(key, v);
        }
        return v;
    }

    public void setStorage(JournaledAccount a, U256 key, U256 value) {
        U256 prev = a.storage.put(key, value);
        HashMap<U256, U256> map = a.storage;
        undo.add(j -> {
            if (prev == null) {
                map.remove(key);
            } else {
                map.put(key, prev);
            }
        });
    }

    /** EIP-7610: true when the account has storage from before the transaction. */
    public boolean hasPreexistingStorage(JournaledAccount a) {
        return !a.storageCleared && a.original != null && state.hasStorage(a.address);
    }

    // ---- transient storage (EIP-1153) ----

    public U256 transientStorage(Address address, U256 key) {
        return transientStorage.getOrDefault(new Slot(address, key), U256.ZERO);
    }

    public void setTransientStorage(Address address, U256 key, U256 value) {
        Slot slot = new Slot(address, key);
        U256 prev = value.isZero() ? transientStorage.remove(slot) : transientStorage.put(slot, value);
        undo.add(j -> {
            if (prev == null) {
                transientStorage.remove(slot);
            } else {
                transientStorage.put(slot, prev);
            }
        });
    }

    // ---- EIP-2929 warm sets ----

    /** Marks the address warm; returns true when it was cold. */
    public boolean warmAddress(Address address) {
        if (warmAddresses.add(address)) {
            undo.add(j -> warmAddresses.remove(address));
            return true;
        }
        return false;
    }

    public boolean isWarm(Address address) {
        return warmAddresses.contains(address);
    }

    /** Marks the slot warm; returns true when it was cold. */
    public boolean warmSlot(Address address, U256 key) {
        Slot slot = new Slot(address, key);
        if (warmSlots.add(slot)) {
            undo.add(j -> warmSlots.remove(slot));
            return true;
        }
        return false;
    }

    // ---- logs and refunds ----

    public void addLog(Log log) {
        logs.add(log);
    }

    public List<Log> logs() {
        return logs;
    }

    public long refund() {
        return refund;
    }

    public void addRefund(long delta) {
        long prev = refund;
        refund += delta;
        undo.add(j -> j.refund = prev);
    }

    // ---- end of transaction ----

    /**
     * What the transaction did, account by account, after self-destructs and EIP-161 removal of
     * touched empty accounts. Call once, after the last revert.
     */
    public List<AccountChange> changes() {
        List<AccountChange> out = new ArrayList<>();
        for (JournaledAccount a : accounts.values()) {
            boolean delete = a.selfDestructed || (a.touched && a.exists && a.isEmpty());
            if (delete) {
                if (a.original != null || a.exists) {
                    out.add(new AccountChange(a.address, null, null, true, Map.of()));
                }
                continue;
            }
            if (!a.exists) {
                continue;
            }
            AccountInfo info = new AccountInfo(a.nonce, a.balance, a.codeHash);
            HashMap<U256, U256> written = new HashMap<>();
            for (Map.Entry<U256, U256> e : a.storage.entrySet()) {
                if (a.storageCleared || !e.getValue().equals(originalStorage(a, e.getKey()))) {
                    written.put(e.getKey(), e.getValue());
                }
            }
            boolean infoChanged = !info.equals(a.original);
            if (infoChanged || a.storageCleared || !written.isEmpty() || a.codeChanged) {
                byte[] code = a.codeChanged ? a.code.bytes() : null;
                out.add(new AccountChange(a.address, info, code, a.storageCleared, written));
            }
        }
        return out;
    }
}
