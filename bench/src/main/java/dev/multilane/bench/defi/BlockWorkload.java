package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The named block workloads. {@link #build} deploys and funds what the workload needs by executing
 * transactions through the EVM, then generates a block of {@link WorkloadParams#txs()}
 * transactions from the users.
 */
public enum BlockWorkload {
    /** Plain ETH transfers. */
    TRANSFER("transfer", 1, "native ETH transfers between users"),
    /** ERC-20 transfers (OpenZeppelin); pools = tokens. */
    ERC20("erc20", 1, "ERC-20 transfers between users (OpenZeppelin 4.9.6); pools = tokens"),
    /** Router02 swaps over token/WETH pools. */
    UNISWAP("uniswap", 100, "Uniswap v2 Router02 swaps (ETH and WETH for tokens) over token/WETH pools"),
    /** Deposit, borrow, repay, liquidate. */
    LENDING("lending", 4, "Compound-style deposits, borrows, repayments and liquidations; pools = markets"),
    /** Stake, claim, unstake. */
    STAKING("staking", 4, "StakingRewards-style stake, claim and unstake; pools = staking pools"),
    /** All of the above in proportions like mainnet's. */
    MIXED("mixed", 10, "30% ETH transfers, 30% ERC-20 transfers, 25% swaps (1 in 25 reverting on slippage),"
            + " 9% lending, 6% staking"),
    /** A chain of dependent token transfers. */
    SERIAL("serial", 1, "each transaction passes on the tokens the previous one delivered: no parallelism at all");

    /** What every user holds in ETH in the pre-state. */
    static final U256 USER_ETH = BenchChain.ETHER.mul(U256.of(10_000));
    static final U256 OWNER_ETH = BenchChain.ETHER.mul(U256.of(1_000_000_000L));

    private final String label;
    private final int defaultPools;
    private final String description;

    BlockWorkload(String label, int defaultPools, String description) {
        this.label = label;
        this.defaultPools = defaultPools;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code erc20}. */
    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    int defaultPools() {
        return defaultPools;
    }

    /** The workload called {@code name}, or null. */
    public static BlockWorkload byLabel(String name) {
        for (BlockWorkload w : values()) {
            if (w.label.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        return null;
    }

    /** Builds the pre-state and the block. Deterministic: the same parameters give the same block. */
    public BenchBlock build(WorkloadParams p) {
        PreStateBuilder chain = new PreStateBuilder();
        Users users = new Users(p.accounts(), p.hotRatio());
        chain.fund(Users.OWNER, OWNER_ETH);
        for (Address user : users.all()) {
            chain.fund(user, USER_ETH);
        }
        List<Share> mix = switch (this) {
            case TRANSFER -> List.of(new Share(100, new NativeTransfers(users)));
            case ERC20 -> List.of(new Share(100, new TokenTransfers(chain, users, p.pools())));
            case UNISWAP -> List.of(new Share(100, new UniswapSwaps(chain, users, p.pools())));
            case LENDING -> List.of(new Share(100, new LendingActions(chain, users, p.pools(), p.txs(), p.hotRatio())));
            case STAKING -> List.of(new Share(100, new StakingActions(chain, users, p.pools())));
            case SERIAL -> List.of(new Share(100, new TokenRelay(chain, users)));
            case MIXED -> {
                UniswapSwaps swaps = new UniswapSwaps(chain, users, p.pools());
                yield List.of(
                        new Share(30, new NativeTransfers(users)),
                        new Share(30, new TokenTransfers(chain, users, p.pools())),
                        new Share(24, swaps),
                        new Share(1, swaps::addFailing),
                        new Share(9, new LendingActions(chain, users, p.pools(), p.txs() * 9 / 100, p.hotRatio())),
                        new Share(6, new StakingActions(chain, users, p.pools())));
            }
        };
        BlockBuilder block = new BlockBuilder(chain.state());
        RandomGenerator random = new SplittableRandom(p.seed());
        for (int i = 0; i < p.txs(); i++) {
            pick(mix, random.nextInt(100)).add(block, random);
        }
        // Bring the state trie up to date now, so that a run's root costs only what the block touched.
        chain.state().stateRoot();
        return block.build(label, p, chain.transactions());
    }

    private record Share(int percent, TxSource source) {}

    private static TxSource pick(List<Share> mix, int roll) {
        int below = 0;
        for (Share s : mix) {
            below += s.percent();
            if (roll < below) {
                return s.source();
            }
        }
        throw new IllegalStateException("shares add up to " + below + ", not 100");
    }
}
