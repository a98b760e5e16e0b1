package dev.multilane.bench;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TxEnv;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named workloads of the per-core interpreter benchmarks. Each builds a fresh in-memory
 * pre-state holding its contracts and a funded sender, and a Cancun EIP-1559 transaction from that
 * sender. Tests check what each one does; benchmarks time it.
 */
public final class Workloads {
    public static final String ERC20_TRANSFER = "erc20Transfer";
    public static final String ERC20_SINGLE_TRANSFER_TX = "erc20SingleTransferTx";
    public static final String COMPUTE_ARITHMETIC = "computeArithmetic";
    public static final String COMPUTE_KECCAK = "computeKeccak";
    public static final String MEMORY_COPY = "memoryCopy";

    /** Transfers per transaction in {@link #erc20Transfer}. */
    public static final int TRANSFERS_PER_TX = 100;
    /** Loop iterations per transaction of the compute and memory workloads. */
    public static final int ITERATIONS = 10_000;

    public static final Address SENDER = Address.fromHex("0x00000000000000000000000000000000a11ce000");
    public static final Address COINBASE = Address.fromHex("0x00000000000000000000000000000000c0ffee00");
    public static final Address TOKEN = Address.fromHex("0x0000000000000000000000000000000000070c00");
    public static final Address BATCH = Address.fromHex("0x00000000000000000000000000000000000ba700");
    public static final Address COMPUTE = Address.fromHex("0x00000000000000000000000000000000000c0de0");
    /** Recipient i of a batch is this address plus i. */
    public static final Address FIRST_RECIPIENT = Address.fromHex("0x00000000000000000000000000000000be000000");

    /** Every holder starts with this many token units; recipients are existing holders. */
    public static final U256 HOLDER_BALANCE = U256.ONE;
    public static final U256 RICH_BALANCE = U256.parse("1000000000000000000000000"); // 1e24
    public static final U256 AMOUNT = U256.of(7);

    static final long BLOCK_GAS_LIMIT = 30_000_000;
    static final U256 GWEI = U256.of(1_000_000_000L);
    static final U256 ETHER = U256.parse("1000000000000000000");

    private Workloads() {}

    public static List<String> names() {
        return List.of(ERC20_TRANSFER, ERC20_SINGLE_TRANSFER_TX, COMPUTE_ARITHMETIC, COMPUTE_KECCAK, MEMORY_COPY);
    }

    /** The workload with its standard size. */
    public static Workload byName(String name) {
        return switch (name) {
            case ERC20_TRANSFER -> erc20Transfer(TRANSFERS_PER_TX);
            case ERC20_SINGLE_TRANSFER_TX -> erc20SingleTransferTx();
            case COMPUTE_ARITHMETIC -> computeArithmetic(ITERATIONS);
            case COMPUTE_KECCAK -> computeKeccak(ITERATIONS);
            case MEMORY_COPY -> memoryCopy(ITERATIONS);
            default -> throw new IllegalArgumentException("unknown workload " + name + "; known: " + names());
        };
    }

    /** Recipient {@code i} of the batch transfer. */
    public static Address recipient(int i) {
        return U256.fromBytes(FIRST_RECIPIENT.bytes()).add(U256.of(i)).toAddress();
    }

    /**
     * One transaction to a contract that calls {@code token.transfer} {@code transfers} times, to
     * as many different recipients, each an existing holder (so each transfer reads a cold slot and
     * rewrites a non-zero one, the common case on mainnet). Per transfer: a CALL, two KECCAK256,
     * two SLOAD, two SSTORE and a LOG3.
     */
    public static Workload erc20Transfer(int transfers) {
        InMemoryWorldState state = baseState();
        Map<U256, U256> balances = new HashMap<>();
        balances.put(Erc20.balanceSlot(BATCH), RICH_BALANCE);
        for (int i = 0; i < transfers; i++) {
            balances.put(Erc20.balanceSlot(recipient(i)), HOLDER_BALANCE);
        }
        state.putAccount(TOKEN, 1, U256.ZERO, Erc20.tokenCode(), balances);
        state.putAccount(BATCH, 1, U256.ZERO, Erc20.batchTransferCode(TOKEN, FIRST_RECIPIENT, AMOUNT.u0()), null);
        return new Workload(ERC20_TRANSFER, transfers + " ERC-20 transfers from a contract, one tx", transfers,
                "transfer", Fork.CANCUN, block(), tx(BATCH, word(transfers), BLOCK_GAS_LIMIT), state);
    }

