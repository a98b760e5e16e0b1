package dev.multilane.chain.block;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof-of-work issuance, paid after the transactions of every block before the Merge. Multilane
 * runs Berlin onwards, so the reward is always Constantinople's 2 ETH (EIP-1234); from Paris on there
 * is none (EIP-3675).
 *
 * <p>Each ommer pays its miner (8 + ommerNumber - number) / 8 of the reward and adds 1/32 of it to
 * the including miner (Yellow Paper §11.3). This needs the ommer headers; RPC JSON carries only
 * their hashes, so a block read from JSON has no ommers and those rewards are left out (no mainnet
 * fixture block has ommers, and their state roots are not checked since the pre-state is partial).
 */
public final class BlockRewards {
    /** 2 ETH in wei (EIP-1234, Constantinople). */
    public static final U256 BLOCK_REWARD = U256.of(2_000_000_000_000_000_000L);

    private BlockRewards() {}

    /** The credits of {@code block}'s rewards under {@code fork}: empty from Paris on. */
    public static List<BalanceCredit> of(Fork fork, Block block) {
        if (fork.isEnabled(Fork.PARIS)) {
            return List.of();
        }
        List<BalanceCredit> credits = new ArrayList<>(block.ommers().size() + 1);
        U256 minerReward = BLOCK_REWARD;
        U256 number = U256.of(block.number());
        // geth pays the ommers first, then the miner; the order only matters when addresses repeat.
        for (BlockHeader ommer : block.ommers()) {
            U256 share = U256.of(ommer.number()).add(U256.of(8)).sub(number).mul(BLOCK_REWARD).shr(3);
            credits.add(new BalanceCredit(ommer.coinbase(), share));
            minerReward = minerReward.add(BLOCK_REWARD.shr(5));
        }
        credits.add(new BalanceCredit(block.header().coinbase(), minerReward));
        return credits;
    }
}
