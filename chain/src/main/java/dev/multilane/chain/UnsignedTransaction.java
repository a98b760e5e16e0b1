package dev.multilane.chain;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of a transaction that its sender signs. Fields a type does not have are null (fees)
 * or empty (lists). The constructor rejects a combination no transaction type has, by throwing:
 * this is for code that builds transactions; the decoder checks wire data and reports values.
 * Record equality compares {@code data} by reference; compare {@link Transaction}s (by encoding)
 * to compare contents.
 *
 * @param type {@link Transaction#LEGACY}, {@link Transaction#ACCESS_LIST}, {@link
 *     Transaction#DYNAMIC_FEE} or {@link Transaction#BLOB}
 * @param chainId null only for a legacy transaction without replay protection (pre EIP-155); at
 *     most {@link #MAX_CHAIN_ID}
 * @param nonce unsigned 64-bit
 * @param gasPrice types 0 and 1
 * @param maxPriorityFeePerGas types 2 and 3 (EIP-1559)
 * @param maxFeePerGas types 2 and 3 (EIP-1559)
 * @param gasLimit unsigned 64-bit
 * @param to the callee, or null for a contract creation
 * @param data call data or init code; not copied, and not to be changed afterwards
 * @param accessList types 1 to 3 (EIP-2930); empty for legacy
 * @param maxFeePerBlobGas type 3 (EIP-4844)
 * @param blobVersionedHashes type 3 (EIP-4844); empty for the other types
 */
public record UnsignedTransaction(
        int type,
        Long chainId,
        long nonce,
        U256 gasPrice,
        U256 maxPriorityFeePerGas,
        U256 maxFeePerGas,
        long gasLimit,
        Address to,
        U256 value,
        byte[] data,
        List<AccessListEntry> accessList,
        U256 maxFeePerBlobGas,
        List<Hash> blobVersionedHashes) {

    /**
     * The largest chain id we accept, floor((2^64 - 1) / 2) - 36 (that is 2^63 - 37), as EIP-2294
     * proposes: a legacy v = 2·chainId + 36 then still fits 64 bits, and a chain id always fits a
     * non-negative long.
     */
    public static final long MAX_CHAIN_ID = Long.MAX_VALUE - 36;

    public UnsignedTransaction {
        if (type < Transaction.LEGACY || type > Transaction.BLOB) {
            throw new IllegalArgumentException("unknown transaction type " + type);
        }
        if (chainId == null ? type != Transaction.LEGACY : chainId < 0 || chainId > MAX_CHAIN_ID) {
            throw new IllegalArgumentException("chain id missing or out of range: " + chainId);
        }
        boolean feeMarket = type >= Transaction.DYNAMIC_FEE;
        if ((gasPrice == null) == !feeMarket
                || (maxFeePerGas == null) == feeMarket
                || (maxPriorityFeePerGas == null) == feeMarket) {
            throw new IllegalArgumentException("type " + type + " has "
                    + (feeMarket ? "maxFeePerGas and maxPriorityFeePerGas" : "gasPrice") + " only");
        }
        if (value == null || data == null || accessList == null || blobVersionedHashes == null) {
            throw new IllegalArgumentException("value, data and lists are required (lists may be empty)");
        }
        if (type == Transaction.LEGACY && !accessList.isEmpty()) {
            throw new IllegalArgumentException("a legacy transaction has no access list");
        }
        if ((type == Transaction.BLOB) != (maxFeePerBlobGas != null)
                || (type != Transaction.BLOB && !blobVersionedHashes.isEmpty())) {
            throw new IllegalArgumentException("only a blob transaction has blob fields");
        }
        accessList = List.copyOf(accessList);
        blobVersionedHashes = List.copyOf(blobVersionedHashes);
    }

    /** A legacy transaction; {@code chainId} null means no replay protection (pre EIP-155). */
    public static UnsignedTransaction legacy(
            Long chainId, long nonce, U256 gasPrice, long gasLimit, Address to, U256 value, byte[] data) {
        return new UnsignedTransaction(Transaction.LEGACY, chainId, nonce, gasPrice, null, null, gasLimit, to,
                value, data, List.of(), null, List.of());
    }

    /** An EIP-2930 transaction. */
    public static UnsignedTransaction accessList(long chainId, long nonce, U256 gasPrice, long gasLimit,
            Address to, U256 value, byte[] data, List<AccessListEntry> accessList) {
        return new UnsignedTransaction(Transaction.ACCESS_LIST, chainId, nonce, gasPrice, null, null, gasLimit,
                to, value, data, accessList, null, List.of());
    }

    /** An EIP-1559 transaction. */
    public static UnsignedTransaction dynamicFee(long chainId, long nonce, U256 maxPriorityFeePerGas,
            U256 maxFeePerGas, long gasLimit, Address to, U256 value, byte[] data,
            List<AccessListEntry> accessList) {
        return new UnsignedTransaction(Transaction.DYNAMIC_FEE, chainId, nonce, null, maxPriorityFeePerGas,
                maxFeePerGas, gasLimit, to, value, data, accessList, null, List.of());
    }

    /** An EIP-4844 transaction, without its blobs (the form blocks carry). */
    public static UnsignedTransaction blob(long chainId, long nonce, U256 maxPriorityFeePerGas,
            U256 maxFeePerGas, long gasLimit, Address to, U256 value, byte[] data,
            List<AccessListEntry> accessList, U256 maxFeePerBlobGas, List<Hash> blobVersionedHashes) {
        return new UnsignedTransaction(Transaction.BLOB, chainId, nonce, null, maxPriorityFeePerGas,
                maxFeePerGas, gasLimit, to, value, data, accessList, maxFeePerBlobGas, blobVersionedHashes);
    }

    public boolean isCreate() {
        return to == null;
    }

    /**
     * The hash the sender signs: keccak of rlp[nonce, gasPrice, gasLimit, to, value, data] for a
     * legacy transaction, with chainId, 0, 0 appended under EIP-155; for a typed transaction keccak
     * of type ‖ rlp[its unsigned fields] (EIP-2718).
     */
    public Hash signingHash() {
        byte[][] fields = fieldItems();
        if (type == Transaction.LEGACY) {
            if (chainId != null) {
                fields = Arrays.copyOf(fields, fields.length + 3);
                fields[6] = Rlp.encodeLong(chainId);
                fields[7] = Rlp.EMPTY_STRING;
                fields[8] = Rlp.EMPTY_STRING;
            }
            return Keccak.of(Rlp.encodeList(fields));
        }
        return Keccak.of(Bytes.concat(new byte[] {(byte) type}, Rlp.encodeList(fields)));
    }

    /** Signs with a 32-byte secp256k1 private key; the signature has a low s (EIP-2). */
    public Transaction sign(byte[] privateKey32) {
        byte[] sig = Secp256k1Signatures.sign(signingHash().bytes(), privateKey32);
        return withSignature(new Signature(sig[64],
                U256.fromBytes(sig, 0, 32), U256.fromBytes(sig, 32, 32)));
    }

    public Transaction withSignature(Signature signature) {
        return new Transaction(this, signature, null);
    }

    /**
     * The RLP items of the unsigned fields in wire order: for a typed transaction they start with
     * the chain id; a legacy one has no chain id field of its own.
     */
    byte[][] fieldItems() {
        byte[] toItem = Rlp.encodeBytes(to == null ? Bytes.EMPTY : to.bytes());
        byte[] valueItem = Rlp.encodeU256(value);
        byte[] dataItem = Rlp.encodeBytes(data);
        return switch (type) {
            case Transaction.LEGACY -> new byte[][] {
                Rlp.encodeLong(nonce), Rlp.encodeU256(gasPrice), Rlp.encodeLong(gasLimit), toItem, valueItem, dataItem
            };
            case Transaction.ACCESS_LIST -> new byte[][] {
                Rlp.encodeLong(chainId), Rlp.encodeLong(nonce), Rlp.encodeU256(gasPrice), Rlp.encodeLong(gasLimit),
                toItem, valueItem, dataItem, encodeAccessList(accessList)
            };
            case Transaction.DYNAMIC_FEE -> new byte[][] {
                Rlp.encodeLong(chainId), Rlp.encodeLong(nonce), Rlp.encodeU256(maxPriorityFeePerGas),
                Rlp.encodeU256(maxFeePerGas), Rlp.encodeLong(gasLimit), toItem, valueItem, dataItem,
                encodeAccessList(accessList)
            };
            default -> new byte[][] {
                Rlp.encodeLong(chainId), Rlp.encodeLong(nonce), Rlp.encodeU256(maxPriorityFeePerGas),
                Rlp.encodeU256(maxFeePerGas), Rlp.encodeLong(gasLimit), toItem, valueItem, dataItem,
                encodeAccessList(accessList), Rlp.encodeU256(maxFeePerBlobGas), encodeHashes(blobVersionedHashes)
            };
        };
    }

    /** rlp[[address, [storageKey...]]...], each storage key a full 32-byte string. */
    static byte[] encodeAccessList(List<AccessListEntry> accessList) {
        byte[][] entries = new byte[accessList.size()][];
        for (int i = 0; i < entries.length; i++) {
            AccessListEntry e = accessList.get(i);
            byte[][] keys = new byte[e.storageKeys().size()][];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = Rlp.encodeBytes(e.storageKeys().get(k).toBytes());
            }
            entries[i] = Rlp.encodeList(Rlp.encodeBytes(e.address().bytes()), Rlp.encodeList(keys));
        }
        return Rlp.encodeList(entries);
    }

    private static byte[] encodeHashes(List<Hash> hashes) {
        byte[][] items = new byte[hashes.size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = Rlp.encodeBytes(hashes.get(i).bytes());
        }
        return Rlp.encodeList(items);
    }
}
