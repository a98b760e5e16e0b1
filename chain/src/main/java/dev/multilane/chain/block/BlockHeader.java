package dev.multilane.chain.block;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block header (Yellow Paper §4.3) with the fields later forks appended. A field a fork has not
 * introduced yet is null; the RLP then stops before it, since every fork only appends.
 *
 * <p>Equality compares the encodings, so two headers are equal exactly when their hashes are.
 *
 * @param ommersHash keccak of the RLP list of ommer headers ({@code sha3Uncles} in JSON)
 * @param coinbase the fee recipient ({@code miner} in JSON)
 * @param difficulty zero from Paris on (EIP-3675)
 * @param mixHash PoW mix hash before Paris, the beacon chain's RANDAO value after (EIP-4399)
 * @param nonce the 8-byte PoW nonce as an unsigned long; zero from Paris on
 * @param baseFeePerGas London on (EIP-1559), else null
 * @param withdrawalsRoot Shanghai on (EIP-4895), else null
 * @param blobGasUsed Cancun on (EIP-4844), else null
 * @param excessBlobGas Cancun on (EIP-4844), else null
 * @param parentBeaconBlockRoot Cancun on (EIP-4788), else null
 */
public record BlockHeader(
        Hash parentHash,
        Hash ommersHash,
        Address coinbase,
        Hash stateRoot,
        Hash transactionsRoot,
        Hash receiptsRoot,
        byte[] logsBloom,
        U256 difficulty,
        long number,
        long gasLimit,
        long gasUsed,
        long timestamp,
        byte[] extraData,
        Hash mixHash,
        long nonce,
        U256 baseFeePerGas,
        Hash withdrawalsRoot,
        Long blobGasUsed,
        Long excessBlobGas,
        Hash parentBeaconBlockRoot) {

    public BlockHeader {
        if (logsBloom.length != 256) {
            throw new IllegalArgumentException("logsBloom must be 256 bytes, got " + logsBloom.length);
        }
        logsBloom = logsBloom.clone();
        extraData = extraData.clone();
        // Optional fields are appended fork by fork, so a later one cannot be present without all before it.
        Object[] optional = {baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot};
        for (int i = 1; i < optional.length; i++) {
            if (optional[i] != null && optional[i - 1] == null) {
                throw new IllegalArgumentException("header field " + i + " after baseFeePerGas is set but an earlier one is not");
            }
        }
    }

    @Override
    public byte[] logsBloom() {
        return logsBloom.clone();
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    /**
     * The RLP list [parentHash, ommersHash, coinbase, stateRoot, transactionsRoot, receiptsRoot,
     * logsBloom, difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce] followed
     * by whichever of baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas and
     * parentBeaconBlockRoot are present. The nonce is a fixed 8-byte string, not an integer.
     */
    public byte[] encode() {
        List<byte[]> items = new ArrayList<>(20);
        items.add(Rlp.encodeBytes(parentHash.bytes()));
        items.add(Rlp.encodeBytes(ommersHash.bytes()));
        items.add(Rlp.encodeBytes(coinbase.bytes()));
        items.add(Rlp.encodeBytes(stateRoot.bytes()));
        items.add(Rlp.encodeBytes(transactionsRoot.bytes()));
        items.add(Rlp.encodeBytes(receiptsRoot.bytes()));
        items.add(Rlp.encodeBytes(logsBloom));
        items.add(Rlp.encodeU256(difficulty));
        items.add(Rlp.encodeLong(number));
        items.add(Rlp.encodeLong(gasLimit));
        items.add(Rlp.encodeLong(gasUsed));
        items.add(Rlp.encodeLong(timestamp));
        items.add(Rlp.encodeBytes(extraData));
        items.add(Rlp.encodeBytes(mixHash.bytes()));
        items.add(Rlp.encodeBytes(Bytes.leftPad(Bytes.ofUnsignedLong(nonce), 8)));
        if (baseFeePerGas != null) {
            items.add(Rlp.encodeU256(baseFeePerGas));
        }
        if (withdrawalsRoot != null) {
            items.add(Rlp.encodeBytes(withdrawalsRoot.bytes()));
        }
        if (blobGasUsed != null) {
            items.add(Rlp.encodeLong(blobGasUsed));
        }
        if (excessBlobGas != null) {
            items.add(Rlp.encodeLong(excessBlobGas));
        }
        if (parentBeaconBlockRoot != null) {
            items.add(Rlp.encodeBytes(parentBeaconBlockRoot.bytes()));
        }
        return Rlp.encodeList(items);
    }

    /** The block hash: keccak of {@link #encode()}. */
    public Hash hash() {
        return Keccak.of(encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "BlockHeader{number=" + number + ", hash=" + hash() + "}";
    }
}
