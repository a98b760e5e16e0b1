package dev.multilane.chain.parallel;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.U256;

/** The value of a {@link StateKey}; absence is a value too, as the exec engine requires. */
public sealed interface StateValue {

    /** An account header; {@code info} is null when the account does not exist. */
    record Account(AccountInfo info) implements StateValue {
        static final Account ABSENT = new Account(null);
    }

    record Code(byte[] code) implements StateValue {}

    record Slot(U256 value) implements StateValue {}
}
