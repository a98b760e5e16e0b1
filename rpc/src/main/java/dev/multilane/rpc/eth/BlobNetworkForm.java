package dev.multilane.rpc.eth;

import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.RlpReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A blob transaction as eth_sendRawTransaction receives it (EIP-4844 "network form"): {@code 0x03 ‖
 * rlp([tx_payload_body, blobs, commitments, proofs])}. The pool and blocks hold only the
 * transaction ({@code 0x03 ‖ rlp(tx_payload_body)}, whose hash is the transaction hash), so the
 * sidecar is checked and dropped here.
 *
 * <p>Checked: one blob, commitment and proof per versioned hash, each of its fixed size, and each
 * versioned hash equal to {@code 0x01 ‖ sha256(commitment)[1:]} (kzg_to_versioned_hash). Not
 * checked: the KZG proofs themselves (verify_blob_kzg_proof_batch), which needs the BLS12-381
 * pairing code the node does not have; a dev node keeps no blobs, so nothing downstream relies on
 * them.
 */
final class BlobNetworkForm {
    static final int BLOB_SIZE = 4096 * 32;
    static final int COMMITMENT_SIZE = 48;
    static final int PROOF_SIZE = 48;
    private static final byte VERSION_KZG = 0x01;

    private BlobNetworkForm() {}

    /** The unwrapped transaction, or the reason the sidecar is refused. */
    sealed interface Unwrapped {
        /** The transaction's own encoding and the sidecar. */
        record Ok(byte[] transaction, List<byte[]> blobs, List<byte[]> commitments, List<byte[]> proofs)
                implements Unwrapped {}

        record Bad(String reason) implements Unwrapped {}
    }

    /** Whether {@code raw} is a type-3 envelope whose payload starts with a list (the network form). */
    static boolean isNetworkForm(byte[] raw) {
        if (raw.length < 2 || raw[0] != 0x03) {
            return false;
        }
        try {
            RlpReader outer = RlpReader.ofSingleList(Arrays.copyOfRange(raw, 1, raw.length));
            return outer.hasNext() && outer.isList();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Unwrapped unwrap(byte[] raw) {
        try {
            RlpReader outer = RlpReader.ofSingleList(Arrays.copyOfRange(raw, 1, raw.length));
            byte[] body = outer.readRaw();
            List<byte[]> blobs = items(outer.enterList());
            List<byte[]> commitments = items(outer.enterList());
            List<byte[]> proofs = items(outer.enterList());
            outer.expectEnd();
            byte[] tx = new byte[body.length + 1];
            tx[0] = 0x03;
            System.arraycopy(body, 0, tx, 1, body.length);
            return new Unwrapped.Ok(tx, blobs, commitments, proofs);
        } catch (RuntimeException e) {
            return new Unwrapped.Bad("malformed blob transaction network form: " + e.getMessage());
        }
    }

    /** Null when the sidecar matches the transaction's versioned hashes, else why not. */
    static String check(Transaction tx, Unwrapped.Ok sidecar) {
        List<byte[]> blobs = sidecar.blobs();
        List<byte[]> commitments = sidecar.commitments();
        List<byte[]> proofs = sidecar.proofs();
        List<Hash> hashes = tx.blobVersionedHashes();
        int n = hashes == null ? 0 : hashes.size();
        if (blobs.size() != n || commitments.size() != n || proofs.size() != n) {
            return "invalid number of " + blobs.size() + " blobs, " + commitments.size() + " commitments and "
                    + proofs.size() + " proofs for " + n + " versioned hashes";
        }
        for (int i = 0; i < n; i++) {
            if (blobs.get(i).length != BLOB_SIZE || commitments.get(i).length != COMMITMENT_SIZE
                    || proofs.get(i).length != PROOF_SIZE) {
                return "blob " + i + ": blob, commitment or proof of the wrong size";
            }
            byte[] versioned = sha256(commitments.get(i));
            versioned[0] = VERSION_KZG;
            if (!Arrays.equals(versioned, hashes.get(i).toArray())) {
                return "blob " + i + ": versioned hash " + hashes.get(i) + " does not match its commitment";
            }
        }
        return null;
    }

    private static List<byte[]> items(RlpReader list) {
        List<byte[]> out = new ArrayList<>();
        while (list.hasNext()) {
            out.add(list.readBytes());
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
}
