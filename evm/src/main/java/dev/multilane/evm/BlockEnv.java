package dev.multilane.evm;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.function.LongFunction;

/**
 * The block a transaction runs in, as the EVM sees it.
 *
 * @param prevRandao the DIFFICULTY word before Paris, PREVRANDAO from Paris on (EIP-4399)
 * @param baseFee EIP-1559 base fee; ignored before London
 * @param excessBlobGas EIP-4844 excess blob gas; ignored before Cancun
 * @param blockHashes hash of an ancestor by number, for BLOCKHASH; null where unknown
 * @param timestampWatch told when a transaction executes TIMESTAMP; null when nobody asks
 */
public record BlockEnv(
        Address coinbase,
        long number,
        long timestamp,
        long gasLimit,
        U256 baseFee,
        U256 prevRandao,
        long excessBlobGas,
        LongFunction<Hash> blockHashes,
        TimestampWatch timestampWatch) {

    /** A block environment nobody watches. */
    public BlockEnv(Address coinbase, long number, long timestamp, long gasLimit, U256 baseFee, U256 prevRandao,
            long excessBlobGas, LongFunction<Hash> blockHashes) {
        this(coinbase, number, timestamp, gasLimit, baseFee, prevRandao, excessBlobGas, blockHashes, null);
    }

    /** The timestamp as the TIMESTAMP opcode reads it: tells the watch, if any. */
    public long timestampForOpcode() {
        if (timestampWatch != null) {
            timestampWatch.markRead();
        }
        return timestamp;
    }
}
