package dev.multilane.chain.parallel;

import dev.multilane.evm.Fork;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The knobs of one random block. Everything else about the block (pre-state, transactions, fees,
 * coinbase) follows from {@code seed}, so a spec is a complete, reproducible description.
 *
 * @param accounts externally owned accounts in the pre-state, 2 to 10,000
 * @param hotRatio the share of transactions aimed at one hot account, token holder or slot
 * @param blockSize transactions, 1 to 300
 * @param withInvalid whether the block carries transactions that may be invalid (wrong nonce,
 *     short balance...), so that both executors must reject it the same way
 * @param storageOnlyAccounts whether some of the pre-state's empty accounts hold storage (no code,
 *     nonce or balance: the accounts EIP-7610 is about), which EIP-161 deletes with their storage
 *     when a transaction touches them
 */
record BlockSpec(long seed, int accounts, double hotRatio, int blockSize, Fork fork, boolean withInvalid,
        boolean storageOnlyAccounts) {

    static final int MAX_ACCOUNTS = 10_000;
    static final int MAX_BLOCK_SIZE = 300;

    BlockSpec {
        if (accounts < 2 || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be in [2, 10000]: " + accounts);
        }
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be in [1, 300]: " + blockSize);
        }
        if (!(hotRatio >= 0 && hotRatio <= 1)) {
            throw new IllegalArgumentException("hot ratio must be in [0, 1]: " + hotRatio);
        }
        if (fork != Fork.SHANGHAI && fork != Fork.CANCUN) {
            throw new IllegalArgumentException("random blocks run under Shanghai or Cancun, not " + fork);
        }
    }

    /**
     * The spec a seed stands for. Sizes are skewed small (most blocks are cheap, a few are big):
     * accounts 2-10 for 40% of blocks, up to 200 for 35%, up to 2,000 for 20%, up to 10,000 for 5%;
     * blocks of 1-15 transactions for 25%, 16-100 for 55%, up to 300 for 20%.
     */
    static BlockSpec fromSeed(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int roll = r.nextInt(100);
        int accounts = roll < 40 ? r.nextInt(2, 11)
                : roll < 75 ? r.nextInt(11, 201)
                : roll < 95 ? r.nextInt(201, 2_001)
                : r.nextInt(2_001, MAX_ACCOUNTS + 1);
        double[] ratios = {0.0, 0.05, 0.2, 0.5, 0.8, 1.0};
        double hot = r.nextInt(4) == 0 ? r.nextDouble() : ratios[r.nextInt(ratios.length)];
        roll = r.nextInt(100);
        int size = roll < 25 ? r.nextInt(1, 16) : roll < 80 ? r.nextInt(16, 101) : r.nextInt(101, MAX_BLOCK_SIZE + 1);
        Fork fork = r.nextInt(4) == 0 ? Fork.SHANGHAI : Fork.CANCUN;
        boolean invalid = r.nextInt(100) < 6;
        boolean storageOnly = r.nextInt(100) < 15;
        return new BlockSpec(seed, accounts, Math.round(hot * 1000) / 1000.0, size, fork, invalid, storageOnly);
    }

    /** This spec with {@link #storageOnlyAccounts} set as given: the same seed, another pre-state. */
    BlockSpec withStorageOnlyAccounts(boolean on) {
        return new BlockSpec(seed, accounts, hotRatio, blockSize, fork, withInvalid, on);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "seed=0x%x accounts=%d hotRatio=%.3f blockSize=%d fork=%s withInvalid=%b storageOnlyAccounts=%b",
                seed, accounts, hotRatio, blockSize, fork.displayName(), withInvalid, storageOnlyAccounts);
    }
}
