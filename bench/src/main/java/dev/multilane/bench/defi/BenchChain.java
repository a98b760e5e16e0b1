package dev.multilane.bench.defi;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;

/**
 * The chain the workloads live on: mainnet's chain id under Cancun rules, a setup block in which
 * the pre-state is built, and the benchmark block right after it (one slot later, so interest and
 * staking rewards accrue in its first transactions, as they would on a live chain).
 */
public final class BenchChain {
    public static final long CHAIN_ID = 1;
    public static final Fork FORK = Fork.CANCUN;
    public static final ChainConfig CONFIG = new ChainConfig(CHAIN_ID, ForkSchedule.fixed(FORK));
    public static final Address COINBASE = Address.fromHex("0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5");

    public static final long SETUP_BLOCK = 20_000_000;
    public static final long SETUP_TIMESTAMP = 1_717_000_000;
    public static final long BLOCK_NUMBER = SETUP_BLOCK + 1;
    public static final long BLOCK_TIMESTAMP = SETUP_TIMESTAMP + 12;
    /** Mainnet's gas limit; a benchmark block holding more gas gets a limit that fits it. */
    public static final long MAINNET_GAS_LIMIT = 36_000_000;

    public static final U256 GWEI = U256.of(1_000_000_000L);
    public static final U256 ETHER = GWEI.mul(GWEI);
    public static final U256 BASE_FEE = GWEI.mul(U256.of(10));
    public static final U256 PRIORITY_FEE = GWEI;
    /** What wallets offer: twice the base fee plus the tip. */
    public static final U256 MAX_FEE = BASE_FEE.mul(U256.of(2)).add(PRIORITY_FEE);

    private static final Hash PARENT_HASH = Keccak.of("multilane bench parent".getBytes());
    private static final Hash PREV_RANDAO = Keccak.of("multilane bench randao".getBytes());
    private static final Hash BEACON_ROOT = Keccak.of("multilane bench beacon root".getBytes());

    private BenchChain() {}

    /** The block setup transactions run in. */
    static BlockEnv setupEnv() {
        return new BlockEnv(COINBASE, SETUP_BLOCK, SETUP_TIMESTAMP, MAINNET_GAS_LIMIT, BASE_FEE, PREV_RANDAO.toU256(),
                0, n -> null);
    }

    /**
     * The benchmark block's header. Roots and gas used are left zero: the benchmark computes them,
     * it does not check them against the header.
     */
    static BlockHeader header(long gasLimit) {
        return new BlockHeader(PARENT_HASH, Keccak.EMPTY_LIST, COINBASE, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT,
                Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, BLOCK_NUMBER, gasLimit, 0, BLOCK_TIMESTAMP,
                new byte[0], PREV_RANDAO, 0, BASE_FEE, Keccak.EMPTY_TRIE_ROOT, 0L, 0L, BEACON_ROOT);
    }
}
