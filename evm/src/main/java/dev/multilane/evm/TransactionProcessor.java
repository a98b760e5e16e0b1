package dev.multilane.evm;

import dev.multilane.evm.interpreter.CallResult;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.evm.interpreter.Status;
import dev.multilane.evm.journal.Journal;
import dev.multilane.evm.journal.JournaledAccount;
import dev.multilane.evm.precompile.Precompiles;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates and executes one transaction against a state view, in the handler order revm uses:
 * validate, buy gas and warm the access list, run the call or creation, refund and pay the
 * coinbase, then list the changes. Thread-safe; its only state is caches (analysed code, the last
 * blob base fee).
 */
public final class TransactionProcessor {
    /** EIP-4844 constants (Cancun). */
    public static final long GAS_PER_BLOB = 131_072;
    public static final int MAX_BLOBS_PER_TX = 6;
    static final long BLOB_BASE_FEE_UPDATE_FRACTION = 3_338_477;
    static final byte BLOB_COMMITMENT_VERSION_KZG = 0x01;

    private final long chainId;
    private final CodeCache codeCache = new CodeCache();

    public TransactionProcessor(long chainId) {
        this.chainId = chainId;
    }

    /** Mainnet chain id (1), as the state tests use. */
    public TransactionProcessor() {
        this(1);
    }

    /** Executes {@code tx} in {@code block} on {@code state} under the rules of {@code fork}. */
    public TxResult execute(Fork fork, BlockEnv block, TxEnv tx, StateView state) {
        return execute(fork, block, tx, state, CreditMode.IMMEDIATE);
    }

    /**
     * Executes {@code tx}; under {@link CreditMode#DEFERRED} the coinbase fee and plain-transfer
     * credits come back in the result instead of being written (see {@link CreditMode}).
     */
    public TxResult execute(Fork fork, BlockEnv block, TxEnv tx, StateView state, CreditMode mode) {
        TxResult.Invalid invalid = checkStatic(fork, block, tx);
        if (invalid != null) {
            return invalid;
        }
        long intrinsic = IntrinsicGas.of(fork, tx.data(), tx.isCreate(), tx.accessList());
        invalid = checkIntrinsic(fork, tx, intrinsic);
        if (invalid != null) {
            return invalid;
        }
        boolean london = fork.isEnabled(Fork.LONDON);
        U256 baseFee = london ? block.baseFee() : U256.ZERO;
        U256 maxFee = tx.type() >= 2 ? tx.maxFeePerGas() : tx.gasPrice();
        U256 effectivePrice = tx.type() >= 2
                ? min(maxFee, baseFee.add(tx.maxPriorityFeePerGas()))
                : tx.gasPrice();
        U256 blobBaseFee = cachedBlobBaseFee(block.excessBlobGas());
        long blobGas = GAS_PER_BLOB * tx.blobHashes().size();
        if (tx.type() == 3 && tx.maxFeePerBlobGas().compareTo(blobBaseFee) < 0) {
            return invalid(InvalidReason.BLOB_FEE_CAP_BELOW_BLOB_BASE_FEE, "blob base fee " + blobBaseFee);
        }

        Journal journal = new Journal(state, codeCache);
        if (mode == CreditMode.DEFERRED) {
            journal.deferContractCredits();
        }
        JournaledAccount sender = journal.account(tx.sender());
        if (sender.nonce() == -1L) {
            return invalid(InvalidReason.NONCE_MAX, "sender nonce is 2^64-1");
        }
        int nonceOrder = Long.compareUnsigned(tx.nonce(), sender.nonce());
        if (nonceOrder < 0) {
            return invalid(InvalidReason.NONCE_TOO_LOW, "tx " + Long.toUnsignedString(tx.nonce()) + " < state "
                    + Long.toUnsignedString(sender.nonce()));
        }
        if (nonceOrder > 0) {
            return invalid(InvalidReason.NONCE_TOO_HIGH, "tx " + Long.toUnsignedString(tx.nonce()) + " > state "
                    + Long.toUnsignedString(sender.nonce()));
        }
        if (sender.exists() && !sender.codeHash().equals(Keccak.EMPTY)) {
            return invalid(InvalidReason.SENDER_NOT_EOA, "sender has code"); // EIP-3607
        }
        // Up-front check at the highest price the sender could pay (EIP-1559, EIP-4844).
        if (!canPayUpFront(sender.balance(), tx, maxFee, blobGas)) {
            return invalid(InvalidReason.INSUFFICIENT_FUNDS, "balance " + sender.balance() + " < " + maxCost(tx, maxFee,
                    blobGas));
        }

        // Buy gas, bump the nonce.
        U256 gasCost = effectivePrice.mul(U256.of(tx.gasLimit()));
        if (blobGas != 0) {
            gasCost = gasCost.add(blobBaseFee.mul(U256.of(blobGas)));
        }
        journal.subBalance(sender, gasCost);
        journal.setNonce(sender, tx.nonce() + 1);

        // EIP-2929 / EIP-2930 / EIP-3651 warm set; the precompiles are warm throughout.
        journal.warmAddress(tx.sender());
        journal.keepWarm(address -> Precompiles.get(address, fork) != null);
        if (!tx.accessList().isEmpty()) {
            for (AccessListEntry e : tx.accessList()) {
                journal.warmAddress(e.address());
                for (U256 key : e.storageKeys()) {
                    journal.warmSlot(e.address(), key);
                }
            }
        }
        if (fork.isEnabled(Fork.SHANGHAI)) {
            journal.warmAddress(block.coinbase());
        }

        long gas = tx.gasLimit() - intrinsic;
        Evm evm = new Evm(fork, block, chainId, journal, tx.sender(), effectivePrice, tx.blobHashes(), blobBaseFee);
        CallResult result;
        List<Credit> credits = mode == CreditMode.DEFERRED ? new ArrayList<>(2) : List.of();
        if (tx.isCreate()) {
            Address target = Evm.createAddress(tx.sender(), tx.nonce());
            journal.warmAddress(target);
            result = evm.create(tx.sender(), target, tx.value(), tx.data(), gas, 0);
        } else if (mode == CreditMode.DEFERRED && isPlainTransfer(fork, tx, state)) {
            // Nothing runs at a code-less recipient: the call is only its value moving, which
            // Evm.call would do with a transfer (a zero value to an absent account is a no-op,
            // which the credit's EIP-161 rule reproduces).
            journal.subBalance(sender, tx.value());
            credits.add(new Credit(tx.to(), tx.value()));
            result = new CallResult(Status.SUCCESS, gas, Bytes.EMPTY, null);
        } else {
            journal.warmAddress(tx.to());
            result = evm.call(Evm.CallKind.CALL, tx.sender(), tx.to(), tx.to(), tx.value(), tx.data(), gas,
                    false, 0);
        }

        long gasLeft = result.gasLeft();
        long used = tx.gasLimit() - gasLeft;
        // EIP-3529 caps the refund at a fifth of the gas used (a half before London).
        long refund = Math.min(journal.refund(), used / (london ? 5 : 2));
        used -= refund;
        journal.addBalance(sender, effectivePrice.mul(U256.of(gasLeft + refund)));
        U256 tipPerGas = london ? effectivePrice.sub(baseFee) : effectivePrice;
        U256 fee = tipPerGas.mul(U256.of(used));
        if (mode == CreditMode.DEFERRED) {
            credits.add(new Credit(block.coinbase(), fee));
        } else {
            journal.addBalance(journal.account(block.coinbase()), fee);
        }

        boolean success = result.status().isSuccess();
        List<Log> logs = success ? List.copyOf(journal.logs()) : List.of();
        return new TxResult.Executed(success, used, tx.type() == 3 ? blobGas : 0, logs, result.output(),
                tx.isCreate() && success ? result.created() : null, journal.changes(credits), credits);
    }

