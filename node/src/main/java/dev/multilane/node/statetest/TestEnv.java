package dev.multilane.node.statetest;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.nio.charset.StandardCharsets;

/**
 * A state test's {@code env} section as written; {@link #toBlockEnv} turns it into the block the
 * EVM sees under one fork.
 *
 * @param baseFee {@code currentBaseFee}, or null when absent (pre-London fillers)
 * @param random {@code currentRandom}, or null when absent
 * @param excessBlobGas {@code currentExcessBlobGas}, zero when absent
 */
record TestEnv(
        Address coinbase,
        long number,
        long timestamp,
        long gasLimit,
        U256 baseFee,
        U256 difficulty,
        U256 random,
        long excessBlobGas) {

    /**
     * The base fee when the test gives none. geth's state-test runner uses 10: retesteth's genesis
     * has base fee 16 and the test block's fee follows from it.
     */
    static final U256 DEFAULT_BASE_FEE = U256.of(10);

    BlockEnv toBlockEnv(Fork fork) {
        // EIP-4399: from the Merge the DIFFICULTY slot carries PREVRANDAO; before it, the difficulty.
        U256 randao = fork.isEnabled(Fork.PARIS) && random != null ? random : difficulty;
        return new BlockEnv(
                coinbase,
                number,
                timestamp,
                gasLimit,
                baseFee != null ? baseFee : DEFAULT_BASE_FEE,
                randao,
                excessBlobGas,
                TestEnv::blockHash);
    }

    /**
     * BLOCKHASH in state tests, which have no real ancestors: keccak256 of the block number written
     * as an ASCII decimal string, the convention geth's runner (vmTestBlockHash) fixed for fillers.
     */
    static Hash blockHash(long number) {
        return Keccak.of(Long.toString(number).getBytes(StandardCharsets.US_ASCII));
    }
}
