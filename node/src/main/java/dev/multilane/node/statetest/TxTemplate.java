package dev.multilane.node.statetest;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.TxEnv;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.List;

/**
 * A state test's {@code transaction} section: scalar fields plus the {@code data}, {@code gasLimit}
 * and {@code value} arrays that the vectors index into. Numbers are kept unbounded until a vector
 * is built, because some tests carry values no transaction can encode.
 *
 * @param to the callee, or null for a creation ({@code "to": ""})
 * @param gasPrice set for types 0 and 1, else null
 * @param maxFeePerGas set for types 2 and 3, else null
 * @param accessLists one per {@code data} entry (an entry may be null), or null when absent
 * @param blobHashes {@code blobVersionedHashes}, or null when absent (not a blob transaction)
 */
record TxTemplate(
        Address sender,
        Address to,
        BigInteger nonce,
        BigInteger gasPrice,
        BigInteger maxFeePerGas,
        BigInteger maxPriorityFeePerGas,
        BigInteger maxFeePerBlobGas,
        List<byte[]> data,
        List<BigInteger> gasLimit,
        List<BigInteger> value,
        List<List<AccessListEntry>> accessLists,
        List<Hash> blobHashes) {

    /**
     * The transaction type, inferred from which fields the filler wrote: blob hashes mean EIP-4844,
     * a fee cap EIP-1559, an access list for this data index EIP-2930, otherwise legacy. This agrees
     * with the type byte of every vector's {@code txbytes} in ethereum/tests v13.3.
     */
    int typeFor(int dataIndex) {
        if (blobHashes != null) {
            return 3;
        }
        if (maxFeePerGas != null) {
            return 2;
        }
        return accessListFor(dataIndex) != null ? 1 : 0;
    }

    private List<AccessListEntry> accessListFor(int dataIndex) {
        return accessLists == null ? null : accessLists.get(dataIndex);
    }

    /** Builds the transaction that {@code indexes} select. */
    VectorTx build(PostVector.Indexes indexes) {
        int type = typeFor(indexes.data());
        BigInteger v = value.get(indexes.value());
        String tooWide = firstTooWide(v);
        if (tooWide != null) {
            return new VectorTx.Unencodable(tooWide);
        }
        boolean dynamicFee = type >= 2;
        List<AccessListEntry> accessList = accessListFor(indexes.data());
        TxEnv tx = new TxEnv(
                type,
                sender,
                to,
                nonce.longValue(),
                FixtureNumbers.clampedGas(gasLimit.get(indexes.gas())),
                U256.fromBigInteger(v),
                data.get(indexes.data()),
                dynamicFee ? null : word(gasPrice),
                dynamicFee ? word(maxFeePerGas) : null,
                dynamicFee ? word(maxPriorityFeePerGas) : null,
                accessList == null ? List.of() : accessList,
                type == 3 ? blobHashes : List.of(),
                type == 3 ? word(maxFeePerBlobGas) : null);
        return new VectorTx.Built(tx);
    }

    /** The first field that does not fit its RLP type, described, or null when all fit. */
    private String firstTooWide(BigInteger v) {
        if (!FixtureNumbers.fitsBits(nonce, 64)) {
            return "nonce " + nonce + " exceeds 2^64-1";
        }
        String[] names = {"value", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas"};
        BigInteger[] words = {v, gasPrice, maxFeePerGas, maxPriorityFeePerGas, maxFeePerBlobGas};
        for (int i = 0; i < names.length; i++) {
            if (words[i] != null && !FixtureNumbers.fitsBits(words[i], 256)) {
                return names[i] + " " + words[i] + " exceeds 2^256-1";
            }
        }
        return null;
    }

    /** A fee field as a word (already checked to fit); a missing one reads as zero. */
    private static U256 word(BigInteger v) {
        return v == null ? U256.ZERO : U256.fromBigInteger(v);
    }
}
