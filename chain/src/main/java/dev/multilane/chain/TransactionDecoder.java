package dev.multilane.chain;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.RlpException;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns wire bytes into a {@link Transaction}, accepting only the canonical encoding, so that
 * re-encoding a decoded transaction gives back the input and its hash is the hash of the input.
 * RLP structure is {@link RlpReader}'s job; this class gives the fields their meaning (ranges,
 * lengths, the legacy v) and names the field that is wrong.
 *
 * <p>Errors travel as a private stackless exception from the field readers to {@link #decode},
 * which turns them, and any {@link RlpException}, into a {@link DecodeResult.Malformed}.
 */
final class TransactionDecoder {
    private static final int LEGACY_FIELDS = 9;
    private static final int ACCESS_LIST_FIELDS = 11;
    private static final int DYNAMIC_FEE_FIELDS = 12;
    private static final int BLOB_FIELDS = 14;

    private TransactionDecoder() {}

    static DecodeResult decode(byte[] raw) {
        try {
            return new DecodeResult.Decoded(decodeOrFail(raw));
        } catch (Failure f) {
            return new DecodeResult.Malformed(f.error, f.getMessage());
        } catch (RlpException e) {
            return new DecodeResult.Malformed(TxError.MALFORMED_RLP, e.getMessage());
        }
    }

    private static Transaction decodeOrFail(byte[] raw) {
        if (raw.length == 0) {
            throw new Failure(TxError.MALFORMED_RLP, "empty input");
        }
        int first = raw[0] & 0xff;
        if (first >= 0xc0) {
            return decodeLegacy(raw);
        }
        // EIP-2718: a typed transaction is type ‖ payload with the type in [0x00, 0x7f]; a legacy
        // one is an RLP list, so an RLP string header here is neither.
        if (first >= 0x80) {
            throw new Failure(TxError.MALFORMED_RLP, "a transaction is an RLP list or a typed envelope, found an RLP string");
        }
        if (first < Transaction.ACCESS_LIST || first > Transaction.BLOB) {
            throw new Failure(TxError.UNKNOWN_TYPE, String.format("unknown transaction type 0x%02x", first));
        }
        return switch (first) {
            case Transaction.ACCESS_LIST -> decodeAccessList(fields(raw, 1, ACCESS_LIST_FIELDS, "type 1"), raw);
            case Transaction.DYNAMIC_FEE -> decodeDynamicFee(fields(raw, 1, DYNAMIC_FEE_FIELDS, "type 2"), raw);
            default -> decodeBlob(raw);
        };
    }

    /** rlp[nonce, gasPrice, gasLimit, to, value, data, v, r, s]. */
    private static Transaction decodeLegacy(byte[] raw) {
        RlpReader f = fields(raw, 0, LEGACY_FIELDS, "legacy");
        long nonce = uint64(f, "nonce");
        U256 gasPrice = u256(f, "gasPrice");
        long gasLimit = uint64(f, "gasLimit");
        Address to = to(f);
        U256 value = u256(f, "value");
        byte[] data = bytes(f, "data");
        byte[] vBytes = integer(f, "v");
        U256 r = u256(f, "r");
        U256 s = u256(f, "s");
        // EIP-155: v is 27 or 28 without replay protection, else 35 + 2·chainId + yParity.
        if (vBytes.length > 8) {
            throw new Failure(TxError.INVALID_V, "v does not fit 64 bits");
        }
        long v = toLong(vBytes);
        Long chainId;
        int yParity;
        if (v == 27 || v == 28) {
            chainId = null;
            yParity = (int) (v - 27);
        } else if (Long.compareUnsigned(v, 35) >= 0) {
            long c = Long.divideUnsigned(v - 35, 2);
            if (c > UnsignedTransaction.MAX_CHAIN_ID) {
                throw new Failure(TxError.INVALID_V, "chain id in v above 2^63 - 37 (EIP-2294)");
            }
            chainId = c;
            yParity = (int) ((v - 35) & 1);
        } else {
            throw new Failure(TxError.INVALID_V, "v must be 27, 28 or at least 35 (EIP-155), got " + v);
        }
        UnsignedTransaction body = new UnsignedTransaction(Transaction.LEGACY, chainId, nonce, gasPrice, null, null,
                gasLimit, to, value, data, List.of(), null, List.of());
        return new Transaction(body, new Signature(yParity, r, s), raw.clone());
    }

    /** EIP-2930: rlp[chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s]. */
    private static Transaction decodeAccessList(RlpReader f, byte[] raw) {
        long chainId = chainId(f);
        long nonce = uint64(f, "nonce");
        U256 gasPrice = u256(f, "gasPrice");
        long gasLimit = uint64(f, "gasLimit");
        Address to = to(f);
        U256 value = u256(f, "value");
        byte[] data = bytes(f, "data");
        List<AccessListEntry> accessList = accessList(f);
        UnsignedTransaction body = UnsignedTransaction.accessList(chainId, nonce, gasPrice, gasLimit, to, value,
                data, accessList);
        return new Transaction(body, signature(f), raw.clone());
    }

    /** EIP-1559: rlp[chainId, nonce, maxPriorityFee, maxFee, gasLimit, to, value, data, accessList, yParity, r, s]. */
    private static Transaction decodeDynamicFee(RlpReader f, byte[] raw) {
        long chainId = chainId(f);
        long nonce = uint64(f, "nonce");
        U256 maxPriorityFee = u256(f, "maxPriorityFeePerGas");
        U256 maxFee = u256(f, "maxFeePerGas");
        long gasLimit = uint64(f, "gasLimit");
        Address to = to(f);
        U256 value = u256(f, "value");
        byte[] data = bytes(f, "data");
        List<AccessListEntry> accessList = accessList(f);
        UnsignedTransaction body = UnsignedTransaction.dynamicFee(chainId, nonce, maxPriorityFee, maxFee, gasLimit,
                to, value, data, accessList);
        return new Transaction(body, signature(f), raw.clone());
    }

    /**
     * EIP-4844: rlp[chainId, nonce, maxPriorityFee, maxFee, gasLimit, to, value, data, accessList,
     * maxFeePerBlobGas, blobVersionedHashes, yParity, r, s]. An empty {@code to} is decoded as a
     * creation and left for the validator to reject (BLOB_CREATE), so that the reason is precise.
     */
    private static Transaction decodeBlob(byte[] raw) {
        RlpReader peek = payload(raw, 1);
        if (peek.hasNext() && peek.isList()) {
            throw new Failure(TxError.WRONG_FIELD_COUNT, "blob transaction in network form (with blobs, "
                    + "commitments and proofs); only the 14-field form without blobs is supported");
        }
        RlpReader f = fields(raw, 1, BLOB_FIELDS, "type 3");
        long chainId = chainId(f);
        long nonce = uint64(f, "nonce");
        U256 maxPriorityFee = u256(f, "maxPriorityFeePerGas");
        U256 maxFee = u256(f, "maxFeePerGas");
        long gasLimit = uint64(f, "gasLimit");
        Address to = to(f);
        U256 value = u256(f, "value");
        byte[] data = bytes(f, "data");
        List<AccessListEntry> accessList = accessList(f);
        U256 maxFeePerBlobGas = u256(f, "maxFeePerBlobGas");
        List<Hash> blobHashes = new ArrayList<>();
        RlpReader hashes = list(f, "blobVersionedHashes");
        while (hashes.hasNext()) {
            blobHashes.add(Hash.wrap(fixed(hashes, Hash.SIZE, TxError.INVALID_HASH_LENGTH, "blob versioned hash")));
        }
        UnsignedTransaction body = UnsignedTransaction.blob(chainId, nonce, maxPriorityFee, maxFee, gasLimit, to,
                value, data, accessList, maxFeePerBlobGas, blobHashes);
        return new Transaction(body, signature(f), raw.clone());
    }

    // ---------------------------------------------------------------- fields

    /**
     * A reader over the fields of the single list at {@code raw[offset..]}, after checking that it
     * has {@code expected} items, so that a short or long list is reported as such.
     */
    private static RlpReader fields(byte[] raw, int offset, int expected, String kind) {
        RlpReader probe = payload(raw, offset);
        int n = 0;
        while (probe.hasNext()) {
            probe.skip();
            n++;
        }
        if (n != expected) {
            throw new Failure(TxError.WRONG_FIELD_COUNT, kind + " transaction has " + expected + " fields, found " + n);
        }
        return payload(raw, offset);
    }

    /** The items of the one list that must fill {@code raw[offset..]}. */
    private static RlpReader payload(byte[] raw, int offset) {
        RlpReader outer = new RlpReader(raw, offset, raw.length - offset);
        if (!outer.hasNext()) {
            throw new Failure(TxError.MALFORMED_RLP, "typed envelope without a payload");
        }
        if (!outer.isList()) {
            throw new Failure(TxError.MALFORMED_RLP, "transaction payload must be an RLP list");
        }
        RlpReader fields = outer.enterList();
        outer.expectEnd();
        return fields;
    }

    private static long chainId(RlpReader f) {
        long chainId = uint64(f, "chainId");
        if (chainId < 0 || chainId > UnsignedTransaction.MAX_CHAIN_ID) {
            throw new Failure(TxError.FIELD_OUT_OF_RANGE, "chainId above 2^63 - 37 (EIP-2294)");
        }
        return chainId;
    }

    private static Signature signature(RlpReader f) {
        byte[] parity = integer(f, "yParity");
        if (parity.length > 1 || (parity.length == 1 && parity[0] != 1)) {
            throw new Failure(TxError.INVALID_V, "yParity must be 0 or 1");
        }
        U256 r = u256(f, "r");
        U256 s = u256(f, "s");
        return new Signature(parity.length, r, s);
    }

    private static Address to(RlpReader f) {
        byte[] b = bytes(f, "to");
        if (b.length == 0) {
            return null;
        }
        if (b.length != Address.SIZE) {
            throw new Failure(TxError.INVALID_ADDRESS, "to must be empty or 20 bytes, found " + b.length);
        }
        return Address.wrap(b);
    }

    /** EIP-2930: [[address, [storageKey, ...]], ...] with 20-byte addresses and 32-byte keys. */
    private static List<AccessListEntry> accessList(RlpReader f) {
        RlpReader entries = list(f, "accessList");
        List<AccessListEntry> out = new ArrayList<>();
        while (entries.hasNext()) {
            RlpReader entry = list(entries, "access list entry");
            Address address = Address.wrap(fixed(entry, Address.SIZE, TxError.INVALID_ADDRESS, "access list address"));
            RlpReader keys = list(entry, "access list storage keys");
            if (entry.hasNext()) {
                throw new Failure(TxError.MALFORMED_RLP, "access list entry has more than 2 items");
            }
            List<U256> storageKeys = new ArrayList<>();
            while (keys.hasNext()) {
                storageKeys.add(U256.fromBytes(fixed(keys, 32, TxError.INVALID_HASH_LENGTH, "access list storage key")));
            }
            out.add(new AccessListEntry(address, List.copyOf(storageKeys)));
        }
        return out;
    }

    private static long uint64(RlpReader f, String field) {
        byte[] b = integer(f, field);
        if (b.length > 8) {
            throw new Failure(TxError.FIELD_OUT_OF_RANGE, field + " is at least 2^64");
        }
        return toLong(b);
    }

    private static U256 u256(RlpReader f, String field) {
        byte[] b = integer(f, field);
        if (b.length > 32) {
            throw new Failure(TxError.FIELD_OUT_OF_RANGE, field + " is at least 2^256");
        }
        return U256.fromBytes(b);
    }

    /** A byte string holding a minimal big-endian integer: zero is the empty string. */
    private static byte[] integer(RlpReader f, String field) {
        byte[] b = bytes(f, field);
        if (b.length > 0 && b[0] == 0) {
            throw new Failure(TxError.NON_CANONICAL_INTEGER, field + " has a leading zero byte");
        }
        return b;
    }

    private static byte[] fixed(RlpReader f, int size, TxError error, String field) {
        byte[] b = bytes(f, field);
        if (b.length != size) {
            throw new Failure(error, field + " must be " + size + " bytes, found " + b.length);
        }
        return b;
    }

    private static byte[] bytes(RlpReader f, String field) {
        try {
            if (f.isList()) {
                throw new Failure(TxError.MALFORMED_RLP, field + " must be a byte string, found a list");
            }
            return f.readBytes();
        } catch (RlpException e) {
            throw new Failure(TxError.MALFORMED_RLP, field + ": " + e.getMessage());
        }
    }

    private static RlpReader list(RlpReader f, String field) {
        try {
            if (!f.isList()) {
                throw new Failure(TxError.MALFORMED_RLP, field + " must be a list, found a byte string");
            }
            return f.enterList();
        } catch (RlpException e) {
            throw new Failure(TxError.MALFORMED_RLP, field + ": " + e.getMessage());
        }
    }

    private static long toLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xffL);
        }
        return v;
    }

    /** A decoding error on its way to {@link #decode}; stackless, as it is part of normal flow. */
    private static final class Failure extends RuntimeException {
        final TxError error;

        Failure(TxError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }
}
