package dev.multilane.evm;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/**
 * A balance increase the EVM left for its caller to apply: under {@link CreditMode#DEFERRED} the
 * coinbase's fee, the value of a plain transfer to a code-less account, and value paid to a contract
 * that never needed its own balance. Applying it means adding
 * {@code amount} to the account's balance (creating the account when it is absent and the amount
 * is not zero) and then removing the account if it is empty, as EIP-161 does to touched accounts.
 */
public record Credit(Address address, U256 amount) {}
