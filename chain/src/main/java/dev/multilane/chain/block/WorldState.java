package dev.multilane.chain.block;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Hash;
import java.util.List;
import java.util.Optional;

/**
 * The state a block runs on: read through {@link StateView} as the EVM does, written by applying
 * each transaction's {@link AccountChange}s in order. An executor reads the state as it stands after
 * the changes applied so far, so the sequential executor reads through this object directly.
 */
public interface WorldState extends StateView {

    /** Applies one transaction's (or system operation's) changes; see {@link AccountChange}. */
    void apply(List<AccountChange> changes);

    /**
     * The state root over everything applied so far, or empty when this state cannot compute one
     * (a partial or remote state).
     */
    Optional<Hash> stateRoot();
}
