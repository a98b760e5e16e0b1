package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
    static final byte[] KEY = Hex.decode("0x4646464646464646464646464646464646464646464646464646464646464646");
    static final Address SENDER = Secp256k1Signatures.addressOfPrivateKey(KEY);
    static final Address TO = Address.fromHex("0x3535353535353535353535353535353535353535");
    static final U256 GWEI = U256.of(1_000_000_000L);

    /** The worked example of EIP-155: chain id 1, nonce 9, 20 gwei, 21000 gas, 1 ether. */
    @Test
    void eip155Example() {
        UnsignedTransaction body = UnsignedTransaction.legacy(1L, 9, U256.of(20_000_000_000L), 21_000, TO,
                U256.of(1_000_000_000_000_000_000L), new byte[0]);
        assertEquals(Hash.fromHex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"),
                body.signingHash());
        Transaction tx = body.sign(KEY);
        assertEquals("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
                + "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb7"
                + "03304b3800ccf555c9f3dc64214b297fb1966a3b6d83", Hex.encode(tx.encode()));
        assertEquals(new SenderResult.Recovered(SENDER), tx.recoverSender());
        assertEquals(Address.fromHex("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), SENDER);
    }

    @Test
    void everyTypeSignsEncodesDecodesAndRecovers() {
        List<AccessListEntry> al = List.of(new AccessListEntry(TO, List.of(U256.ONE, U256.MAX)));
        Hash blobHash = Hash.fromHex("0x01" + "ab".repeat(31));
        List<UnsignedTransaction> bodies = List.of(
                UnsignedTransaction.legacy(null, 0, GWEI, 21_000, TO, U256.ONE, new byte[0]),
                UnsignedTransaction.legacy(1L, 1, GWEI, 60_000, null, U256.ZERO, new byte[] {0x60, 0}),
                UnsignedTransaction.accessList(1, 2, GWEI, 30_000, TO, U256.ZERO, new byte[] {1}, al),
                UnsignedTransaction.dynamicFee(1, 3, GWEI, GWEI, 30_000, TO, U256.ZERO, new byte[0], al),
                UnsignedTransaction.blob(1, 4, GWEI, GWEI, 30_000, TO, U256.ZERO, new byte[0], List.of(), GWEI,
                        List.of(blobHash)));
        for (UnsignedTransaction body : bodies) {
            Transaction tx = body.sign(KEY);
            byte[] enc = tx.encode();
            assertEquals(body.type() == 0, (enc[0] & 0xff) >= 0xc0, "envelope of type " + body.type());
            assertEquals(Keccak.of(enc), tx.hash());
            Transaction back = ((DecodeResult.Decoded) Transaction.decode(enc)).transaction();
            assertEquals(tx, back);
            assertEquals(body.chainId(), back.chainId());
            assertEquals(tx.signingHash(), back.signingHash());
            assertEquals(new SenderResult.Recovered(SENDER), back.recoverSender());
            assertTrue(new TransactionValidator(dev.multilane.evm.Fork.CANCUN, 1L).validate(enc)
                    instanceof TxValidation.Valid v && v.sender().equals(SENDER), "type " + body.type());
        }
    }

    @Test
    void senderIsRecoveredOnceAndCached() {
        Transaction tx = UnsignedTransaction.legacy(1L, 0, GWEI, 21_000, TO, U256.ONE, new byte[0]).sign(KEY);
        assertSame(tx.recoverSender(), tx.recoverSender());
    }

    @Test
    void highOrZeroSignatureValuesAreRejected() {
        Transaction good = UnsignedTransaction.dynamicFee(1, 0, GWEI, GWEI, 21_000, TO, U256.ONE, new byte[0],
                List.of()).sign(KEY);
        Signature sig = good.signature();
        // (r, n - s) with the other parity is the same point: valid maths, but EIP-2 forbids it.
        U256 highS = U256.fromBigInteger(Signature.SECP256K1_N.toBigInteger().subtract(sig.s().toBigInteger()));
        Transaction malleated = good.unsigned().withSignature(new Signature(1 - sig.yParity(), sig.r(), highS));
        assertEquals(TxError.INVALID_SIGNATURE, unrecoverable(malleated));
        assertEquals(TxError.INVALID_SIGNATURE,
                unrecoverable(good.unsigned().withSignature(new Signature(0, U256.ZERO, sig.s()))));
        assertEquals(TxError.INVALID_SIGNATURE,
                unrecoverable(good.unsigned().withSignature(new Signature(0, Signature.SECP256K1_N, sig.s()))));
        assertEquals(Signature.SECP256K1_N.toBigInteger().shiftRight(1), Signature.SECP256K1_HALF_N.toBigInteger());
    }

    @Test
    void toTxEnvCarriesEveryField() {
        List<AccessListEntry> al = List.of(new AccessListEntry(TO, List.of(U256.ONE)));
        Transaction tx = UnsignedTransaction.dynamicFee(1, 7, U256.of(2), U256.of(9), 50_000, TO, U256.of(5),
                new byte[] {1, 2}, al).sign(KEY);
        TxEnv env = tx.toTxEnv(SENDER);
        assertEquals(2, env.type());
        assertEquals(SENDER, env.sender());
        assertEquals(TO, env.to());
        assertEquals(7, env.nonce());
        assertEquals(50_000, env.gasLimit());
        assertEquals(U256.of(5), env.value());
        assertArrayEquals(new byte[] {1, 2}, env.data());
        assertNull(env.gasPrice());
        assertEquals(U256.of(9), env.maxFeePerGas());
        assertEquals(U256.of(2), env.maxPriorityFeePerGas());
        assertEquals(al, env.accessList());
        assertEquals(List.of(), env.blobHashes());
        assertNull(env.maxFeePerBlobGas());

        TxEnv legacy = UnsignedTransaction.legacy(null, 0, U256.of(3), 21_000, null, U256.ZERO, new byte[0])
                .sign(KEY).toTxEnv(SENDER);
        assertEquals(U256.of(3), legacy.gasPrice());
        assertNull(legacy.maxFeePerGas());
        assertTrue(legacy.isCreate());
    }

    // ---------------------------------------------------------------- decode errors

    @Test
    void decodeErrorsAreTypedValues() {
        byte[] n = Rlp.encodeLong(0);
        byte[] p = Rlp.encodeU256(GWEI);
        byte[] g = Rlp.encodeLong(21_000);
        byte[] to = Rlp.encodeBytes(TO.bytes());
        byte[] v = Rlp.encodeLong(27);
        byte[] rs = Rlp.encodeLong(1);
        byte[] e = Rlp.EMPTY_STRING;

        assertError(TxError.MALFORMED_RLP, new byte[0]);
        assertError(TxError.MALFORMED_RLP, Rlp.encodeBytes(new byte[] {1, 2}));
        assertError(TxError.UNKNOWN_TYPE, Bytes.concat(new byte[] {4}, Rlp.EMPTY_LIST));
        assertError(TxError.UNKNOWN_TYPE, Bytes.concat(new byte[] {0}, Rlp.EMPTY_LIST));
        assertError(TxError.MALFORMED_RLP, new byte[] {2});
        assertError(TxError.WRONG_FIELD_COUNT, Rlp.encodeList(n, p, g, to, e, e, v, rs));
        assertError(TxError.WRONG_FIELD_COUNT, Rlp.encodeList(n, p, g, to, e, e, v, rs, rs, rs));
        assertError(TxError.MALFORMED_RLP, Bytes.concat(Rlp.encodeList(n, p, g, to, e, e, v, rs, rs), new byte[] {0}));
        // Zero written as 0x00 rather than the empty string.
        assertError(TxError.NON_CANONICAL_INTEGER, Rlp.encodeList(new byte[] {0}, p, g, to, e, e, v, rs, rs));
        assertError(TxError.NON_CANONICAL_INTEGER,
                Rlp.encodeList(Rlp.encodeBytes(new byte[] {0, 1}), p, g, to, e, e, v, rs, rs));
        byte[] twoTo64 = Rlp.encodeBytes(Hex.decode("0x010000000000000000"));
        assertError(TxError.FIELD_OUT_OF_RANGE, Rlp.encodeList(twoTo64, p, g, to, e, e, v, rs, rs));
        assertError(TxError.FIELD_OUT_OF_RANGE,
                Rlp.encodeList(n, p, twoTo64, to, e, e, v, rs, rs));
        assertError(TxError.FIELD_OUT_OF_RANGE,
                Rlp.encodeList(n, p, g, to, Rlp.encodeBytes(Hex.decode("0x01" + "00".repeat(32))), e, v, rs, rs));
        assertError(TxError.INVALID_ADDRESS, Rlp.encodeList(n, p, g, Rlp.encodeBytes(new byte[19]), e, e, v, rs, rs));
        assertError(TxError.INVALID_V, Rlp.encodeList(n, p, g, to, e, e, Rlp.encodeLong(29), rs, rs));
        assertError(TxError.MALFORMED_RLP, Rlp.encodeList(n, p, g, to, e, Rlp.EMPTY_LIST, v, rs, rs));

        byte[] chain = Rlp.encodeLong(1);
        byte[] al = Rlp.EMPTY_LIST;
        assertError(TxError.INVALID_V, typed(2, chain, n, p, p, g, to, e, e, al, Rlp.encodeLong(2), rs, rs));
        assertError(TxError.INVALID_ADDRESS, typed(1, chain, n, p, g, to, e, e,
                Rlp.encodeList(Rlp.encodeList(Rlp.encodeBytes(new byte[21]), Rlp.EMPTY_LIST)), e, rs, rs));
        assertError(TxError.INVALID_HASH_LENGTH, typed(1, chain, n, p, g, to, e, e,
                Rlp.encodeList(Rlp.encodeList(to, Rlp.encodeList(Rlp.encodeBytes(new byte[31])))), e, rs, rs));
        assertError(TxError.INVALID_HASH_LENGTH, typed(3, chain, n, p, p, g, to, e, e, al, p,
                Rlp.encodeList(Rlp.encodeBytes(new byte[33])), e, rs, rs));
        // The network form wraps the transaction with blobs, commitments and proofs.
        assertError(TxError.WRONG_FIELD_COUNT, typed(3, Rlp.EMPTY_LIST, Rlp.EMPTY_LIST, Rlp.EMPTY_LIST, Rlp.EMPTY_LIST));
        assertError(TxError.FIELD_OUT_OF_RANGE,
                typed(2, Rlp.encodeBytes(Hex.decode("0xffffffffffffffff")), n, p, p, g, to, e, e, al, e, rs, rs));
    }

    // ---------------------------------------------------------------- helpers

    static byte[] typed(int type, byte[]... fields) {
        return Bytes.concat(new byte[] {(byte) type}, Rlp.encodeList(fields));
    }

    private static void assertError(TxError expected, byte[] raw) {
        DecodeResult r = Transaction.decode(raw);
        assertTrue(r instanceof DecodeResult.Malformed m && m.error() == expected,
                "expected " + expected + " for " + Hex.encode(raw) + ", got " + r);
    }

    private static TxError unrecoverable(Transaction tx) {
        return tx.recoverSender() instanceof SenderResult.Unrecoverable u ? u.error() : null;
    }
}
