package dev.multilane.bench.defi;

import dev.multilane.chain.block.Block;
import dev.multilane.primitives.Address;
import dev.multilane.state.InMemoryWorldState;
import java.util.List;
import java.util.Set;

/**
 * A generated benchmark block and the state it runs on.
 *
 * @param workload the workload's name
 * @param params what it was generated with
 * @param block type-2 transactions with correct nonces; their signatures are placeholders, since
 *     the benchmark passes {@code senders} and never recovers them
 * @param senders each transaction's sender, in order
 * @param preState the state after setup, its root already computed; never run a block on it
 *     directly: take a {@link InMemoryWorldState#copy()}
 * @param expectedFailures indices of transactions built to revert (as a share of real blocks'
 *     do); every other one must succeed
 * @param setupTransactions transactions executed to build the pre-state
 */
public record BenchBlock(
        String workload,
        WorkloadParams params,
        Block block,
        List<Address> senders,
        InMemoryWorldState preState,
        Set<Integer> expectedFailures,
        long setupTransactions) {

    public BenchBlock {
        senders = List.copyOf(senders);
        expectedFailures = Set.copyOf(expectedFailures);
    }

    public int size() {
        return block.transactions().size();
    }
}
