package dev.multilane.chain.validation;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.evm.TransactionProcessor;

/**
 * EIP-4844's blob gas at Cancun: each blob costs {@link #PER_BLOB}, a block holds at most six, and
 * the excess over a target of three per block carries from parent to child and sets the blob base
 * fee.
 */
public final class BlobGas {
    /** GAS_PER_BLOB: 2^17. */
    public static final long PER_BLOB = TransactionProcessor.GAS_PER_BLOB;
    /** TARGET_BLOB_GAS_PER_BLOCK at Cancun: three blobs. */
    public static final long TARGET_PER_BLOCK = 3 * PER_BLOB;
    /** MAX_BLOB_GAS_PER_BLOCK at Cancun: six blobs, 786,432. */
    public static final long MAX_PER_BLOCK = BlockProcessor.MAX_BLOB_GAS_PER_BLOCK;

    private BlobGas() {}

    /**
     * calc_excess_blob_gas: the parent's excess plus what it used, less the target, not under zero.
     * A parent before Cancun counts as zero and zero.
     */
    public static long excess(long parentExcess, long parentUsed) {
        long sum = parentExcess + parentUsed;
        if (Long.compareUnsigned(sum, parentExcess) < 0) {
            sum = -1L; // unsigned overflow: saturate; only an invalid parent gets here
        }
        return Long.compareUnsigned(sum, TARGET_PER_BLOCK) < 0 ? 0 : sum - TARGET_PER_BLOCK;
    }

    /** The blob gas {@code block}'s transactions use: {@link #PER_BLOB} per versioned hash. */
    public static long used(Block block) {
        long blobs = 0;
        for (Transaction tx : block.transactions()) {
            blobs += tx.blobVersionedHashes().size();
        }
        return blobs * PER_BLOB;
    }
}
