package dev.multilane.chain.block;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.List;
import java.util.Map;

/**
 * A balance increase that is not a transaction: a withdrawal (EIP-4895) or a pre-Merge block or
 * ommer reward. No code runs and no gas is charged.
 */
public record BalanceCredit(Address address, U256 amount) {

    /**
     * Applies the credits in order, each as geth's {@code AddBalance} followed by the end-of-block
     * EIP-161 sweep: the account is created if missing, and an account that is empty afterwards is
     * deleted, so a zero-amount withdrawal to a missing account creates nothing and one to an
     * existing empty account removes it (the execution specs' {@code process_withdrawals} does the
     * same). Balances wrap at 2^256, which no real chain reaches.
     */
    public static void applyAll(List<BalanceCredit> credits, WorldState state) {
        for (BalanceCredit c : credits) {
            AccountChange change = c.change(state.account(c.address));
            if (change != null) {
                state.apply(List.of(change));
            }
        }
    }

    /** The change this credit makes to an account in state {@code before} (null: missing), or null for none. */
    private AccountChange change(AccountInfo before) {
        if (before == null) {
            return amount.isZero() ? null : new AccountChange(address, AccountInfo.EMPTY.withBalance(amount), null,
                    false, Map.of());
        }
        AccountInfo after = before.withBalance(before.balance().add(amount));
        if (after.isEmpty()) {
            return new AccountChange(address, null, null, true, Map.of());
        }
        return amount.isZero() ? null : new AccountChange(address, after, null, false, Map.of());
    }
}
