package dev.multilane.chain.parallel;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.exec.ReadResult;
import dev.multilane.exec.TxView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;
import java.util.HashMap;
import java.util.Map;

/**
 * The EVM's {@link StateView} over one Block-STM execution: every read goes to the exec engine's
 * {@link TxView}, which answers from multi-version memory and records the read for validation.
 *
 * <p>When a read meets an ESTIMATE (a lower transaction is being re-executed) there is no right
 * value to return. The interpreter is deep in a call stack and has no notion of "blocked", so the
 * view unwinds it with {@link Blocked}, a stackless exception that {@link EvmTxTask} catches at the
 * task boundary; the engine then discards the execution and parks the transaction on its blocker.
 * This is the only exception on the EVM path and it never crosses the task.
 */
final class VersionedStateView implements StateView {
    private final TxView<StateKey, StateValue> view;
    private final StateView base;
    /** Account headers as first read by this execution: what the transaction's changes replace. */
    private final Map<Address, StateValue.Account> accountsRead = new HashMap<>();

    /** @param base the state before the block, for {@link #hasStorage} only */
    VersionedStateView(TxView<StateKey, StateValue> view, StateView base) {
        this.view = view;
        this.base = base;
    }

    /** Raised when a read depends on a transaction that is being re-executed. */
    static final class Blocked extends RuntimeException {
        static final Blocked INSTANCE = new Blocked();

        private Blocked() {
            super("read depends on a lower transaction being re-executed", null, false, false);
        }
    }

    private StateValue read(StateKey key) {
        return switch (view.read(key)) {
            case ReadResult.Value<StateValue>(StateValue value) -> value;
            case ReadResult.Dependency<StateValue> d -> throw Blocked.INSTANCE;
        };
    }

    @Override
    public AccountInfo account(Address address) {
        StateValue.Account value = (StateValue.Account) read(new StateKey.Account(address));
        accountsRead.putIfAbsent(address, value);
        return value.info();
    }

    /**
     * The header as the last full write left it, ignoring balance credits ({@link BalanceDelta}s)
     * since: a credit never changes a contract's nonce, code or existence, so a caller that takes
     * the balance of a contract from {@link #balance} does not depend on who paid it. An account
     * without code is read in full, since credits can create it or (EIP-161) remove it.
     */
    @Override
    public AccountInfo accountWithoutCredits(Address address) {
        StateKey.Account key = new StateKey.Account(address);
        StateValue.Account header = (StateValue.Account) switch (view.readWithoutDeltas(key)) {
            case ReadResult.Value<StateValue>(StateValue value) -> value;
            case ReadResult.Dependency<StateValue> d -> throw Blocked.INSTANCE;
        };
        if (header.info() == null || !header.info().hasCode()) {
            header = (StateValue.Account) read(key);
        }
        accountsRead.putIfAbsent(address, header);
        return header.info();
    }

    /**
     * The balance with every credit below applied: a full read of the header, which from now on
     * is the header {@link #accountRead} reports (the journal restates such an account's header
     * whole, so an unchanged one compares equal).
     */
    @Override
    public U256 balance(Address address) {
        StateValue.Account value = (StateValue.Account) read(new StateKey.Account(address));
        accountsRead.put(address, value);
        return value.info() == null ? U256.ZERO : value.info().balance();
    }

    @Override
    public byte[] code(Address address) {
        byte[] code = ((StateValue.Code) read(new StateKey.Code(address))).code();
        return code == null ? Bytes.EMPTY : code;
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        return ((StateValue.Slot) read(new StateKey.Slot(address, slot))).value();
    }

    /**
     * EIP-7610's collision check asks whether an address already has storage. Answered from the
     * state before the block: storage written inside the block exists only at addresses that
     * already hold a contract or nonce, which the same check rejects first.
     */
    @Override
    public boolean hasStorage(Address address) {
        return base.hasStorage(address);
    }

    /**
     * The header this execution read first for {@code address}, or null when it never read it; for
     * a contract read {@linkplain #accountWithoutCredits without credits}, the balance in it may be
     * out of date, which is also how the transaction's unchanged header comes back.
     */
    StateValue.Account accountRead(Address address) {
        return accountsRead.get(address);
    }
}
