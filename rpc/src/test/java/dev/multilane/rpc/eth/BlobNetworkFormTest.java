package dev.multilane.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.DecodeResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobNetworkFormTest {
    private static final byte[] KEY = Hex.decode("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");

    private static Transaction blobTx(Hash versionedHash) {
        return UnsignedTransaction.blob(1, 0, U256.ONE, U256.ONE, 21_000, Address.ofNumber(5), U256.ZERO, new byte[0],
                List.of(), U256.ONE, List.of(versionedHash)).sign(KEY);
    }

    private static byte[] networkForm(Transaction tx, byte[] blob, byte[] commitment, byte[] proof) {
        byte[] body = Arrays.copyOfRange(tx.encode(), 1, tx.encode().length);
        byte[] list = Rlp.encodeList(body, Rlp.encodeList(Rlp.encodeBytes(blob)),
                Rlp.encodeList(Rlp.encodeBytes(commitment)), Rlp.encodeList(Rlp.encodeBytes(proof)));
        byte[] out = new byte[list.length + 1];
        out[0] = 0x03;
        System.arraycopy(list, 0, out, 1, list.length);
        return out;
    }

    @Test
    void unwrapsAndChecksTheSidecar() throws Exception {
        byte[] commitment = new byte[48];
        commitment[0] = (byte) 0xc0;
        byte[] versioned = MessageDigest.getInstance("SHA-256").digest(commitment);
        versioned[0] = 0x01;
        Transaction tx = blobTx(Hash.wrap(versioned));
        byte[] raw = networkForm(tx, new byte[BlobNetworkForm.BLOB_SIZE], commitment, new byte[48]);
        assertTrue(BlobNetworkForm.isNetworkForm(raw));
        assertFalse(BlobNetworkForm.isNetworkForm(tx.encode()), "the plain form is not the network form");
        BlobNetworkForm.Unwrapped.Ok ok = assertInstanceOf(BlobNetworkForm.Unwrapped.Ok.class,
                BlobNetworkForm.unwrap(raw));
        assertArrayEquals(tx.encode(), ok.transaction());
        Transaction decoded = ((DecodeResult.Decoded) Transaction.decode(ok.transaction())).transaction();
        assertNull(BlobNetworkForm.check(decoded, ok));

        Transaction other = blobTx(Hash.wrap(new byte[32]));
        assertTrue(BlobNetworkForm.check(other, ok).contains("does not match its commitment"));
        BlobNetworkForm.Unwrapped.Ok shortBlob = (BlobNetworkForm.Unwrapped.Ok) BlobNetworkForm.unwrap(
                networkForm(tx, new byte[100], commitment, new byte[48]));
        assertTrue(BlobNetworkForm.check(decoded, shortBlob).contains("wrong size"));
        assertInstanceOf(BlobNetworkForm.Unwrapped.Bad.class,
                BlobNetworkForm.unwrap(Arrays.copyOf(raw, raw.length - 10)));
    }
}
