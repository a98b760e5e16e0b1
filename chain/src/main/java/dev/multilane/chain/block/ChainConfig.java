package dev.multilane.chain.block;

import dev.multilane.evm.Fork;

/**
 * What a chain's rules depend on besides the fork code itself: its id (EIP-155) and when each fork
 * activates. A geth {@code genesis.json} {@code config} object maps onto this one to one.
 */
public record ChainConfig(long chainId, ForkSchedule forks) {

    public static final ChainConfig MAINNET = new ChainConfig(1, ForkSchedule.MAINNET);

    /** The fork a block runs under, or null when the schedule does not cover it. */
    public Fork forkAt(BlockHeader header) {
        return forks.forkAt(header);
    }
}
