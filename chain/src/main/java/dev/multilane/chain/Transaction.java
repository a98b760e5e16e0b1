package dev.multilane.chain;

import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.TxEnv;
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
 * A signed transaction of type 0 (legacy, with or without EIP-155 replay protection), 1
 * (EIP-2930), 2 (EIP-1559) or 3 (EIP-4844, without blobs: the form a block carries). Immutable.
 *
 * <p>The wire form is rlp[fields..., v, r, s] for a legacy transaction and type ‖ rlp[fields...,
 * yParity, r, s] for a typed one (EIP-2718). {@link #decode} never throws on bad input.
 *
 * <p>Thread safety: the encoding, the hash and the recovered sender are computed on first use and
 * cached in volatile fields. Each is a pure function of the immutable fields, so two threads that
 * race to fill one merely compute the same value twice; the node recovers each transaction's
 * sender on one worker, so in practice it is computed once.
 */
public final class Transaction {
    public static final int LEGACY = 0;
    public static final int ACCESS_LIST = 1;
    public static final int DYNAMIC_FEE = 2;
    public static final int BLOB = 3;

    private final UnsignedTransaction body;
    private final Signature signature;

    private volatile byte[] encoded;
    private volatile Hash hash;
    private volatile SenderResult sender;

    /** {@code encoded} is the canonical wire form when the caller already has it, else null. */
    Transaction(UnsignedTransaction body, Signature signature, byte[] encoded) {
        this.body = body;
        this.signature = signature;
        this.encoded = encoded;
    }

    /** Decodes a legacy RLP list or a typed envelope (first byte 0x01 to 0x7f). */
    public static DecodeResult decode(byte[] raw) {
        return TransactionDecoder.decode(raw);
    }

    public UnsignedTransaction unsigned() {
        return body;
    }

    public Signature signature() {
        return signature;
    }

    public int type() {
        return body.type();
    }

    /** The chain id, or null for a legacy transaction without replay protection (pre EIP-155). */
    public Long chainId() {
        return body.chainId();
    }

    public long nonce() {
        return body.nonce();
    }

    /** Types 0 and 1; null otherwise. */
    public U256 gasPrice() {
        return body.gasPrice();
    }

    /** Types 2 and 3; null otherwise. */
    public U256 maxPriorityFeePerGas() {
        return body.maxPriorityFeePerGas();
    }

    /** Types 2 and 3; null otherwise. */
    public U256 maxFeePerGas() {
        return body.maxFeePerGas();
    }

    public long gasLimit() {
        return body.gasLimit();
    }

    /** The callee, or null for a contract creation. */
    public Address to() {
        return body.to();
    }

    public boolean isCreate() {
        return body.isCreate();
    }

    public U256 value() {
        return body.value();
    }

    /** Call data or init code; the backing array, for reading only. */
    public byte[] data() {
        return body.data();
    }

    public List<AccessListEntry> accessList() {
        return body.accessList();
    }

    /** Type 3; null otherwise. */
    public U256 maxFeePerBlobGas() {
        return body.maxFeePerBlobGas();
    }

    /** Type 3; empty otherwise. */
    public List<Hash> blobVersionedHashes() {
        return body.blobVersionedHashes();
    }

    /** The canonical wire form: rlp[...] for legacy, type ‖ rlp[...] for typed transactions. */
    public byte[] encode() {
        return encoded().clone();
    }

    /** The transaction hash: keccak of {@link #encode()}. */
    public Hash hash() {
        Hash h = hash;
        if (h == null) {
            h = Keccak.of(encoded());
            hash = h;
        }
        return h;
    }

    /** The hash the sender signed; see {@link UnsignedTransaction#signingHash()}. */
    public Hash signingHash() {
        return body.signingHash();
    }

    /**
     * The sender, recovered from the signature once and then cached. Rejects r or s outside [1,
     * n - 1] and s above n/2 (EIP-2) before asking libsecp256k1.
     */
    public SenderResult recoverSender() {
        SenderResult s = sender;
        if (s == null) {
            s = computeSender();
            sender = s;
        }
        return s;
    }

    /**
     * The transaction as the EVM executes it. The data array is shared, not copied: the EVM reads
     * call data and never writes it.
     */
    public TxEnv toTxEnv(Address sender) {
        return new TxEnv(type(), sender, to(), nonce(), gasLimit(), value(), data(), gasPrice(), maxFeePerGas(),
                maxPriorityFeePerGas(), accessList(), blobVersionedHashes(), maxFeePerBlobGas());
    }

    private SenderResult computeSender() {
        String rangeError = signature.rangeError();
        if (rangeError != null) {
            return new SenderResult.Unrecoverable(TxError.INVALID_SIGNATURE, rangeError);
        }
        Address a = Secp256k1Signatures.recoverAddress(signingHash().bytes(), signature.r().toBytes(),
                signature.s().toBytes(), signature.yParity());
        return a == null
                ? new SenderResult.Unrecoverable(TxError.RECOVERY_FAILED, "signature recovers no public key")
                : new SenderResult.Recovered(a);
    }

    private byte[] encoded() {
        byte[] e = encoded;
        if (e == null) {
            e = encodeFields();
            encoded = e;
        }
        return e;
    }

    private byte[] encodeFields() {
        byte[][] unsigned = body.fieldItems();
        byte[][] items = Arrays.copyOf(unsigned, unsigned.length + 3);
        items[unsigned.length] = type() == LEGACY ? Rlp.encodeLong(legacyV()) : Rlp.encodeLong(signature.yParity());
        items[unsigned.length + 1] = Rlp.encodeU256(signature.r());
        items[unsigned.length + 2] = Rlp.encodeU256(signature.s());
        byte[] list = Rlp.encodeList(items);
        return type() == LEGACY ? list : Bytes.concat(new byte[] {(byte) type()}, list);
    }

    /**
     * v of a legacy transaction: 27 + yParity without replay protection, 35 + 2·chainId + yParity
     * with it (EIP-155). Unsigned; fits 64 bits because the chain id is at most 2^63 - 37.
     */
    long legacyV() {
        Long chainId = chainId();
        return chainId == null ? 27 + signature.yParity() : 35 + 2 * chainId + signature.yParity();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction other && Arrays.equals(encoded(), other.encoded());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "Transaction{type=" + type() + ", hash=" + hash() + "}";
    }
}
