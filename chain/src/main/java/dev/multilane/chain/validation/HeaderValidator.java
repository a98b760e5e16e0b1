package dev.multilane.chain.validation;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.validation.HeaderVerdict.Invalid;
import dev.multilane.chain.validation.HeaderVerdict.Unsupported;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;

/**
 * Checks a proof-of-stake header (Paris to Cancun) against its parent before the block runs, the
 * rules geth's beacon engine applies in {@code verifyHeader}, in about its order, first failure
 * wins:
 *
 * <ol>
 *   <li>the header is proof of stake, else it is {@link Unsupported};
 *   <li>number is the parent's plus one, parentHash is the parent's hash;
 *   <li>timestamp is later than the parent's; extraData at most 32 bytes (Yellow Paper §4.3.4);
 *   <li>difficulty and nonce zero, ommers hash that of the empty list (EIP-3675); mixHash is the
 *       beacon chain's RANDAO value (EIP-4399) and is not checked;
 *   <li>gasLimit at most 2^63 - 1, gasUsed at most gasLimit, gasLimit within 1/1024 of the parent's
 *       (twice the parent's at the London fork block) and at least 5,000;
 *   <li>baseFeePerGas from London on, equal to the EIP-1559 value from the parent (1 gwei at the
 *       London fork block);
 *   <li>withdrawalsRoot exactly from Shanghai on (EIP-4895);
 *   <li>blobGasUsed, excessBlobGas and parentBeaconBlockRoot exactly from Cancun on (EIP-4844,
 *       EIP-4788); blobGasUsed whole blobs and at most six; excessBlobGas the EIP-4844 value from the
 *       parent.
 * </ol>
 *
 * Forks are read from the {@link ChainConfig} for the header and the parent alike, as geth does: a
 * block's base fee is the initial one exactly when its parent is before London. What the header
 * commits to about the body (transactions, withdrawals, receipts, state) is left to execution, except
 * the blob gas, which {@link #validate(Block, BlockHeader)} counts from the transactions.
 *
 * <p>Immutable and stateless; one instance serves any number of threads.
 */
public final class HeaderValidator {
    /** MaximumExtraDataSize (Yellow Paper §4.3.4). */
    public static final int MAX_EXTRA_DATA = 32;

    private static final String YELLOW_PAPER = "Yellow Paper §4.3.4";
    private static final String ABSENT = "absent";

    private final ChainConfig config;

    public HeaderValidator(ChainConfig config) {
        this.config = config;
    }

    /** {@link #validate(BlockHeader, BlockHeader)}, then the header's blobGasUsed against the block's blobs. */
    public HeaderVerdict validate(Block block, BlockHeader parent) {
        BlockHeader h = block.header();
        HeaderVerdict verdict = validate(h, parent);
        if (!verdict.isValid() || h.blobGasUsed() == null) {
            return verdict;
        }
        long used = BlobGas.used(block);
        if (h.blobGasUsed() != used) {
            return new Invalid(HeaderField.BLOB_GAS_USED, Long.toUnsignedString(h.blobGasUsed()),
                    used + " for the block's " + used / BlobGas.PER_BLOB + " blob(s)", "EIP-4844");
        }
        return verdict;
    }

    /** The first rule {@code header} breaks as the child of {@code parent}, or {@link HeaderVerdict#VALID}. */
    public HeaderVerdict validate(BlockHeader header, BlockHeader parent) {
        Fork fork = config.forkAt(header);
        if (fork == null) {
            return new Unsupported("block " + Long.toUnsignedString(header.number())
                    + " is before the first fork the chain configures");
        }
        if (!fork.isEnabled(Fork.PARIS)) {
            return new Unsupported("block " + Long.toUnsignedString(header.number()) + " is a " + fork.displayName()
                    + " block, before the Merge: proof-of-work headers are not validated");
        }
        if (header.number() != parent.number() + 1) {
            return new Invalid(HeaderField.NUMBER, Long.toUnsignedString(header.number()),
                    Long.toUnsignedString(parent.number() + 1), "the parent's number plus one");
        }
        if (!header.parentHash().equals(parent.hash())) {
            return new Invalid(HeaderField.PARENT_HASH, header.parentHash().toString(), parent.hash().toString(),
                    "the parent's hash");
        }
        Fork parentFork = config.forkAt(parent);
        HeaderVerdict v = checkProofOfStake(header, parent);
        if (v == null) {
            v = checkGas(header, parent, parentFork);
        }
        if (v == null) {
            v = checkBaseFee(header, parent, fork, parentFork);
        }
        if (v == null) {
            v = checkWithdrawals(header, fork);
        }
        if (v == null) {
            v = checkBlobFields(header, parent, fork, parentFork);
        }
        return v == null ? HeaderVerdict.VALID : v;
    }

