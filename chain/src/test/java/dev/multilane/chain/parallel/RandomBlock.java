package dev.multilane.chain.parallel;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.primitives.Address;
import dev.multilane.state.InMemoryWorldState;
import java.util.List;
import java.util.Map;

/**
 * A generated block with everything needed to run it: the chain config (its fork from genesis),
 * the pre-state (never run on: each executor gets a {@link #newPreState copy}), the block and each
 * transaction's sender.
 *
 * @param kinds how many transactions of each kind the generator made, for reports
 */
record RandomBlock(BlockSpec spec, ChainConfig config, InMemoryWorldState preState, Block block,
        List<Address> senders, Map<String, Integer> kinds) {

    InMemoryWorldState newPreState() {
        return preState.copy();
    }
}
