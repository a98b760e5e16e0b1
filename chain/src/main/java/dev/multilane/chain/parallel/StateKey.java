package dev.multilane.chain.parallel;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/**
 * A unit of state the parallel engine versions: an account's header, its code, or one storage
 * slot. Code is its own key because transfers and fee payments rewrite headers all the time but
 * never code, so "does the recipient have code" does not conflict with them.
 */
public sealed interface StateKey {

    Address address();

    record Account(Address address) implements StateKey {}

    record Code(Address address) implements StateKey {}

    record Slot(Address address, U256 slot) implements StateKey {}
}
