package dev.multilane.chain.validation;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.function.Consumer;

/** A header's fields laid open, so a test can change exactly one and rebuild. */
final class HeaderEdit {
    Hash parentHash;
    Hash ommersHash;
    Address coinbase;
    Hash stateRoot;
    Hash transactionsRoot;
    Hash receiptsRoot;
    byte[] logsBloom;
    U256 difficulty;
    long number;
    long gasLimit;
    long gasUsed;
    long timestamp;
    byte[] extraData;
    Hash mixHash;
    long nonce;
    U256 baseFeePerGas;
    Hash withdrawalsRoot;
    Long blobGasUsed;
    Long excessBlobGas;
    Hash parentBeaconBlockRoot;

    private HeaderEdit(BlockHeader h) {
        parentHash = h.parentHash();
        ommersHash = h.ommersHash();
        coinbase = h.coinbase();
        stateRoot = h.stateRoot();
        transactionsRoot = h.transactionsRoot();
        receiptsRoot = h.receiptsRoot();
        logsBloom = h.logsBloom();
        difficulty = h.difficulty();
        number = h.number();
        gasLimit = h.gasLimit();
        gasUsed = h.gasUsed();
        timestamp = h.timestamp();
        extraData = h.extraData();
        mixHash = h.mixHash();
        nonce = h.nonce();
        baseFeePerGas = h.baseFeePerGas();
        withdrawalsRoot = h.withdrawalsRoot();
        blobGasUsed = h.blobGasUsed();
        excessBlobGas = h.excessBlobGas();
        parentBeaconBlockRoot = h.parentBeaconBlockRoot();
    }

    /** {@code h} with {@code change} applied. */
    static BlockHeader edit(BlockHeader h, Consumer<HeaderEdit> change) {
        HeaderEdit e = new HeaderEdit(h);
        change.accept(e);
        return new BlockHeader(e.parentHash, e.ommersHash, e.coinbase, e.stateRoot, e.transactionsRoot,
                e.receiptsRoot, e.logsBloom, e.difficulty, e.number, e.gasLimit, e.gasUsed, e.timestamp, e.extraData,
                e.mixHash, e.nonce, e.baseFeePerGas, e.withdrawalsRoot, e.blobGasUsed, e.excessBlobGas,
                e.parentBeaconBlockRoot);
    }
}
