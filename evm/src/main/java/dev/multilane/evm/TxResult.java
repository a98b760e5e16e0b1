package dev.multilane.evm;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Address;
import java.util.List;

/** What executing one transaction gave: either it was invalid, or it ran (and maybe reverted). */
public sealed interface TxResult {

    /** The transaction cannot be included; state is untouched. */
    record Invalid(InvalidReason reason, String detail) implements TxResult {}

    /**
     * The transaction was included.
     *
     * @param success false when the top-level call reverted or failed
     * @param gasUsed gas charged to the sender after the refund
     * @param blobGasUsed EIP-4844 blob gas (zero for other types)
     * @param logs the logs, empty when the call failed
     * @param output return data of the top-level call (revert data when it reverted)
     * @param createdAddress the new contract's address for a successful creation, else null
     * @param changes every account the transaction changed, fee payments included (under
     *     {@link CreditMode#DEFERRED}, less the credits)
     * @param credits balance increases left to the caller; empty under {@link CreditMode#IMMEDIATE}
     */
    record Executed(
            boolean success,
            long gasUsed,
            long blobGasUsed,
            List<Log> logs,
            byte[] output,
            Address createdAddress,
            List<AccountChange> changes,
            List<Credit> credits)
            implements TxResult {}
}
