package dev.multilane.bench.defi;

/**
 * The knobs of a block workload.
 *
 * @param txs transactions in the block
 * @param accounts user accounts in the pre-state; senders and recipients are drawn from them, so
 *     fewer accounts means more transactions per sender (each one's nonce depends on the last) and
 *     more shared balances
 * @param pools Uniswap pools, lending markets, staking pools, or ERC-20 tokens, depending on the
 *     workload; transactions spread over them
 * @param hotRatio the share of transactions that go to the one hot account, token, pool or market
 *     (the first), on top of the uniform spread: 0 spreads evenly, 1 sends everything there
 * @param seed seeds every random choice; the same parameters always give the same block
 */
public record WorkloadParams(int txs, int accounts, int pools, double hotRatio, long seed) {

    public WorkloadParams {
        if (txs < 1) {
            throw new IllegalArgumentException("txs must be at least 1, got " + txs);
        }
        if (accounts < 2) {
            throw new IllegalArgumentException(
                    "accounts must be at least 2 (a sender and a recipient), got " + accounts);
        }
        if (pools < 1) {
            throw new IllegalArgumentException("pools must be at least 1, got " + pools);
        }
        if (!(hotRatio >= 0 && hotRatio <= 1)) {
            throw new IllegalArgumentException("hot ratio must be in [0, 1], got " + hotRatio);
        }
    }

    /** The standard size for {@code workload}: 10,000 transactions among 1,000 accounts, no hot spot. */
    public static WorkloadParams defaults(BlockWorkload workload) {
        return new WorkloadParams(10_000, 1_000, workload.defaultPools(), 0.0, 1);
    }

    public WorkloadParams withTxs(int n) {
        return new WorkloadParams(n, accounts, pools, hotRatio, seed);
    }

    public WorkloadParams withAccounts(int n) {
        return new WorkloadParams(txs, n, pools, hotRatio, seed);
    }

    public WorkloadParams withPools(int n) {
        return new WorkloadParams(txs, accounts, n, hotRatio, seed);
    }

    public WorkloadParams withHotRatio(double ratio) {
        return new WorkloadParams(txs, accounts, pools, ratio, seed);
    }

    public WorkloadParams withSeed(long s) {
        return new WorkloadParams(txs, accounts, pools, hotRatio, s);
    }
}
