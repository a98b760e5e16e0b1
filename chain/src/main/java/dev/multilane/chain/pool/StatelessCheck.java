package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.TransactionValidator;
import dev.multilane.chain.TxError;
import dev.multilane.chain.TxRejection;
import dev.multilane.chain.TxValidation;
import dev.multilane.evm.Fork;
import dev.multilane.evm.InvalidReason;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/**
 * The half of an add that reads no pool or account state, under one fork's rules: the pool's own
 * stateless limits, {@link TransactionValidator} (with sender recovery, cached by the transaction)
 * and, for a blob transaction, its sidecar ({@link BlobSidecar#check}, the KZG proofs). Immutable,
 * so it runs on any thread without the pool's lock; the pool swaps in a new one when the fork
 * changes.
 */
final class StatelessCheck {
    /** The outcome: the recovered sender, or the rejection. */
    sealed interface Outcome {}

    record Passed(Address sender, Fork fork) implements Outcome {}

    record Failed(AddResult.Rejected rejection) implements Outcome {}

    private final PoolConfig config;
    private final TransactionValidator validator;

    StatelessCheck(PoolConfig config, Fork fork) {
        this.config = config;
        this.validator = new TransactionValidator(fork, config.chainId());
    }

    Fork fork() {
        return validator.fork();
    }

    /** The checks of an add; {@code sidecar} is the blobs that came with a blob transaction, or null. */
    Outcome check(Transaction tx, BlobSidecar sidecar) {
        // EIP-7702 set-code transactions (type 4) do not decode yet; anything above 3 is refused here.
        if (tx.type() > Transaction.BLOB) {
            return fail(PoolRejection.TYPE_NOT_SUPPORTED, "type " + tx.type() + " is not supported");
        }
        Outcome rules = rules(tx);
        if (rules instanceof Failed || tx.type() != Transaction.BLOB) {
            return rules;
        }
        if (sidecar == null) {
            return fail(PoolRejection.INVALID_BLOBS, "blob transaction without blobs: send it in the network form "
                    + "0x03 ‖ rlp([tx, blobs, commitments, proofs]) (EIP-4844)");
        }
        // Last: verifying the proofs is by far the costliest check.
        String problem = sidecar.check(tx);
        return problem == null ? rules : fail(PoolRejection.INVALID_BLOBS, problem);
    }

    /**
     * The rules alone, for a transaction already pooled whose fork changed under it: its sidecar
     * was checked on entry and does not depend on the fork.
     */
    Outcome rules(Transaction tx) {
        if (Long.compareUnsigned(tx.gasLimit(), config.blockGasLimit()) > 0) {
            return fail(PoolRejection.GAS_LIMIT_ABOVE_BLOCK, "gasLimit " + Long.toUnsignedString(tx.gasLimit())
                    + " above block gas limit " + config.blockGasLimit());
        }
        U256 feeCap = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxFeePerGas() : tx.gasPrice();
        if (feeCap.compareTo(config.minFeeCap()) < 0) {
            return fail(PoolRejection.FEE_CAP_TOO_LOW, "fee cap " + feeCap + " below the pool minimum "
                    + config.minFeeCap());
        }
        // EIP-4844: the blob base fee is never below 1 wei, so a zero blob fee cap can never be included.
        if (tx.type() == Transaction.BLOB && tx.maxFeePerBlobGas().isZero()) {
            return fail(PoolRejection.FEE_CAP_TOO_LOW, "maxFeePerBlobGas 0 below the minimum blob base fee of 1 wei");
        }
        return switch (validator.validate(tx)) {
            case TxValidation.Valid v -> new Passed(v.sender(), validator.fork());
            case TxValidation.Invalid i ->
                new Failed(new AddResult.Rejected(map(i.reason()), i.detail(), i.reason()));
        };
    }

    private static Failed fail(PoolRejection reason, String detail) {
        return new Failed(new AddResult.Rejected(reason, detail));
    }

    private static PoolRejection map(TxRejection r) {
        return switch (r) {
            case TxError.WRONG_CHAIN_ID -> PoolRejection.WRONG_CHAIN_ID;
            case TxError.INVALID_SIGNATURE, TxError.RECOVERY_FAILED -> PoolRejection.INVALID_SIGNATURE;
            case TxRejection.Evm(InvalidReason reason) when reason == InvalidReason.INTRINSIC_GAS_TOO_LOW ->
                PoolRejection.INTRINSIC_GAS;
            case TxRejection.Evm(InvalidReason reason) when reason == InvalidReason.TYPE_NOT_SUPPORTED ->
                PoolRejection.TYPE_NOT_SUPPORTED;
            default -> PoolRejection.INVALID;
        };
    }
}
