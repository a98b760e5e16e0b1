package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.U256;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the uncommitted block has done to one account so far, merged over all its changes: the
 * account now (null when deleted), whether everything stored before the block is gone, and the slots
 * written since (zero meaning deleted). A slot absent here reads through to the flat state unless
 * the storage was cleared.
 */
final class PendingAccount {
    AccountInfo info;
    boolean storageCleared;
    final Map<U256, U256> slots = new HashMap<>();
    /**
     * Since the world state last computed its root: whether the storage was cleared, and the slots
     * written after that (their values are in {@link #slots}). What {@link StateTries#advance} must
     * add to the tries of that root.
     */
    boolean clearedSinceRoot;
    final Set<U256> slotsSinceRoot = new HashSet<>();
    /**
     * Since the world state last staged a part of the block ({@link PersistentWorldState#stage}):
     * whether the storage was cleared, and the slots written after that. What the next part's
     * state-diff item holds.
     */
    boolean clearedSinceStaged;
    final Set<U256> slotsSinceStaged = new HashSet<>();
    /** This account's item of the block's state diff ({@link StateDiff#encodeItem}), or null when changed since. */
    byte[] encoded;

    PendingAccount(AccountInfo info) {
        this.info = info;
    }
}
