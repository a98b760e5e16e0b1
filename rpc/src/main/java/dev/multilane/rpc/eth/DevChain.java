package dev.multilane.rpc.eth;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/**
 * What the dev methods ({@link DevMethods}) need from a development node's block producer. The node
 * implements it; the RPC module only calls it. Every method returns an error message, or null on
 * success, so failures travel as values.
 */
public interface DevChain {

    /** Mines one block now with the pending transactions that fit; {@code timestamp} null means "now". */
    String mine(Long timestamp);

    /** Whether a block is mined as soon as transactions arrive. */
    boolean automine();

    void setAutomine(boolean on);

    /**
     * Sets an account's balance. The store writes state only with a block, so the change is
     * carried by a block mined for it (see the node's BlockProducer).
     */
    String setBalance(Address address, U256 balance);

    /** evm_snapshot: records the current head and returns its id ("0x1", "0x2", ...). */
    String snapshot();

    /**
     * evm_revert: rolls the chain (blocks and state) back to the snapshot's head and forgets that
     * snapshot and every later one.
     */
    RevertOutcome revert(long id);

    /**
     * What evm_revert did: reverted (true), or not because the id is unknown or already used
     * (false, as anvil and Hardhat answer), or an error that stopped it.
     */
    record RevertOutcome(boolean reverted, String error) {
        public static RevertOutcome done() {
            return new RevertOutcome(true, null);
        }

        public static RevertOutcome unknown() {
            return new RevertOutcome(false, null);
        }

        public static RevertOutcome failed(String error) {
            return new RevertOutcome(false, error);
        }
    }
}
