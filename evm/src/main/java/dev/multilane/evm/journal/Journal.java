package dev.multilane.evm.journal;

import dev.multilane.evm.Code;
import dev.multilane.evm.CodeCache;
import dev.multilane.evm.Credit;
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
import java.util.function.Predicate;

/**
 * The state of one running transaction: accounts read through the {@link StateView} and changed
 * here, the EIP-2929 warm sets, EIP-1153 transient storage, logs and the refund counter. Every
 * change appends an undo entry; {@link #revertTo} rolls back to a checkpoint when a call frame
 * reverts or fails. At the end {@link #changes} lists what the transaction did. Single-threaded.
 *
 * <p>Changes made before the first {@link #checkpoint} (buying gas, bumping the nonce, warming the
 * access list) can never be rolled back, since no checkpoint lies before them, so they record no
 * undo entry. A storage slot keeps its warmth, original and written value in one {@link
 * StorageSlot}, found with one lookup in its account's {@link SlotTable}.
 */
public final class Journal {
    /** Precompile 0x03 stays touched when the call that touched it fails (geth's consensus quirk). */
    private static final Address RIPEMD160 = Address.ofNumber(3);
    private static final Predicate<Address> NONE_ALWAYS_WARM = address -> false;

    private final StateView state;
    private final CodeCache codeCache;
    private final HashMap<Address, JournaledAccount> accounts = new HashMap<>();
    /** The account {@link #account} returned last: the running frame's own, asked for by every SLOAD and SSTORE. */
    private JournaledAccount lastAccount;
    private final ArrayList<Undo> undo = new ArrayList<>();
    /** False until the first checkpoint; see the class comment. */
    private boolean recording;
    private final HashSet<Address> warmAddresses = new HashSet<>();
    private Predicate<Address> alwaysWarm = NONE_ALWAYS_WARM;
    /** Slots of accounts not loaded yet, warmed by an access list; an account takes its own when it loads. */
    private HashMap<Address, SlotTable> slotsOfUnloaded;
    /** Null until the first TSTORE: few transactions use transient storage. */
    private HashMap<Slot, U256> transientStorage;
    private final ArrayList<Log> logs = new ArrayList<>();
    private long refund;
    /** Whether contracts' balances stay unread until needed; see {@link #deferContractCredits}. */
    private boolean deferContractCredits;

    public Journal(StateView state) {
        this(state, new CodeCache());
    }

    public Journal(StateView state, CodeCache codeCache) {
        this.state = state;
        this.codeCache = codeCache;
    }

    private record Slot(Address address, U256 key) {}

    /**
     * From now on, accounts with code are loaded with {@link StateView#accountWithoutCredits} and
     * their balance is read only when something needs it: BALANCE or SELFBALANCE, a transfer out
     * of it, a change of its nonce or code, its self-destruct. A contract that is only paid ends the
     * transaction as a {@link Credit} from {@link #changes(List)} instead of a balance write. Call
     * before the first account is loaded; for the parallel engine, where such credits commute.
     */
    public void deferContractCredits() {
        this.deferContractCredits = true;
    }

    /** How to take back one change. */
    private interface Undo {
        void apply(Journal j);
    }

    /** A point to roll back to: the undo log length and the number of logs. */
    public record Checkpoint(int undoSize, int logCount) {}

    public Checkpoint checkpoint() {
        recording = true;
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
        JournaledAccount a = lastAccount;
        if (a != null && a.address == address) {
            return a;
        }
        a = accounts.get(address);
        if (a == null) {
            a = load(address);
            if (slotsOfUnloaded != null) {
                a.slots = slotsOfUnloaded.remove(address);
            }
            accounts.put(address, a);
        }
        lastAccount = a;
        return a;
    }

