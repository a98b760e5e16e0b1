package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.evm.precompile.KzgTrustedSetup;
import dev.multilane.primitives.Hash;
import ethereum.ckzg4844.CKZG4844JNI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The blobs of a blob transaction (EIP-4844) with their KZG commitments and proofs: what the
 * network form carries beside the transaction, and what the pool keeps while the transaction waits.
 * Blocks hold only the versioned hashes.
 *
 * <p>{@link #check} is what geth's validateBlobSidecar does: one blob, commitment and proof per
 * versioned hash, each of its fixed size; each versioned hash equal to {@code 0x01 ‖
 * sha256(commitment)[1:]} (kzg_to_versioned_hash); and every proof valid for its blob and
 * commitment (verify_blob_kzg_proof_batch, through c-kzg with the trusted setup of {@link
 * KzgTrustedSetup}).
 *
 * <p>The byte arrays are not copied; nobody may change them after construction.
 */
public record BlobSidecar(List<byte[]> blobs, List<byte[]> commitments, List<byte[]> proofs) {
    /** EIP-4844: FIELD_ELEMENTS_PER_BLOB · BYTES_PER_FIELD_ELEMENT. */
    public static final int BLOB_SIZE = 4096 * 32;
    public static final int COMMITMENT_SIZE = 48;
    public static final int PROOF_SIZE = 48;
    private static final byte VERSION_KZG = 0x01;

    public BlobSidecar {
        blobs = List.copyOf(blobs);
        commitments = List.copyOf(commitments);
        proofs = List.copyOf(proofs);
    }

    /** Bytes the sidecar occupies in memory (blobs, commitments, proofs), for the pool's bound. */
    public long byteSize() {
        return (long) blobs.size() * BLOB_SIZE + (long) commitments.size() * COMMITMENT_SIZE
                + (long) proofs.size() * PROOF_SIZE;
    }

    /** Null when the sidecar belongs to {@code tx} and its proofs verify, else why not. */
    public String check(Transaction tx) {
        List<Hash> hashes = tx.blobVersionedHashes();
        int n = hashes == null ? 0 : hashes.size();
        if (blobs.size() != n || commitments.size() != n || proofs.size() != n) {
            return "invalid number of " + blobs.size() + " blobs, " + commitments.size() + " commitments and "
                    + proofs.size() + " proofs for " + n + " versioned hashes";
        }
        for (int i = 0; i < n; i++) {
            if (blobs.get(i).length != BLOB_SIZE || commitments.get(i).length != COMMITMENT_SIZE
                    || proofs.get(i).length != PROOF_SIZE) {
                return "blob " + i + ": blob, commitment or proof of the wrong size (" + blobs.get(i).length + ", "
                        + commitments.get(i).length + ", " + proofs.get(i).length + " bytes; expected " + BLOB_SIZE
                        + ", " + COMMITMENT_SIZE + ", " + PROOF_SIZE + ")";
            }
            Hash versioned = versionedHash(commitments.get(i));
            if (!versioned.equals(hashes.get(i))) {
                return "blob " + i + ": versioned hash " + hashes.get(i) + " does not match its commitment (" + versioned
                        + ")";
            }
        }
        return n == 0 ? null : verifyProofs();
    }

    /** EIP-4844 kzg_to_versioned_hash. */
    public static Hash versionedHash(byte[] commitment) {
        byte[] h = sha256(commitment);
        h[0] = VERSION_KZG;
        return Hash.wrap(h);
    }

    private String verifyProofs() {
        if (!KzgTrustedSetup.ensureLoaded()) {
            return "cannot verify blob proofs: the KZG trusted setup is not loaded (set -D" + KzgTrustedSetup.PROPERTY
                    + "=<path to trusted_setup.txt>)";
        }
        try {
            boolean ok = CKZG4844JNI.verifyBlobKzgProofBatch(concat(blobs), concat(commitments), concat(proofs),
                    blobs.size());
            return ok ? null : "invalid blob proof: the KZG proofs do not verify against the blobs and commitments";
        } catch (RuntimeException e) {
            // c-kzg throws on a field element above the modulus or a point off the curve.
            return "invalid blob proof: " + e.getMessage();
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobSidecar s && same(blobs, s.blobs) && same(commitments, s.commitments)
                && same(proofs, s.proofs);
    }

    @Override
    public int hashCode() {
        return blobs.size() * 31 + (commitments.isEmpty() ? 0 : Arrays.hashCode(commitments.getFirst()));
    }

    @Override
    public String toString() {
        return "BlobSidecar[" + blobs.size() + " blobs]";
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
