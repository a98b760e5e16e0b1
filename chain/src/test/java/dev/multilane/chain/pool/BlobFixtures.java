package dev.multilane.chain.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.precompile.KzgTrustedSetup;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import ethereum.ckzg4844.CKZG4844JNI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Blobs with commitments and proofs computed by c-kzg (the reference the pool's verification is
 * checked against), and blob transactions that carry them.
 */
final class BlobFixtures {
    private BlobFixtures() {}

    /** One blob, its commitment and proof. */
    record Blob(byte[] blob, byte[] commitment, byte[] proof) {
        Hash versionedHash() {
            return BlobSidecar.versionedHash(commitment);
        }
    }

    /**
     * A blob of pseudo-random field elements from {@code seed}; each 32-byte element starts with a
     * zero byte, so it is below the BLS modulus (a canonical element, as c-kzg requires).
     */
    static Blob blob(long seed) {
        assertTrue(KzgTrustedSetup.ensureLoaded(), "the KZG trusted setup must load from the shared fixtures");
        byte[] b = new byte[BlobSidecar.BLOB_SIZE];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < b.length; i += 32) {
            b[i] = 0;
        }
        byte[] commitment = CKZG4844JNI.blobToKzgCommitment(b);
        return new Blob(b, commitment, CKZG4844JNI.computeBlobKzgProof(b, commitment));
    }

    static BlobSidecar sidecar(List<Blob> blobs) {
        return new BlobSidecar(blobs.stream().map(Blob::blob).toList(), blobs.stream().map(Blob::commitment).toList(),
                blobs.stream().map(Blob::proof).toList());
    }

    /** A blob transaction for {@code blobs}, to {@link PoolFixtures#TO}, 21,000 gas. */
    static Transaction blobTx(byte[] key, long nonce, long tip, long maxFee, long maxBlobFee, List<Blob> blobs) {
        List<Hash> hashes = new ArrayList<>();
        for (Blob b : blobs) {
            hashes.add(b.versionedHash());
        }
        return UnsignedTransaction.blob(PoolFixtures.CHAIN_ID, nonce, U256.of(tip), U256.of(maxFee), 21_000,
                PoolFixtures.TO, U256.ZERO, new byte[0], List.of(), U256.of(maxBlobFee), hashes).sign(key);
    }
}
