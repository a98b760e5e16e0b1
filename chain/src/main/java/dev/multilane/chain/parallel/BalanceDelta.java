package dev.multilane.chain.parallel;

import dev.multilane.evm.Credit;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.exec.Delta;
import dev.multilane.primitives.U256;

/**
 * A deferred balance credit ({@link Credit}) as a commutative delta on an account header: add the
 * amount, creating the account when it is absent and the amount is not zero, then drop the account
 * if it is empty — exactly what a touch-and-credit followed by EIP-161 cleanup does sequentially.
 * Additions commute and the emptiness rule gives the same value in any order, so many
 * transactions paying one coinbase never conflict.
 */
record BalanceDelta(U256 amount) implements Delta<StateValue> {

    @Override
    public StateValue applyTo(StateValue base) {
        AccountInfo info = ((StateValue.Account) base).info();
        if (info == null) {
            return amount.isZero() ? base : new StateValue.Account(AccountInfo.EMPTY.withBalance(amount));
        }
        AccountInfo credited = info.withBalance(info.balance().add(amount));
        return credited.isEmpty() ? StateValue.Account.ABSENT : new StateValue.Account(credited);
    }

    /**
     * Credits sum: balances only grow, so an account is empty after both credits exactly when it
     * is empty after their sum, and the EIP-161 rule gives the same value either way.
     */
    @Override
    public Delta<StateValue> combine(Delta<StateValue> later) {
        if (later instanceof BalanceDelta(U256 more)) {
            return new BalanceDelta(amount.add(more));
        }
        throw new IllegalArgumentException("balance credits combine only with balance credits: " + later);
    }
}