    /**
     * A top-level call that runs no code: the recipient is not the sender, not a precompile, and
     * has no code. Only the recipient's code is read, so the check conflicts with no balance write.
     */
    private static boolean isPlainTransfer(Fork fork, TxEnv tx, StateView state) {
        return !tx.to().equals(tx.sender())
                && Precompiles.get(tx.to(), fork) == null
                && state.code(tx.to()).length == 0;
    }

    /** Checks that need no state: type, fee fields, the block's gas limit, blob rules. */
    private static TxResult.Invalid checkStatic(Fork fork, BlockEnv block, TxEnv tx) {
        Fork needed = switch (tx.type()) {
            case 0, 1 -> Fork.BERLIN;
            case 2 -> Fork.LONDON;
            case 3 -> Fork.CANCUN;
            default -> null;
        };
        if (needed == null || !fork.isEnabled(needed)) {
            return invalid(InvalidReason.TYPE_NOT_SUPPORTED, "type " + tx.type() + " at " + fork.displayName());
        }
        if (tx.type() >= 2) {
            if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
                return invalid(InvalidReason.PRIORITY_FEE_ABOVE_FEE_CAP, "");
            }
        }
        if (fork.isEnabled(Fork.LONDON)) {
            U256 maxFee = tx.type() >= 2 ? tx.maxFeePerGas() : tx.gasPrice();
            if (maxFee.compareTo(block.baseFee()) < 0) {
                return invalid(InvalidReason.FEE_CAP_BELOW_BASE_FEE, maxFee + " < base fee " + block.baseFee());
            }
        }
        if (Long.compareUnsigned(tx.gasLimit(), block.gasLimit()) > 0) {
            return invalid(InvalidReason.GAS_LIMIT_ABOVE_BLOCK, "gas limit " + Long.toUnsignedString(tx.gasLimit()));
        }
        if (tx.type() == 3) {
            if (tx.isCreate()) {
                return invalid(InvalidReason.BLOB_CREATE, "");
            }
            if (tx.blobHashes().isEmpty()) {
                return invalid(InvalidReason.BLOB_LIST_EMPTY, "");
            }
            if (tx.blobHashes().size() > MAX_BLOBS_PER_TX) {
                return invalid(InvalidReason.BLOB_TOO_MANY, tx.blobHashes().size() + " blobs");
            }
            for (Hash h : tx.blobHashes()) {
                if (h.bytes()[0] != BLOB_COMMITMENT_VERSION_KZG) {
                    return invalid(InvalidReason.BLOB_VERSION_INVALID, h.toString());
                }
            }
        }
        return null;
    }

    /** The rest of the checks that need no state: intrinsic gas (computed once, used again) and init code size. */
    private static TxResult.Invalid checkIntrinsic(Fork fork, TxEnv tx, long intrinsic) {
        if (tx.gasLimit() < intrinsic) {
            return invalid(InvalidReason.INTRINSIC_GAS_TOO_LOW, tx.gasLimit() + " < " + intrinsic);
        }
        if (tx.isCreate() && fork.isEnabled(Fork.SHANGHAI) && tx.data().length > IntrinsicGas.MAX_INIT_CODE_SIZE) {
            return invalid(InvalidReason.INIT_CODE_TOO_LARGE, tx.data().length + " bytes"); // EIP-3860
        }
        return null;
    }

    /**
     * gasLimit * maxFee + value (+ blobGas * maxFeePerBlobGas) <= balance. Every transaction asks,
     * so the usual case, where no product or sum can pass 2^256, is answered in U256 arithmetic;
     * the rest (absurd fees that the state tests probe) goes through BigInteger.
     */
    private static boolean canPayUpFront(U256 balance, TxEnv tx, U256 maxFee, long blobGas) {
        U256 gasLimit = U256.of(tx.gasLimit());
        boolean small = bits(gasLimit) + maxFee.bitLength() <= 254 && tx.value().bitLength() <= 254;
        if (tx.type() == 3) {
            small &= bits(U256.of(blobGas)) + tx.maxFeePerBlobGas().bitLength() <= 254;
        }
        if (!small) {
            return balance.toBigInteger().compareTo(maxCost(tx, maxFee, blobGas)) >= 0;
        }
        // Each term is below 2^254, so neither the products nor the sum of three can wrap.
        U256 cost = gasLimit.mul(maxFee).add(tx.value());
        if (tx.type() == 3) {
            cost = cost.add(U256.of(blobGas).mul(tx.maxFeePerBlobGas()));
        }
        return balance.compareTo(cost) >= 0;
    }

    /** bitLength, counting zero as one bit so that a sum of bit lengths bounds a product. */
    private static int bits(U256 v) {
        return Math.max(1, v.bitLength());
    }

    private static BigInteger maxCost(TxEnv tx, U256 maxFee, long blobGas) {
        BigInteger maxCost = BigInteger.valueOf(tx.gasLimit()).multiply(maxFee.toBigInteger())
                .add(tx.value().toBigInteger());
        if (tx.type() == 3) {
            maxCost = maxCost.add(BigInteger.valueOf(blobGas).multiply(tx.maxFeePerBlobGas().toBigInteger()));
        }
        return maxCost;
    }

    /** The last excess blob gas asked about and its fee: a block's transactions all ask the same. */
    private record BlobFee(long excessBlobGas, U256 fee) {}

    private static final BlobFee NO_BLOB_GAS = new BlobFee(0, U256.ONE);

    /** Read and replaced by many threads; a record's final fields make any value seen complete. */
    private BlobFee lastBlobFee = NO_BLOB_GAS;

    private U256 cachedBlobBaseFee(long excessBlobGas) {
        BlobFee last = lastBlobFee;
        if (last.excessBlobGas() == excessBlobGas) {
            return last.fee();
        }
        BlobFee fresh = new BlobFee(excessBlobGas, blobBaseFee(excessBlobGas));
        lastBlobFee = fresh;
        return fresh.fee();
    }

    /** EIP-4844 blob base fee: fake_exponential(1, excessBlobGas, 3338477). */
    public static U256 blobBaseFee(long excessBlobGas) {
        BigInteger factor = BigInteger.ONE;
        BigInteger numerator = BigInteger.valueOf(excessBlobGas);
        BigInteger denominator = BigInteger.valueOf(BLOB_BASE_FEE_UPDATE_FRACTION);
        BigInteger output = BigInteger.ZERO;
        BigInteger accum = factor.multiply(denominator);
        for (int i = 1; accum.signum() > 0; i++) {
            output = output.add(accum);
            accum = accum.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
        }
        return U256.fromBigInteger(output.divide(denominator));
    }

    private static U256 min(U256 a, U256 b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static TxResult.Invalid invalid(InvalidReason reason, String detail) {
        return new TxResult.Invalid(reason, detail);
    }
}
