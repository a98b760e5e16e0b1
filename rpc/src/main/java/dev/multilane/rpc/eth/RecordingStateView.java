package dev.multilane.rpc.eth;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view that passes reads through and remembers which accounts and slots were read, in
 * first-read order: the raw material of eth_createAccessList. Single-threaded (one call).
 */
final class RecordingStateView implements StateView {
    private final StateView inner;
    final Map<Address, Set<U256>> touched = new LinkedHashMap<>();

    RecordingStateView(StateView inner) {
        this.inner = inner;
    }

    @Override
    public AccountInfo account(Address address) {
        touched.computeIfAbsent(address, a -> new LinkedHashSet<>());
        return inner.account(address);
    }

    @Override
    public byte[] code(Address address) {
        touched.computeIfAbsent(address, a -> new LinkedHashSet<>());
        return inner.code(address);
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        touched.computeIfAbsent(address, a -> new LinkedHashSet<>()).add(slot);
        return inner.storage(address, slot);
    }

    @Override
    public boolean hasStorage(Address address) {
        return inner.hasStorage(address);
    }
}
