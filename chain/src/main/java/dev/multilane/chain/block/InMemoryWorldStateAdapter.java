package dev.multilane.chain.block;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.List;
import java.util.Optional;

/** {@link WorldState} over the state module's {@link InMemoryWorldState}; every call delegates. */
public record InMemoryWorldStateAdapter(InMemoryWorldState state) implements WorldState {

    @Override
    public AccountInfo account(Address address) {
        return state.account(address);
    }

    @Override
    public byte[] code(Address address) {
        return state.code(address);
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        return state.storage(address, slot);
    }

    @Override
    public boolean hasStorage(Address address) {
        return state.hasStorage(address);
    }

    @Override
    public void apply(List<AccountChange> changes) {
        state.apply(changes);
    }

    @Override
    public Optional<Hash> stateRoot() {
        return Optional.of(state.stateRoot());
    }
}
