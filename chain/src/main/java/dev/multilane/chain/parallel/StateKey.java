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

    // Keys are hashed and compared on every read, write and validation in multi-version memory and
    // the views; the generated record methods go through method handles, which showed up in the
    // profile, so the three are written out. Address caches its hash.

    record Account(Address address) implements StateKey {
        @Override
        public int hashCode() {
            return address.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Account other && address.equals(other.address);
        }
    }

    record Code(Address address) implements StateKey {
        @Override
        public int hashCode() {
            return ~address.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Code other && address.equals(other.address);
        }
    }

    record Slot(Address address, U256 slot) implements StateKey {
        @Override
        public int hashCode() {
            long x = slot.u0() * 31 + slot.u1();
            x = x * 31 + slot.u2();
            x = x * 31 + slot.u3();
            return 31 * address.hashCode() + (int) (x ^ (x >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot other
                    && slot.u0() == other.slot.u0()
                    && slot.u1() == other.slot.u1()
                    && slot.u2() == other.slot.u2()
                    && slot.u3() == other.slot.u3()
                    && address.equals(other.address);
        }
    }
}
