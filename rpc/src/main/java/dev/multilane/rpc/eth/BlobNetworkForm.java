package dev.multilane.rpc.eth;

import dev.multilane.chain.pool.BlobSidecar;
import dev.multilane.primitives.RlpReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A blob transaction as eth_sendRawTransaction receives it (EIP-4844 "network form"): {@code 0x03 ‖
 * rlp([tx_payload_body, blobs, commitments, proofs])}. Blocks hold only the transaction ({@code
 * 0x03 ‖ rlp(tx_payload_body)}, whose hash is the transaction hash); the pool keeps the {@link
 * BlobSidecar} beside it, and checks it ({@link BlobSidecar#check}: versioned hashes and KZG
 * proofs) on entry. Only the envelope is parsed here.
 */
final class BlobNetworkForm {
    private BlobNetworkForm() {}

    /** The unwrapped transaction, or the reason the envelope is refused. */
    sealed interface Unwrapped {
        /** The transaction's own encoding and the sidecar, not yet checked against it. */
        record Ok(byte[] transaction, BlobSidecar sidecar) implements Unwrapped {}

        record Bad(String reason) implements Unwrapped {}
    }

    /**
     * Whether {@code raw} is a type-3 envelope whose payload is a list starting with a list (the
     * network form; the plain form's payload starts with the chain id). Only the headers are read,
     * so a truncated or corrupt network form is still recognised and {@link #unwrap} says what is
     * wrong with it.
     */
    static boolean isNetworkForm(byte[] raw) {
        if (raw.length < 3 || raw[0] != 0x03) {
            return false;
        }
        int outer = raw[1] & 0xff;
        if (outer < 0xc0) {
            return false;
        }
        // RLP list header: one byte up to 55 bytes of payload (0xc0..0xf7), else 1 + length-of-length.
        int first = outer <= 0xf7 ? 2 : 2 + (outer - 0xf7);
        return first < raw.length && (raw[first] & 0xff) >= 0xc0;
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
            return new Unwrapped.Ok(tx, new BlobSidecar(blobs, commitments, proofs));
        } catch (RuntimeException e) {
            return new Unwrapped.Bad("malformed blob transaction network form: " + e.getMessage());
        }
    }

    private static List<byte[]> items(RlpReader list) {
        List<byte[]> out = new ArrayList<>();
        while (list.hasNext()) {
            out.add(list.readBytes());
        }
        return out;
    }
}