    /**
     * A plain ERC-20 transfer sent by an externally owned account, as most token transactions are:
     * per-transaction costs (validation, intrinsic gas, warming, fee payment, change list) weigh as
     * much as the transfer itself.
     */
    public static Workload erc20SingleTransferTx() {
        InMemoryWorldState state = baseState();
        Map<U256, U256> balances = new HashMap<>();
        balances.put(Erc20.balanceSlot(SENDER), RICH_BALANCE);
        balances.put(Erc20.balanceSlot(recipient(0)), HOLDER_BALANCE);
        state.putAccount(TOKEN, 1, U256.ZERO, Erc20.tokenCode(), balances);
        return new Workload(ERC20_SINGLE_TRANSFER_TX, "one ERC-20 transfer sent by an EOA", 1, "transfer",
                Fork.CANCUN, block(), tx(TOKEN, Erc20.transferCall(recipient(0), AMOUNT), 100_000), state);
    }

    /** {@link ComputeContracts#arithmeticCode}: ADD, MUL, DIV, MOD, EXP, SHL in a loop. */
    public static Workload computeArithmetic(int iterations) {
        return compute(COMPUTE_ARITHMETIC, "256-bit ADD/MUL/DIV/MOD/EXP/SHL loop", ComputeContracts.arithmeticCode(),
                iterations);
    }

    /** {@link ComputeContracts#keccakCode}: a chain of KECCAK256 over 64 bytes of memory. */
    public static Workload computeKeccak(int iterations) {
        return compute(COMPUTE_KECCAK, "KECCAK256 chain over 64 bytes of memory", ComputeContracts.keccakCode(),
                iterations);
    }

    /** {@link ComputeContracts#memoryCode}: MSTORE, a 1 KiB MCOPY and MLOAD in a loop. */
    public static Workload memoryCopy(int iterations) {
        return compute(MEMORY_COPY, "MSTORE + 1 KiB MCOPY + MLOAD loop", ComputeContracts.memoryCode(), iterations);
    }

    private static Workload compute(String name, String description, byte[] code, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("the loops run at least once: " + iterations);
        }
        InMemoryWorldState state = baseState();
        state.putAccount(COMPUTE, 1, U256.ZERO, code, null);
        return new Workload(name, description + ", " + iterations + " iterations", iterations, "iteration",
                Fork.CANCUN, block(), tx(COMPUTE, word(iterations), BLOCK_GAS_LIMIT), state);
    }

    /** The sender with 1000 ether and nothing else. */
    private static InMemoryWorldState baseState() {
        InMemoryWorldState state = new InMemoryWorldState();
        state.putAccount(SENDER, 0, ETHER.mul(U256.of(1000)), null, null);
        return state;
    }

    private static BlockEnv block() {
        return new BlockEnv(COINBASE, 20_000_000, 1_720_000_000, BLOCK_GAS_LIMIT, GWEI, U256.ZERO, 0, n -> null);
    }

    /** An EIP-1559 call with nonce 0, a 2 gwei fee cap and a 1 gwei tip. */
    private static TxEnv tx(Address to, byte[] data, long gasLimit) {
        return new TxEnv(2, SENDER, to, 0, gasLimit, U256.ZERO, data, null, GWEI.mul(U256.of(2)), GWEI, List.of(),
                List.of(), null);
    }

    private static byte[] word(long n) {
        return Bytes.leftPad(Bytes.ofUnsignedLong(n), 32);
    }
}
