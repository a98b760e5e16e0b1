package dev.multilane.chain;

import dev.multilane.evm.Fork;
import dev.multilane.evm.IntrinsicGas;
import dev.multilane.evm.InvalidReason;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * The checks a transaction must pass under a fork before any state is read: type, chain id,
 * blob rules, field ranges, fees, init code size, intrinsic gas and the signature. Checks that
 * need the sender's account (nonce, balance, code) or the block (base fee, gas left) belong to
 * execution. Cheap checks run first; signature recovery, the costly one, runs last.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransactionValidator {
    /** EIP-4844 (Cancun): the version byte of a KZG commitment's versioned hash. */
    public static final byte BLOB_COMMITMENT_VERSION_KZG = 0x01;
    /** EIP-4844 (Cancun): MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB = 786,432 / 131,072. */
    public static final int MAX_BLOBS_PER_BLOCK = 6;

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private final Fork fork;
    private final Long chainId;

    /**
     * @param chainId the chain's id, or null to accept any: then only the signature decides
     */
    public TransactionValidator(Fork fork, Long chainId) {
        this.fork = fork;
        this.chainId = chainId;
    }

    public Fork fork() {
        return fork;
    }

    /** Decodes and validates wire bytes: a decode error becomes an {@code Invalid} result. */
    public TxValidation validate(byte[] raw) {
        return switch (Transaction.decode(raw)) {
            case DecodeResult.Decoded d -> validate(d.transaction());
            case DecodeResult.Malformed m -> new TxValidation.Invalid(m.error(), m.message());
        };
    }

    public TxValidation validate(Transaction tx) {
        int type = tx.type();
        // EIP-2718 typed transactions arrive fork by fork: 2930 in Berlin, 1559 in London, 4844 in Cancun.
        if ((type == Transaction.DYNAMIC_FEE && !fork.isEnabled(Fork.LONDON))
                || (type == Transaction.BLOB && !fork.isEnabled(Fork.CANCUN))) {
            return evm(InvalidReason.TYPE_NOT_SUPPORTED, "type " + type + " is not enabled at " + fork.displayName());
        }
        // EIP-155 makes replay protection optional for legacy transactions; where present, it must match.
        Long txChain = tx.chainId();
        if (chainId != null && txChain != null && !chainId.equals(txChain)) {
            return new TxValidation.Invalid(TxError.WRONG_CHAIN_ID,
                    "signed for chain " + txChain + ", this chain is " + chainId);
        }
        if (type == Transaction.BLOB) {
            TxValidation blobError = checkBlobFields(tx);
            if (blobError != null) {
                return blobError;
            }
        }
        // EIP-2681: a nonce of 2^64 - 1 could never be followed by another, so it is invalid.
        if (tx.nonce() == -1L) {
            return evm(InvalidReason.NONCE_MAX, "nonce is 2^64 - 1 (EIP-2681)");
        }
        if (type >= Transaction.DYNAMIC_FEE && tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
            return evm(InvalidReason.PRIORITY_FEE_ABOVE_FEE_CAP, "maxPriorityFeePerGas "
                    + tx.maxPriorityFeePerGas() + " above maxFeePerGas " + tx.maxFeePerGas());
        }
        // The sender must be able to pay gasLimit · price up front; that amount must fit a word.
        U256 price = type >= Transaction.DYNAMIC_FEE ? tx.maxFeePerGas() : tx.gasPrice();
        BigInteger upfront = price.toBigInteger().multiply(new BigInteger(Long.toUnsignedString(tx.gasLimit())));
        if (upfront.compareTo(TWO_256) >= 0) {
            return evm(InvalidReason.FEE_OVERFLOW, "gasLimit · gas price is at least 2^256");
        }
        // EIP-3860 (Shanghai): init code is limited to twice the contract size limit.
        if (tx.isCreate() && fork.isEnabled(Fork.SHANGHAI) && tx.data().length > IntrinsicGas.MAX_INIT_CODE_SIZE) {
            return evm(InvalidReason.INIT_CODE_TOO_LARGE, "init code of " + tx.data().length
                    + " bytes exceeds " + IntrinsicGas.MAX_INIT_CODE_SIZE);
        }
        long intrinsic = IntrinsicGas.of(fork, tx.data(), tx.isCreate(), tx.accessList());
        if (Long.compareUnsigned(intrinsic, tx.gasLimit()) > 0) {
            return evm(InvalidReason.INTRINSIC_GAS_TOO_LOW, "intrinsic gas " + intrinsic
                    + " above gasLimit " + Long.toUnsignedString(tx.gasLimit()));
        }
        return switch (tx.recoverSender()) {
            case SenderResult.Recovered r -> new TxValidation.Valid(r.sender(), intrinsic);
            case SenderResult.Unrecoverable u -> new TxValidation.Invalid(u.error(), u.message());
        };
    }

    /** EIP-4844: a blob transaction calls an address and carries 1 to 6 KZG versioned hashes. */
    private static TxValidation checkBlobFields(Transaction tx) {
        if (tx.isCreate()) {
            return evm(InvalidReason.BLOB_CREATE, "a blob transaction cannot create a contract");
        }
        int n = tx.blobVersionedHashes().size();
        if (n == 0) {
            return evm(InvalidReason.BLOB_LIST_EMPTY, "a blob transaction must carry at least one blob");
        }
        if (n > MAX_BLOBS_PER_BLOCK) {
            return evm(InvalidReason.BLOB_TOO_MANY, n + " blobs, at most " + MAX_BLOBS_PER_BLOCK + " fit a block");
        }
        for (Hash h : tx.blobVersionedHashes()) {
            if (h.bytes()[0] != BLOB_COMMITMENT_VERSION_KZG) {
                return evm(InvalidReason.BLOB_VERSION_INVALID, "versioned hash " + h + " is not version 0x01");
            }
        }
        return null;
    }

    private static TxValidation evm(InvalidReason reason, String detail) {
        return new TxValidation.Invalid(TxRejection.of(reason), detail);
    }
}
