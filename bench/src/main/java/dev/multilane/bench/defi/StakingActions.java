package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Stake, claim rewards and unstake on our StakingRewards-style {@code StakingPool}s, in the
 * proportions 40 / 35 / 25. All pools stake one token and pay another; each was funded for a 30-day
 * reward period in the setup block, so rewards have accrued for one slot when the block runs. User
 * i has a stake in its home pool (i mod pools) and in pool 0, the hot one.
 */
final class StakingActions implements TxSource {
    /** Measured at most 131k, 119k and 128k gas; the limits leave the usual wallet margin. */
    static final long STAKE_GAS = 200_000;
    static final long CLAIM_GAS = 180_000;
    static final long UNSTAKE_GAS = 180_000;

    private static final long SUPPLY = 1_000_000_000_000L;
    private static final long USER_TOKENS = 1_000_000;
    private static final long USER_STAKE = 100_000;
    private static final long REWARD_PER_POOL = 1_000_000;
    private static final long REWARD_PERIOD_SECONDS = 30L * 24 * 3600;

    private final Users users;
    private final List<Address> pools = new ArrayList<>();

    StakingActions(PreStateBuilder chain, Users users, int poolCount) {
        this.users = users;
        Address owner = Users.OWNER;
        Address stakingToken = Tokens.deploy(chain, owner, "Stake Token", "STK", SUPPLY);
        Address rewardsToken = Tokens.deploy(chain, owner, "Reward Token", "RWD", SUPPLY);
        for (int k = 0; k < poolCount; k++) {
            Address pool = chain.deploy(owner, Contracts.creationCode(Contracts.STAKING_POOL), stakingToken,
                    rewardsToken);
            chain.send(owner, rewardsToken, U256.ZERO, Tokens.approve(pool, Tokens.UNLIMITED));
            chain.send(owner, pool, U256.ZERO, Abi.call("notifyRewardAmount(uint256,uint256)",
                    Tokens.units(REWARD_PER_POOL), REWARD_PERIOD_SECONDS));
            pools.add(pool);
        }
        for (int i = 0; i < users.count(); i++) {
            Address user = users.get(i);
            chain.send(owner, stakingToken, U256.ZERO, Tokens.transfer(user, Tokens.units(USER_TOKENS)));
            for (int k : userPools(i)) {
                chain.send(user, stakingToken, U256.ZERO, Tokens.approve(pools.get(k), Tokens.UNLIMITED));
                chain.send(user, pools.get(k), U256.ZERO, Abi.call("stake(uint256)", Tokens.units(USER_STAKE)));
            }
        }
    }

    private Set<Integer> userPools(int i) {
        Set<Integer> ks = new LinkedHashSet<>();
        ks.add(i % pools.size());
        ks.add(0);
        return ks;
    }

    List<Address> pools() {
        return pools;
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        boolean hot = users.hot(random);
        int senderIndex = users.sender(random);
        Address pool = pools.get(hot ? 0 : senderIndex % pools.size());
        Address sender = users.get(senderIndex);
        U256 amount = Tokens.units(1 + random.nextInt(100));
        int roll = random.nextInt(100);
        if (roll < 40) {
            block.add(sender, pool, U256.ZERO, Abi.call("stake(uint256)", amount), STAKE_GAS);
        } else if (roll < 75) {
            block.add(sender, pool, U256.ZERO, Abi.call("claim()"), CLAIM_GAS);
        } else {
            block.add(sender, pool, U256.ZERO, Abi.call("unstake(uint256)", amount), UNSTAKE_GAS);
        }
    }
}
