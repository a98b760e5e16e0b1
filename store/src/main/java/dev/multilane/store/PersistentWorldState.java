package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.WorldState;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import dev.multilane.store.CommitOutcome.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world state a node builds blocks on: the flat state of a {@link ChainStore} at its head, with
 * the changes of the block under construction held in memory on top until {@link #commit} writes
 * them with the block, or {@link #discard} drops them.
 *
 * <p>Reads look in the overlay first and fall through to the flat state. {@link #stateRoot()} comes
 * from {@link StateTries}, the in-memory state and storage tries built from the flat state at open
 * and advanced at each commit; it equals the root {@code InMemoryWorldState} gives for the same
 * content (the tests check this on random changes).
 *
 * <p>It must be the store's only writer: commits that bypass it leave its tries behind the flat
 * state. Not thread-safe for writing; any number of threads may read while none applies, commits
 * or discards (the parallel executor reads so).
 */
public final class PersistentWorldState implements WorldState {
    private final ChainStore store;
    private final FlatState flat;
    /** The committed head state, for the point reads; scans still go to {@link #flat}. */
    private final HeadStateCache cache;
    private final StateTries tries;
    /** The uncommitted block's changes, one merged entry per account, in first-touch order. */
    private Map<Address, PendingAccount> pending = new LinkedHashMap<>();
    /** Code deployed by the uncommitted block, by hash. */
    private Map<Hash, byte[]> newCode = new HashMap<>();
    /**
     * The tries as of the last root computed on this overlay (null: none yet); the changes since
     * are those of the accounts in {@link #sinceRoot}, so the next root advances these tries by
     * them instead of applying the whole overlay again. A block built in parts, root after root,
     * so costs each account once per part it touches.
     */
    private StateTries.Update update;
    /** The accounts changed since {@link #update}, in first-touch order. */
    private final Map<Address, PendingAccount> sinceRoot = new LinkedHashMap<>();
    /** The accounts changed since the last {@link #stage}, and the encoding it staged for (null: none since the overlay began). */
    private final Map<Address, PendingAccount> sinceStaged = new LinkedHashMap<>();
    private BlockEncoding stagedFor;
    /** Counts the times the overlay was emptied (commit, rollback, discard). */
    private long overlayEpoch;

    private PersistentWorldState(ChainStore store, StateTries tries) {
        this.store = store;
        this.flat = store.state();
        this.cache = new HeadStateCache(flat);
        this.tries = tries;
        store.onStateApplied(cache::committed);
    }

    /**
     * Builds the tries from the flat state at the head and checks their root against the head
     * header's {@code stateRoot}.
     *
     * @throws StoreException when the database has no genesis yet or the roots differ (the flat state
     *     is not the head's: corruption, or a commit written around this class)
     */
    public static PersistentWorldState open(ChainStore store) {
        ChainHead head = store.head().orElseThrow(() -> new StoreException("the database has no genesis block"));
        BlockHeader header = store.header(head.hash())
                .orElseThrow(() -> new StoreException("no header for head " + head.number() + " " + head.hash()));
        StateTries tries = StateTries.build(store.state());
        if (!tries.root().equals(header.stateRoot())) {
            throw new StoreException("the flat state has root " + tries.root() + " but head " + head.number()
                    + " says " + header.stateRoot());
        }
        return new PersistentWorldState(store, tries);
    }

    /**
     * The committed head state without the overlay, read through an in-memory cache: for readers
     * on other threads (the pool), which may run while a block is being built. Like {@link
     * ChainStore#state()}, a read during a commit may see part of it.
     */
    public StateView headState() {
        return cache;
    }

    /** The block whose post-state this builds on. */
    public ChainHead head() {
        return store.head().orElseThrow();
    }

    // ---- StateView ----

    @Override
    public AccountInfo account(Address address) {
        PendingAccount p = pending.get(address);
        return p != null ? p.info : cache.account(address);
    }

    @Override
    public byte[] code(Address address) {
        AccountInfo info = account(address);
        if (info == null || !info.hasCode()) {
            return Bytes.EMPTY;
        }
        byte[] deployed = newCode.get(info.codeHash());
        return deployed != null ? deployed : cache.code(info.codeHash());
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        PendingAccount p = pending.get(address);
        if (p == null) {
            return cache.storage(address, slot);
        }
        U256 written = p.slots.get(slot);
        if (written != null) {
            return written;
        }
        return p.info == null || p.storageCleared ? U256.ZERO : cache.storage(address, slot);
    }

    @Override
    public boolean hasStorage(Address address) {
        PendingAccount p = pending.get(address);
        if (p == null) {
            return cache.hasStorage(address);
        }
        if (p.info == null) {
            return false;
        }
        for (U256 value : p.slots.values()) {
            if (!value.isZero()) {
                return true;
            }
        }
        if (p.storageCleared || !cache.hasStorage(address)) {
            return false;
        }
        // A stored slot counts unless the block has since zeroed it.
        boolean[] found = {false};
        flat.scanStorage(address, (slot, value) -> {
            found[0] = !p.slots.containsKey(slot);
            return !found[0];
        });
        return found[0];
    }

    // ---- WorldState ----

    /** Merges the changes into the overlay; see {@link AccountChange} for their meaning. */
    @Override
    public void apply(List<AccountChange> changes) {
        for (AccountChange change : changes) {
            Address address = change.address();
            PendingAccount p = pending.computeIfAbsent(address, a -> new PendingAccount(cache.account(a)));
            sinceRoot.put(address, p);
            sinceStaged.put(address, p);
            p.encoded = null;
            if (change.deleted()) {
                p.info = null;
                clearStorage(p);
                continue;
            }
            if (change.storageCleared()) {
                clearStorage(p);
            }
            if (change.code() != null && change.code().length > 0) {
                Hash codeHash = Keccak.of(change.code());
                if (!codeHash.equals(change.info().codeHash())) {
                    throw new IllegalArgumentException("code of " + address + " hashes to " + codeHash
                            + " but the account says " + change.info().codeHash());
                }
                newCode.putIfAbsent(codeHash, change.code().clone());
            }
            p.info = change.info();
            if (change.storage() != null) {
                p.slots.putAll(change.storage());
                p.slotsSinceRoot.addAll(change.storage().keySet());
                p.slotsSinceStaged.addAll(change.storage().keySet());
            }
        }
    }

    private static void clearStorage(PendingAccount p) {
        p.storageCleared = true;
        p.slots.clear();
        p.clearedSinceRoot = true;
        p.slotsSinceRoot.clear();
        p.clearedSinceStaged = true;
        p.slotsSinceStaged.clear();
    }

    /** The root of the state with every change applied so far; never empty. */
    @Override
    public Optional<Hash> stateRoot() {
        return Optional.of(root());
    }

    public Hash root() {
        if (update == null) {
            update = tries.prepare(pending);
        } else if (!sinceRoot.isEmpty()) {
            update = tries.advance(update, new ArrayList<>(sinceRoot.entrySet()));
        }
        for (PendingAccount p : sinceRoot.values()) {
            p.clearedSinceRoot = false;
            p.slotsSinceRoot.clear();
        }
        sinceRoot.clear();
        return update.root();
    }

    /** The root at the head, without the overlay. */
    public Hash committedRoot() {
        return tries.root();
    }

    /**
     * The overlay as changes to the head's state, one per touched account: the account at the end
     * (null when deleted), the code when this block deployed it, whether earlier storage is gone,
     * and the slots written since (zero for deleted).
     */
    public List<AccountChange> pendingChanges() {
        return changes(true);
    }

    /**
     * {@link #pendingChanges}, with each account's slots copied, or (for {@link #commit}, which is
     * done with them before the overlay is next touched) read-only views of the overlay's maps.
     */
    private List<AccountChange> changes(boolean copy) {
        List<AccountChange> changes = new ArrayList<>(pending.size());
        pending.forEach((address, p) -> changes.add(change(address, p, copy)));
        return changes;
    }

    private AccountChange change(Address address, PendingAccount p, boolean copy) {
        return OverlayChanges.change(address, p, newCode, copy);
    }

    /**
     * Encodes the state diff's item of every account changed since the last call, so that a commit
     * only encodes what changed after it: for a block built in parts, called after each part.
     */
    public void encodeAhead() {
        List<Map.Entry<Address, PendingAccount>> stale = new ArrayList<>();
        for (Map.Entry<Address, PendingAccount> e : pending.entrySet()) {
            if (e.getValue().encoded == null) {
                stale.add(e);
            }
        }
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, stale.size());
        (stale.size() >= 256 ? range.parallel() : range).forEach(i -> {
            Map.Entry<Address, PendingAccount> e = stale.get(i);
            e.getValue().encoded = StateDiff.encodeItem(change(e.getKey(), e.getValue(), false));
        });
    }

    /**
     * Stages the block being built on this overlay ({@link ChainStore#stage}): what {@code
     * encoding} gained since the last call, with the state-diff item of each account changed since
     * (its slots those written since). A {@link #commit} with the same encoding and overlay then
     * stores only the changes after the last part. The encoding must be this overlay's block's
     * from its first transaction, and staged only through this method.
     */
    public void stage(BlockEncoding encoding) {
        if (stagedFor != null && stagedFor != encoding) {
            throw new IllegalStateException("this overlay's block is staged under another encoding");
        }
        store.stage(encoding, sinceStagedItems(true));
        stagedFor = encoding;
    }

    /**
     * The state-diff items of the accounts changed since the last {@link #stage}; with {@code
     * reset}, the next call starts over from here.
     */
    private List<byte[]> sinceStagedItems(boolean reset) {
        List<PendingAccount> changed = new ArrayList<>(sinceStaged.values());
        List<Address> addresses = new ArrayList<>(sinceStaged.keySet());
        byte[][] items = new byte[changed.size()][];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, items.length);
        (items.length >= 256 ? range.parallel() : range).forEach(i -> {
            PendingAccount p = changed.get(i);
            Map<U256, U256> slots = HashMap.newHashMap(p.slotsSinceStaged.size());
            for (U256 slot : p.slotsSinceStaged) {
                slots.put(slot, p.slots.get(slot));
            }
            byte[] code = p.info != null && p.info.hasCode() ? newCode.get(p.info.codeHash()) : null;
            items[i] = StateDiff.encodeItem(new AccountChange(addresses.get(i), p.info, code,
                    p.info == null || p.clearedSinceStaged, slots));
        });
        if (reset) {
            for (PendingAccount p : changed) {
                p.clearedSinceStaged = false;
                p.slotsSinceStaged.clear();
            }
            sinceStaged.clear();
        }
        return List.of(items);
    }

    /**
     * Commits {@code block} with the overlay as its state changes, then starts an empty overlay on
     * the new head. Refused, with nothing written and the overlay kept, when the header's state root
     * is not this state's root or the store refuses the block.
     */
    public CommitOutcome commit(Block block, List<Receipt> receipts) {
        return commit(block, receipts, null);
    }

    /**
     * {@link #commit(Block, List)} with the block's transactions and receipts encoded ahead ({@code
     * records}; null to encode them now). The state diff's items come from {@link #encodeAhead}
     * where it ran.
     */
    public CommitOutcome commit(Block block, List<Receipt> receipts, BlockEncoding records) {
        Hash root = root();
        if (!root.equals(block.header().stateRoot())) {
            return CommitOutcome.refused(Reason.STATE_ROOT_MISMATCH,
                    "the state's root is " + root + " but the header says " + block.header().stateRoot());
        }
        // The overlay's maps themselves: clearing the overlay replaces them rather than emptying
        // them, so the store's diff (and, through the applier, the cache) can keep them.
        byte[] diffRest = records != null && records == stagedFor ? Rlp.encodeList(sinceStagedItems(false)) : null;
        CommitOutcome outcome = store.commit(block, receipts, new OverlayChanges(pending, newCode), root, records,
                diffRest);
        if (outcome instanceof CommitOutcome.Committed) {
            tries.install(update);
            clearOverlay();
        }
        return outcome;
    }

    /**
     * Rolls the chain back so that block {@code target} is the head (see {@link ChainStore#rollback}),
     * moving the tries back with it: the blocks' change sets, applied in reverse as an overlay, must
     * give {@code target}'s state root before anything is written, so damaged history is refused
     * rather than installed. Drops any uncommitted overlay first.
     */
    public CommitOutcome rollback(long target) {
        clearOverlay();
        ChainHead current = head();
        if (target < 0 || target > current.number()) {
            return CommitOutcome.refused(Reason.NOT_BELOW_HEAD, "cannot roll back to block " + target
                    + " from head " + current.number());
        }
        if (target == current.number()) {
            return new CommitOutcome.Committed(current);
        }
        BlockHeader header = store.header(target).orElseThrow(() -> new StoreException("no header for block " + target));
        apply(store.reverseChanges(target));
        Hash root = root();
        if (!root.equals(header.stateRoot())) {
            clearOverlay();
            return CommitOutcome.refused(Reason.STATE_ROOT_MISMATCH, "undoing blocks " + (target + 1) + ".."
                    + current.number() + " gives root " + root + " but block " + target + " has " + header.stateRoot()
                    + ": the change sets are damaged");
        }
        CommitOutcome outcome = store.rollback(target);
        // Whatever the outcome, the flat state may have moved under the cache.
        cache.clear();
        if (outcome instanceof CommitOutcome.Committed) {
            tries.install(update);
        }
        clearOverlay();
        return outcome;
    }

    /** Drops the overlay: the state is the head's again (an invalid or abandoned block). */
    public void discard() {
        clearOverlay();
    }

    /**
     * Changes whenever the overlay is emptied (a commit, a rollback, a discard): whoever leaves
     * changes in the overlay to build on later checks with it that nobody dropped them meanwhile.
     */
    public long overlayEpoch() {
        return overlayEpoch;
    }

    private void clearOverlay() {
        overlayEpoch++;
        pending = new LinkedHashMap<>(); // replaced, not emptied: a committed store diff may hold them
        newCode = new HashMap<>();
        update = null;
        sinceRoot.clear();
        sinceStaged.clear();
        stagedFor = null;
    }
}
