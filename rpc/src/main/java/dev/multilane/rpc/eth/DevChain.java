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
}