    /** Timestamp, extra data and the constants of a proof-of-stake header (EIP-3675). */
    private static Invalid checkProofOfStake(BlockHeader h, BlockHeader parent) {
        if (Long.compareUnsigned(h.timestamp(), parent.timestamp()) <= 0) {
            return new Invalid(HeaderField.TIMESTAMP, Long.toUnsignedString(h.timestamp()),
                    "more than the parent's " + Long.toUnsignedString(parent.timestamp()), YELLOW_PAPER);
        }
        byte[] extra = h.extraData();
        if (extra.length > MAX_EXTRA_DATA) {
            return new Invalid(HeaderField.EXTRA_DATA, extra.length + " bytes",
                    "at most " + MAX_EXTRA_DATA + " bytes", YELLOW_PAPER);
        }
        if (!h.difficulty().isZero()) {
            return new Invalid(HeaderField.DIFFICULTY, h.difficulty().toString(), "0", "EIP-3675");
        }
        if (h.nonce() != 0) {
            return new Invalid(HeaderField.NONCE, Hex.encode(nonceBytes(h.nonce())), "0x0000000000000000",
                    "EIP-3675");
        }
        if (!h.ommersHash().equals(Keccak.EMPTY_LIST)) {
            return new Invalid(HeaderField.OMMERS_HASH, h.ommersHash().toString(),
                    Keccak.EMPTY_LIST + " (no ommers)", "EIP-3675");
        }
        return null;
    }

    /** The gas limit's bounds and drift, and gas used within the limit. */
    private static Invalid checkGas(BlockHeader h, BlockHeader parent, Fork parentFork) {
        if (h.gasLimit() < 0) { // above 2^63 - 1 as an unsigned 64-bit value
            return new Invalid(HeaderField.GAS_LIMIT, Long.toUnsignedString(h.gasLimit()),
                    "at most " + GasLimit.MAX, YELLOW_PAPER);
        }
        if (Long.compareUnsigned(h.gasUsed(), h.gasLimit()) > 0) {
            return new Invalid(HeaderField.GAS_USED, Long.toUnsignedString(h.gasUsed()),
                    "at most the gas limit " + h.gasLimit(), YELLOW_PAPER);
        }
        // Every header checked here is London or later (Paris implies it); the fork block measures
        // its drift from twice the parent's limit, which keeps the gas target where the limit was.
        boolean parentLondon = isLondon(parentFork);
        long from = BaseFee.parentGasLimit(parent.gasLimit(), parentLondon);
        if (!GasLimit.allowed(from, h.gasLimit())) {
            String rule = parentLondon
                    ? YELLOW_PAPER + ": within 1/1024 of the parent's " + from
                    : "EIP-1559: within 1/1024 of twice the pre-London parent's " + parent.gasLimit();
            return new Invalid(HeaderField.GAS_LIMIT, Long.toString(h.gasLimit()), GasLimit.range(from), rule);
        }
        return null;
    }

    /** EIP-1559: present from London on, and the value the parent implies. */
    private static Invalid checkBaseFee(BlockHeader h, BlockHeader parent, Fork fork, Fork parentFork) {
        if (!fork.isEnabled(Fork.LONDON)) {
            return h.baseFeePerGas() == null ? null
                    : new Invalid(HeaderField.BASE_FEE_PER_GAS, h.baseFeePerGas().toString(),
                            ABSENT + " before London", "EIP-1559");
        }
        U256 expected;
        if (!isLondon(parentFork)) {
            expected = BaseFee.INITIAL;
        } else if (parent.baseFeePerGas() == null) {
            // Only a genesis written without one, under a config that has London at block 0.
            return new Invalid(HeaderField.BASE_FEE_PER_GAS, String.valueOf(h.baseFeePerGas()),
                    "a parent with a base fee: block " + Long.toUnsignedString(parent.number())
                            + " is under London but has none", "EIP-1559");
        } else {
            expected = BaseFee.next(parent.baseFeePerGas(), parent.gasLimit(), parent.gasUsed());
        }
        if (h.baseFeePerGas() == null) {
            return new Invalid(HeaderField.BASE_FEE_PER_GAS, ABSENT, expected.toString(), "EIP-1559");
        }
        if (!h.baseFeePerGas().equals(expected)) {
            String rule = isLondon(parentFork)
                    ? "EIP-1559: from the parent's base fee " + parent.baseFeePerGas() + ", gas used "
                            + Long.toUnsignedString(parent.gasUsed()) + " of target "
                            + parent.gasLimit() / BaseFee.ELASTICITY_MULTIPLIER
                    : "EIP-1559: INITIAL_BASE_FEE at the London fork block";
            return new Invalid(HeaderField.BASE_FEE_PER_GAS, h.baseFeePerGas().toString(), expected.toString(), rule);
        }
        return null;
    }