    private JournaledAccount load(Address address) {
        if (deferContractCredits) {
            AccountInfo info = state.accountWithoutCredits(address);
            if (info != null && info.hasCode()) {
                return new JournaledAccount(address, info, state);
            }
            return new JournaledAccount(address, info);
        }
        return new JournaledAccount(address, state.account(address));
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
            if (recording) {
                undo.add(j -> {
                    if (!a.address.equals(RIPEMD160)) {
                        a.touched = false;
                    }
                });
            }
        }
    }

    private void markExists(JournaledAccount a) {
        if (!a.exists) {
            a.exists = true;
            if (recording) {
                undo.add(j -> a.exists = false);
            }
        }
    }

    public void setBalance(JournaledAccount a, U256 balance) {
        a.readBalance();
        U256 prev = a.balance;
        a.balance = balance;
        if (recording) {
            undo.add(j -> a.balance = prev);
        }
        markExists(a);
        touch(a);
    }

    public void addBalance(JournaledAccount a, U256 amount) {
        if (amount.isZero()) {
            touchWithBalance(a);
        } else if (a.balanceUnread()) {
            credit(a, amount);
        } else {
            setBalance(a, a.balance.add(amount));
        }
    }

    /**
     * Adds to an unread balance, which then sums the credits. The undo subtracts the amount rather
     * than restoring a value: entries are undone last first, so when this one is, the balance is
     * what it was just after the credit, whether it has been read since (the state's balance plus
     * the credits) or not (the credits alone).
     */
    private void credit(JournaledAccount a, U256 amount) {
        a.balance = a.balance.add(amount);
        if (recording) {
            undo.add(j -> a.balance = a.balance.sub(amount));
        }
        markExists(a);
        touch(a);
    }

    /** Subtracts; the caller has checked the balance suffices. */
    public void subBalance(JournaledAccount a, U256 amount) {
        if (amount.isZero()) {
            touchWithBalance(a);
        } else {
            a.readBalance();
            setBalance(a, a.balance.sub(amount));
        }
    }

    /**
     * What setting the balance to itself does (every call moves a value, often zero): the account
     * exists and is touched. No arithmetic and no undo entry for a balance that stays as it is.
     */
    private void touchWithBalance(JournaledAccount a) {
        markExists(a);
        touch(a);
    }

    /**
     * Moves value between accounts; false (and nothing changed) when the sender cannot pay.
     * Touches both, even for zero value, as EIP-161 counts it.
     */
    public boolean transfer(JournaledAccount from, JournaledAccount to, U256 value) {
        if (from.balance().compareTo(value) < 0) {
            return false;
        }
        subBalance(from, value);
        addBalance(to, value);
        return true;
    }

    public void setNonce(JournaledAccount a, long nonce) {
        long prev = a.nonce;
        a.nonce = nonce;
        if (recording) {
            undo.add(j -> a.nonce = prev);
        }
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
        if (recording) {
            undo.add(j -> {
                a.code = prevCode;
                a.codeHash = prevHash;
                a.codeChanged = prevChanged;
            });
        }
        touch(a);
    }

    /**
     * Prepares an address for a new contract: storage from before is dropped (it can only be
     * non-empty in an EIP-7610 collision that the caller has already ruled out, or after a
     * same-transaction self-destruct), and the account counts as created in this transaction.
     * Slots keep their warmth and their cached original values; only written values go.
     */
    public void createAccount(JournaledAccount a) {
        boolean prevCleared = a.storageCleared;
        boolean prevCreated = a.createdInTx;
        List<StorageSlot> written = new ArrayList<>();
        List<U256> writtenValues = new ArrayList<>();
        if (a.slots != null) {
            for (StorageSlot s : a.slots.slots()) {
                if (s != null && s.current != null) {
                    written.add(s);
                    writtenValues.add(s.current);
                    s.current = null;
                }
            }
        }
        a.storageCleared = true;
        a.createdInTx = true;
        if (recording) {
            undo.add(j -> {
                for (int i = 0; i < written.size(); i++) {
                    written.get(i).current = writtenValues.get(i);
                }
                a.storageCleared = prevCleared;
                a.createdInTx = prevCreated;
            });
        }
        markExists(a);
        touch(a);
    }

    /** Marks the account for deletion at the end of the transaction. */
    public void markSelfDestructed(JournaledAccount a) {
        if (!a.selfDestructed) {
            a.selfDestructed = true;
            if (recording) {
                undo.add(j -> a.selfDestructed = false);
            }
        }
    }

    // ---- storage ----

    /** The slot of {@code a} at {@code key}, made on first use; reads no state. */
    public StorageSlot slot(JournaledAccount a, U256 key) {
        return slots(a).getOrCreate(key);
    }

    /** The slot at the key with limbs k0 (least significant) to k3, as SLOAD and SSTORE find it. */
    public StorageSlot slot(JournaledAccount a, long k0, long k1, long k2, long k3) {
        return slots(a).getOrCreate(k0, k1, k2, k3);
    }

    private static SlotTable slots(JournaledAccount a) {
        SlotTable slots = a.slots;
        if (slots == null) {
            slots = new SlotTable();
            a.slots = slots;
        }
        return slots;
    }

    /** The slot's current value. */
    public U256 storage(JournaledAccount a, StorageSlot s) {
        U256 v = s.current;
        return v != null ? v : originalStorage(a, s);
    }

    public U256 storage(JournaledAccount a, U256 key) {
        return storage(a, slot(a, key));
    }

    /** The slot's value at the start of the transaction (zero if the account was re-created). */
    public U256 originalStorage(JournaledAccount a, StorageSlot s) {
        if (a.storageCleared) {
            return U256.ZERO;
        }
        U256 v = s.original;
        if (v == null) {
            v = a.original == null ? U256.ZERO : state.storage(a.address, s.key);
            s.original = v;
        }
        return v;
    }

    public void setStorage(StorageSlot s, U256 value) {
        U256 prev = s.current;
        s.current = value;
        if (recording) {
            undo.add(j -> s.current = prev);
        }
    }

    /** EIP-7610: true when the account has storage from before the transaction. */
    public boolean hasPreexistingStorage(JournaledAccount a) {
        return !a.storageCleared && a.original != null && state.hasStorage(a.address);
    }

    // ---- transient storage (EIP-1153) ----

    public U256 transientStorage(Address address, U256 key) {
        return transientStorage == null ? U256.ZERO : transientStorage.getOrDefault(new Slot(address, key), U256.ZERO);
    }

    public void setTransientStorage(Address address, U256 key, U256 value) {
        if (transientStorage == null) {
            transientStorage = new HashMap<>();
        }
        HashMap<Slot, U256> map = transientStorage;
        Slot slot = new Slot(address, key);
        U256 prev = value.isZero() ? map.remove(slot) : map.put(slot, value);
        if (recording) {
            undo.add(j -> {
                if (prev == null) {
                    map.remove(slot);
                } else {
                    map.put(slot, prev);
                }
            });
        }
    }

    // ---- EIP-2929 warm sets ----

    /**
     * Addresses warm for the whole transaction without being added one by one: the precompiles
     * (EIP-2929), asked for on every CALL to a precompile. Set before execution starts.
     */
    public void keepWarm(Predicate<Address> addresses) {
        this.alwaysWarm = addresses;
    }

    /** Marks the address warm; returns true when it was cold. */
    public boolean warmAddress(Address address) {
        if (alwaysWarm.test(address)) {
            return false;
        }
        if (warmAddresses.add(address)) {
            if (recording) {
                undo.add(j -> warmAddresses.remove(address));
            }
            return true;
        }
        return false;
    }

    public boolean isWarm(Address address) {
        return alwaysWarm.test(address) || warmAddresses.contains(address);
    }

    /** Marks the slot warm; returns true when it was cold. */
    public boolean warmSlot(StorageSlot s) {
        if (s.warm) {
            return false;
        }
        s.warm = true;
        if (recording) {
            undo.add(j -> s.warm = false);
        }
        return true;
    }

    /**
     * Marks the slot warm; returns true when it was cold. Does not load the account, so an access
     * list reads no state: the slot waits in {@link #slotsOfUnloaded} until the account loads.
     */
    public boolean warmSlot(Address address, U256 key) {
        JournaledAccount a = accounts.get(address);
        if (a != null) {
            return warmSlot(slot(a, key));
        }
        if (slotsOfUnloaded == null) {
            slotsOfUnloaded = new HashMap<>();
        }
        return warmSlot(slotsOfUnloaded.computeIfAbsent(address, k -> new SlotTable()).getOrCreate(key));
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
        if (recording) {
            undo.add(j -> j.refund = prev);
        }
    }

    // ---- end of transaction ----

    /**
     * What the transaction did, account by account, after self-destructs and EIP-161 removal of
     * touched empty accounts. Call once, after the last revert.
     */
    public List<AccountChange> changes() {
        return changes(null);
    }

    /**
     * {@link #changes()}, with the credits to contracts whose balance stayed unread (see {@link
     * #deferContractCredits}) added to {@code credits} instead. Such an account's change, when its
     * storage changed, carries the header it was loaded with, whose balance may be out of date:
     * the account's balance is not part of the change. A contract whose balance was read later
     * carries its whole header, as {@link StateView#balance} saw it when unchanged.
     *
     * @param credits where the credits go; may be null only when credits are not deferred
     */
    public List<AccountChange> changes(List<Credit> credits) {
        List<AccountChange> out = new ArrayList<>();
        for (JournaledAccount a : accounts.values()) {
            if (a.balanceUnread() && (a.selfDestructed || a.storageCleared || a.codeChanged
                    || a.nonce != a.original.nonce() || !a.codeHash.equals(a.original.codeHash()))) {
                a.readBalance(); // its header changes, so the whole header is written
            }
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
            Map<U256, U256> written = writtenStorage(a);
            AccountInfo before = a.original;
            boolean infoChanged;
            if (a.balanceUnread()) {
                infoChanged = false;
                if (!a.balance.isZero()) {
                    credits.add(new Credit(a.address, a.balance));
                }
            } else {
                infoChanged = before == null || a.nonce != before.nonce() || !a.balance.equals(a.originalBalance)
                        || !a.codeHash.equals(before.codeHash());
            }
            if (infoChanged || a.storageCleared || !written.isEmpty() || a.codeChanged) {
                // The header as loaded lacks the credits a late balance read saw; restate it whole.
                AccountInfo info = infoChanged || a.balanceReadLate
                        ? new AccountInfo(a.nonce, a.balance, a.codeHash)
                        : before;
                byte[] code = a.codeChanged ? a.code.bytes() : null;
                out.add(new AccountChange(a.address, info, code, a.storageCleared, written));
            }
        }
        return out;
    }

    /** Slots written with a value that differs from the original (every written slot after a re-creation). */
    private Map<U256, U256> writtenStorage(JournaledAccount a) {
        if (a.slots == null) {
            return Map.of();
        }
        HashMap<U256, U256> written = null;
        for (StorageSlot s : a.slots.slots()) {
            U256 v = s == null ? null : s.current;
            if (v != null && (a.storageCleared || !v.equals(originalStorage(a, s)))) {
                if (written == null) {
                    written = new HashMap<>();
                }
                written.put(s.key, v);
            }
        }
        return written == null ? Map.of() : written;
    }
}
