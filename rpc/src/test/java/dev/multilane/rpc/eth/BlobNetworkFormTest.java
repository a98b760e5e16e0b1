package dev.multilane.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.DecodeResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.pool.BlobSidecar;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobNetworkFormTest {
    private static final byte[] KEY = Hex.decode("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");

    /** The zero blob's commitment and proof: the G1 point at infinity, compressed (0xc0 then zeros). */
    static byte[] infinity() {
        byte[] p = new byte[48];
        p[0] = (byte) 0xc0;
        return p;
    }

    private static Transaction blobTx(Hash versionedHash) {
        return UnsignedTransaction.blob(1, 0, U256.ONE, U256.ONE, 21_000, Address.ofNumber(5), U256.ZERO, new byte[0],
                List.of(), U256.ONE, List.of(versionedHash)).sign(KEY);
    }

    static byte[] networkForm(Transaction tx, List<byte[]> blobs, List<byte[]> commitments, List<byte[]> proofs) {
        byte[] body = Arrays.copyOfRange(tx.encode(), 1, tx.encode().length);
        byte[] list = Rlp.encodeList(body, Rlp.encodeList(encoded(blobs)), Rlp.encodeList(encoded(commitments)),
                Rlp.encodeList(encoded(proofs)));
        byte[] out = new byte[list.length + 1];
        out[0] = 0x03;
        System.arraycopy(list, 0, out, 1, list.length);
        return out;
    }

    private static byte[][] encoded(List<byte[]> items) {
        return items.stream().map(Rlp::encodeBytes).toArray(byte[][]::new);
    }

    @Test
    void unwrapsTheTransactionAndItsSidecar() {
        byte[] commitment = infinity();
        Transaction tx = blobTx(BlobSidecar.versionedHash(commitment));
        byte[] blob = new byte[BlobSidecar.BLOB_SIZE];
        byte[] raw = networkForm(tx, List.of(blob), List.of(commitment), List.of(infinity()));
        assertTrue(BlobNetworkForm.isNetworkForm(raw));
        assertFalse(BlobNetworkForm.isNetworkForm(tx.encode()), "the plain form is not the network form");
        BlobNetworkForm.Unwrapped.Ok ok = assertInstanceOf(BlobNetworkForm.Unwrapped.Ok.class,
                BlobNetworkForm.unwrap(raw));
        assertArrayEquals(tx.encode(), ok.transaction());
        assertEquals(new BlobSidecar(List.of(blob), List.of(commitment), List.of(infinity())), ok.sidecar());
        Transaction decoded = ((DecodeResult.Decoded) Transaction.decode(ok.transaction())).transaction();
        assertEquals(tx.hash(), decoded.hash());
        // The zero blob's proof verifies: the envelope and the sidecar both hold.
        assertNull(ok.sidecar().check(decoded));
    }

    @Test
    void truncatedOrMalformedEnvelopesAreBad() {
        Transaction tx = blobTx(BlobSidecar.versionedHash(infinity()));
        byte[] raw = networkForm(tx, List.of(new byte[BlobSidecar.BLOB_SIZE]), List.of(infinity()),
                List.of(infinity()));
        byte[] truncated = Arrays.copyOf(raw, raw.length - 10);
        assertTrue(BlobNetworkForm.isNetworkForm(truncated), "recognised by its headers, so the error says why");
        BlobNetworkForm.Unwrapped.Bad bad = assertInstanceOf(BlobNetworkForm.Unwrapped.Bad.class,
                BlobNetworkForm.unwrap(truncated));
        assertTrue(bad.reason().startsWith("malformed blob transaction network form"), bad.reason());
        // Blobs given as a byte string rather than a list.
        byte[] body = Arrays.copyOfRange(tx.encode(), 1, tx.encode().length);
        byte[] list = Rlp.encodeList(body, Rlp.encodeBytes(new byte[3]), Rlp.encodeList(), Rlp.encodeList());
        byte[] odd = new byte[list.length + 1];
        odd[0] = 0x03;
        System.arraycopy(list, 0, odd, 1, list.length);
        assertInstanceOf(BlobNetworkForm.Unwrapped.Bad.class, BlobNetworkForm.unwrap(odd));
    }
}
