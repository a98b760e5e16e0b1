package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Fork;
import dev.multilane.evm.IntrinsicGas;
import dev.multilane.evm.InvalidReason;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionValidatorTest {
    static final byte[] KEY = TransactionTest.KEY;
    static final Address TO = TransactionTest.TO;
    static final U256 GWEI = TransactionTest.GWEI;
    static final Hash BLOB_HASH = Hash.fromHex("0x01" + "00".repeat(31));

    static Transaction dynamicFee(U256 priority, U256 max, long gas) {
        return UnsignedTransaction.dynamicFee(1, 0, priority, max, gas, TO, U256.ZERO, new byte[0], List.of()).sign(KEY);
    }

    static Transaction blob(Address to, List<Hash> hashes) {
        return UnsignedTransaction.blob(1, 0, GWEI, GWEI, 21_000, to, U256.ZERO, new byte[0], List.of(), GWEI, hashes)
                .sign(KEY);
    }

    static Object reason(Fork fork, Long chainId, Transaction tx) {
        return switch (new TransactionValidator(fork, chainId).validate(tx)) {
            case TxValidation.Valid v -> "valid";
            case TxValidation.Invalid i -> i.reason() instanceof TxRejection.Evm evm ? evm.reason() : i.reason();
        };
    }

    @Test
    void typesAreEnabledFork() {
        Transaction t1 = UnsignedTransaction.accessList(1, 0, GWEI, 21_000, TO, U256.ZERO, new byte[0], List.of())
                .sign(KEY);
        Transaction t2 = dynamicFee(GWEI, GWEI, 21_000);
        Transaction t3 = blob(TO, List.of(BLOB_HASH));
        assertEquals("valid", reason(Fork.BERLIN, 1L, t1));
        assertEquals(InvalidReason.TYPE_NOT_SUPPORTED, reason(Fork.BERLIN, 1L, t2));
        assertEquals("valid", reason(Fork.LONDON, 1L, t2));
        assertEquals(InvalidReason.TYPE_NOT_SUPPORTED, reason(Fork.SHANGHAI, 1L, t3));
        assertEquals("valid", reason(Fork.CANCUN, 1L, t3));
    }

    @Test
    void chainIdMustMatchWhereConfigured() {
        Transaction other = UnsignedTransaction.legacy(5L, 0, GWEI, 21_000, TO, U256.ZERO, new byte[0]).sign(KEY);
        Transaction unprotected = UnsignedTransaction.legacy(null, 0, GWEI, 21_000, TO, U256.ZERO, new byte[0]).sign(KEY);
        assertEquals(TxError.WRONG_CHAIN_ID, reason(Fork.CANCUN, 1L, other));
        assertEquals("valid", reason(Fork.CANCUN, 5L, other));
        assertEquals("valid", reason(Fork.CANCUN, null, other));
        assertEquals("valid", reason(Fork.CANCUN, 1L, unprotected));
        Transaction typed = UnsignedTransaction.dynamicFee(5, 0, GWEI, GWEI, 21_000, TO, U256.ZERO, new byte[0],
                List.of()).sign(KEY);
        assertEquals(TxError.WRONG_CHAIN_ID, reason(Fork.CANCUN, 1L, typed));
    }

    @Test
    void feeRules() {
        assertEquals(InvalidReason.PRIORITY_FEE_ABOVE_FEE_CAP, reason(Fork.LONDON, 1L, dynamicFee(U256.of(2), U256.ONE, 21_000)));
        assertEquals("valid", reason(Fork.LONDON, 1L, dynamicFee(U256.ONE, U256.ONE, 21_000)));
        // 2^255 · 21000 does not fit 256 bits.
        U256 half = U256.fromBigInteger(java.math.BigInteger.ONE.shiftLeft(255));
        assertEquals(InvalidReason.FEE_OVERFLOW, reason(Fork.LONDON, 1L, dynamicFee(U256.ONE, half, 21_000)));
        Transaction legacy = UnsignedTransaction.legacy(1L, 0, U256.MAX, 2, TO, U256.ZERO, new byte[0]).sign(KEY);
        assertEquals(InvalidReason.FEE_OVERFLOW, reason(Fork.LONDON, 1L, legacy));
    }

    @Test
    void nonceMaxIsInvalid() {
        Transaction tx = UnsignedTransaction.legacy(1L, -1L, GWEI, 21_000, TO, U256.ZERO, new byte[0]).sign(KEY);
        assertEquals(InvalidReason.NONCE_MAX, reason(Fork.CANCUN, 1L, tx));
    }

    @Test
    void intrinsicGasAndInitCode() {
        assertEquals(InvalidReason.INTRINSIC_GAS_TOO_LOW, reason(Fork.CANCUN, 1L, dynamicFee(GWEI, GWEI, 20_999)));
        List<AccessListEntry> al = List.of(new AccessListEntry(TO, List.of(U256.ONE)));
        Transaction withList = UnsignedTransaction.accessList(1, 0, GWEI, 21_000 + 2_400 + 1_900, TO, U256.ZERO,
                new byte[0], al).sign(KEY);
        TxValidation ok = new TransactionValidator(Fork.BERLIN, 1L).validate(withList);
        assertEquals(25_300, ((TxValidation.Valid) ok).intrinsicGas());

        byte[] big = new byte[IntrinsicGas.MAX_INIT_CODE_SIZE + 1];
        Transaction create = UnsignedTransaction.legacy(1L, 0, GWEI, 1_000_000, null, U256.ZERO, big).sign(KEY);
        assertEquals("valid", reason(Fork.PARIS, 1L, create));
        assertEquals(InvalidReason.INIT_CODE_TOO_LARGE, reason(Fork.SHANGHAI, 1L, create));
        Transaction atLimit = UnsignedTransaction.legacy(1L, 0, GWEI, 1_000_000, null, U256.ZERO,
                new byte[IntrinsicGas.MAX_INIT_CODE_SIZE]).sign(KEY);
        assertEquals("valid", reason(Fork.SHANGHAI, 1L, atLimit));
    }

    @Test
    void blobRules() {
        assertEquals(InvalidReason.BLOB_CREATE, reason(Fork.CANCUN, 1L, blob(null, List.of(BLOB_HASH))));
        assertEquals(InvalidReason.BLOB_LIST_EMPTY, reason(Fork.CANCUN, 1L, blob(TO, List.of())));
        assertEquals(InvalidReason.BLOB_TOO_MANY, reason(Fork.CANCUN, 1L, blob(TO, Collections.nCopies(7, BLOB_HASH))));
        assertEquals("valid", reason(Fork.CANCUN, 1L, blob(TO, Collections.nCopies(6, BLOB_HASH))));
        Hash version2 = Hash.fromHex("0x02" + "00".repeat(31));
        assertEquals(InvalidReason.BLOB_VERSION_INVALID, reason(Fork.CANCUN, 1L, blob(TO, List.of(BLOB_HASH, version2))));
    }

    @Test
    void badSignatureIsTheLastCheck() {
        Transaction good = dynamicFee(GWEI, GWEI, 21_000);
        Signature s = good.signature();
        Transaction zeroR = good.unsigned().withSignature(new Signature(s.yParity(), U256.ZERO, s.s()));
        assertEquals(TxError.INVALID_SIGNATURE, reason(Fork.CANCUN, 1L, zeroR));
        Transaction tampered = UnsignedTransaction.dynamicFee(1, 1, GWEI, GWEI, 21_000, TO, U256.ZERO, new byte[0],
                List.of()).withSignature(s);
        TxValidation v = new TransactionValidator(Fork.CANCUN, 1L).validate(tampered);
        // A changed body still recovers some key, just not the signer's.
        assertTrue(v instanceof TxValidation.Valid valid && !valid.sender().equals(TransactionTest.SENDER));
    }

    @Test
    void malformedBytesBecomeInvalid() {
        TxValidation v = new TransactionValidator(Fork.CANCUN, 1L).validate(new byte[] {(byte) 0xc0});
        assertTrue(v instanceof TxValidation.Invalid i && i.reason() == TxError.WRONG_FIELD_COUNT, v.toString());
    }
}
