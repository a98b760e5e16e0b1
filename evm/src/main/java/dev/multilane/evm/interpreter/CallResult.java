package dev.multilane.evm.interpreter;

import dev.multilane.primitives.Address;

/**
 * The end of a message call or creation as its caller sees it.
 *
 * @param gasLeft gas handed back to the caller (zero unless {@link Status#returnsGas()})
 * @param output return data, or revert data; empty on other failures
 * @param created the new contract's address after a successful creation, else null
 */
public record CallResult(Status status, long gasLeft, byte[] output, Address created) {}