    /** EIP-4895: a withdrawals root exactly from Shanghai on. */
    private static Invalid checkWithdrawals(BlockHeader h, Fork fork) {
        boolean shanghai = fork.isEnabled(Fork.SHANGHAI);
        if (shanghai && h.withdrawalsRoot() == null) {
            return new Invalid(HeaderField.WITHDRAWALS_ROOT, ABSENT, "present at " + fork.displayName(), "EIP-4895");
        }
        if (!shanghai && h.withdrawalsRoot() != null) {
            return new Invalid(HeaderField.WITHDRAWALS_ROOT, h.withdrawalsRoot().toString(),
                    ABSENT + " at " + fork.displayName() + ", before Shanghai", "EIP-4895");
        }
        return null;
    }

    /** EIP-4844 and EIP-4788: the blob gas fields and the beacon root exactly from Cancun on. */
    private static Invalid checkBlobFields(BlockHeader h, BlockHeader parent, Fork fork, Fork parentFork) {
        if (!fork.isEnabled(Fork.CANCUN)) {
            String absent = ABSENT + " at " + fork.displayName() + ", before Cancun";
            if (h.blobGasUsed() != null) {
                return new Invalid(HeaderField.BLOB_GAS_USED, Long.toUnsignedString(h.blobGasUsed()), absent,
                        "EIP-4844");
            }
            if (h.excessBlobGas() != null) {
                return new Invalid(HeaderField.EXCESS_BLOB_GAS, Long.toUnsignedString(h.excessBlobGas()), absent,
                        "EIP-4844");
            }
            if (h.parentBeaconBlockRoot() != null) {
                return new Invalid(HeaderField.PARENT_BEACON_BLOCK_ROOT, h.parentBeaconBlockRoot().toString(),
                        absent, "EIP-4788");
            }
            return null;
        }
        String present = "present at " + fork.displayName();
        if (h.blobGasUsed() == null) {
            return new Invalid(HeaderField.BLOB_GAS_USED, ABSENT, present, "EIP-4844");
        }
        if (h.excessBlobGas() == null) {
            return new Invalid(HeaderField.EXCESS_BLOB_GAS, ABSENT, present, "EIP-4844");
        }
        if (h.parentBeaconBlockRoot() == null) {
            return new Invalid(HeaderField.PARENT_BEACON_BLOCK_ROOT, ABSENT, present, "EIP-4788");
        }
        long used = h.blobGasUsed();
        if (Long.compareUnsigned(used, BlobGas.MAX_PER_BLOCK) > 0) {
            return new Invalid(HeaderField.BLOB_GAS_USED, Long.toUnsignedString(used),
                    "at most " + BlobGas.MAX_PER_BLOCK, "EIP-4844: MAX_BLOB_GAS_PER_BLOCK");
        }
        if (used % BlobGas.PER_BLOB != 0) {
            return new Invalid(HeaderField.BLOB_GAS_USED, Long.toString(used),
                    "a multiple of " + BlobGas.PER_BLOB, "EIP-4844: GAS_PER_BLOB");
        }
        // A parent before Cancun has no blob gas fields; geth counts both as zero.
        boolean parentCancun = parentFork != null && parentFork.isEnabled(Fork.CANCUN);
        long parentExcess = parentCancun && parent.excessBlobGas() != null ? parent.excessBlobGas() : 0;
        long parentUsed = parentCancun && parent.blobGasUsed() != null ? parent.blobGasUsed() : 0;
        long expected = BlobGas.excess(parentExcess, parentUsed);
        if (h.excessBlobGas() != expected) {
            return new Invalid(HeaderField.EXCESS_BLOB_GAS, Long.toUnsignedString(h.excessBlobGas()),
                    Long.toUnsignedString(expected), "EIP-4844: from the parent's excess "
                            + Long.toUnsignedString(parentExcess) + " and blob gas used "
                            + Long.toUnsignedString(parentUsed));
        }
        return null;
    }

    private static boolean isLondon(Fork fork) {
        return fork != null && fork.isEnabled(Fork.LONDON);
    }

    private static byte[] nonceBytes(long nonce) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (nonce >>> (56 - 8 * i));
        }
        return b;
    }
}
