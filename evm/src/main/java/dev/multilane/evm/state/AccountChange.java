package dev.multilane.evm.state;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.Map;

/**
 * What one transaction did to one account, applied in order to the state it read from.
 *
 * @param info the account after the transaction, or null when it was deleted (self-destruct, or
 *     an empty account touched and removed under EIP-161)
 * @param code the new code when the transaction deployed it, otherwise null
 * @param storageCleared true when all storage from before the transaction is gone (the account was
 *     destroyed or re-created); {@code storage} then holds everything the account keeps
 * @param storage slots written, with their final values (zero means deleted)
 */
public record AccountChange(
        Address address, AccountInfo info, byte[] code, boolean storageCleared, Map<U256, U256> storage) {

    public boolean deleted() {
        return info == null;
    }
}
