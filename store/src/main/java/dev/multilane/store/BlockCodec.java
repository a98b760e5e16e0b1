package dev.multilane.store;

import dev.multilane.chain.DecodeResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.Withdrawal;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire forms of headers, block bodies and whole blocks, which the store keeps as they are: a
 * stored body is the devp2p/RLP body {@code [transactions, ommers, withdrawals?]}, so a stored
 * block is exactly {@code [header, transactions, ommers, withdrawals?]} and reads back with the
 * same hashes, and the same decoder reads an exported chain ({@code chain.rlp}).
 *
 * <p>In a body a legacy transaction is its RLP list inline and a typed one (EIP-2718) is an RLP
 * string holding its envelope. Decoding is strict (canonical RLP) and throws {@link
 * dev.multilane.primitives.RlpException} or {@link IllegalArgumentException} on bad bytes.
 */
public final class BlockCodec {
    private BlockCodec() {}

    /** Reads a header from its RLP, the inverse of {@link BlockHeader#encode()}. */
    public static BlockHeader decodeHeader(byte[] rlp) {
        RlpReader r = RlpReader.ofSingleList(rlp);
        BlockHeader header = readHeaderFields(r);
        r.expectEnd();
        return header;
    }

    /** The body RLP {@code [transactions, ommers, withdrawals?]}; withdrawals only when not null. */
    public static byte[] encodeBody(Block block) {
        return encodeBody(block, null);
    }

    /**
     * {@link #encodeBody(Block)} with the transactions' items ({@link #encodeTransaction}) given,
     * or null to encode them here.
     */
    static byte[] encodeBody(Block block, byte[][] transactionItems) {
        List<byte[]> items = new ArrayList<>(3);
        items.add(transactionItems != null ? Rlp.encodeList(transactionItems)
                : encodeTransactions(block.transactions()));
        byte[][] ommers = new byte[block.ommers().size()][];
        for (int i = 0; i < ommers.length; i++) {
            ommers[i] = block.ommers().get(i).encode();
        }
        items.add(Rlp.encodeList(ommers));
        if (block.withdrawals() != null) {
            byte[][] ws = new byte[block.withdrawals().size()][];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = block.withdrawals().get(i).encode();
            }
            items.add(Rlp.encodeList(ws));
        }
        return Rlp.encodeList(items);
    }

    /** Rebuilds a block from its header and the body RLP of {@link #encodeBody}. */
    public static Block decodeBody(BlockHeader header, byte[] body) {
        RlpReader r = RlpReader.ofSingleList(body);
        Block block = readBody(header, r);
        r.expectEnd();
        return block;
    }

    /** The whole block {@code [header, transactions, ommers, withdrawals?]}. */
    public static byte[] encodeBlock(Block block) {
        RlpReader body = RlpReader.ofSingleList(encodeBody(block));
        List<byte[]> items = new ArrayList<>(4);
        items.add(block.header().encode());
        while (body.hasNext()) {
            items.add(body.readRaw());
        }
        return Rlp.encodeList(items);
    }

    /** Reads one block from the front of {@code reader}, as in a file of concatenated blocks. */
    public static Block readBlock(RlpReader reader) {
        RlpReader r = reader.enterList();
        RlpReader headerItems = r.enterList();
        BlockHeader header = readHeaderFields(headerItems);
        headerItems.expectEnd();
        Block block = readBody(header, r);
        r.expectEnd();
        return block;
    }

    public static Block decodeBlock(byte[] rlp) {
        RlpReader outer = new RlpReader(rlp);
        Block block = readBlock(outer);
        outer.expectEnd();
        return block;
    }

    private static byte[] encodeTransactions(List<Transaction> transactions) {
        byte[][] txs = new byte[transactions.size()][];
        for (int i = 0; i < txs.length; i++) {
            txs[i] = encodeTransaction(transactions.get(i));
        }
        return Rlp.encodeList(txs);
    }

    /** One transaction as an item of the body's list: a legacy one as its list, a typed one as a byte string. */
    static byte[] encodeTransaction(Transaction tx) {
        return tx.type() == Transaction.LEGACY ? tx.encode() : Rlp.encodeBytes(tx.encode());
    }

    private static Block readBody(BlockHeader header, RlpReader r) {
        List<Transaction> txs = new ArrayList<>();
        RlpReader txItems = r.enterList();
        while (txItems.hasNext()) {
            byte[] raw = txItems.isList() ? txItems.readRaw() : txItems.readBytes();
            switch (Transaction.decode(raw)) {
                case DecodeResult.Decoded d -> txs.add(d.transaction());
                case DecodeResult.Malformed m -> throw new IllegalArgumentException(
                        "transaction " + txs.size() + " of block " + header.number() + ": " + m.message());
            }
        }
        List<BlockHeader> ommers = new ArrayList<>();
        RlpReader ommerItems = r.enterList();
        while (ommerItems.hasNext()) {
            RlpReader o = ommerItems.enterList();
            ommers.add(readHeaderFields(o));
            o.expectEnd();
        }
        List<Withdrawal> withdrawals = null;
        if (r.hasNext()) {
            withdrawals = new ArrayList<>();
            RlpReader wItems = r.enterList();
            while (wItems.hasNext()) {
                RlpReader w = wItems.enterList();
                withdrawals.add(new Withdrawal(w.readLong(), w.readLong(), w.readAddress(), w.readLong()));
                w.expectEnd();
            }
        }
        return new Block(header, txs, ommers, withdrawals);
    }

    /** The fields of {@link BlockHeader#encode()}: fifteen, then each fork's appended ones. */
    private static BlockHeader readHeaderFields(RlpReader r) {
        Hash parentHash = r.readHash();
        Hash ommersHash = r.readHash();
        Address coinbase = r.readAddress();
        Hash stateRoot = r.readHash();
        Hash transactionsRoot = r.readHash();
        Hash receiptsRoot = r.readHash();
        byte[] logsBloom = r.readBytes();
        U256 difficulty = r.readU256();
        long number = r.readLong();
        long gasLimit = r.readLong();
        long gasUsed = r.readLong();
        long timestamp = r.readLong();
        byte[] extraData = r.readBytes();
        Hash mixHash = r.readHash();
        byte[] nonce = r.readBytes();
        if (nonce.length != 8) {
            throw new IllegalArgumentException("header nonce must be 8 bytes, got " + nonce.length);
        }
        U256 baseFee = r.hasNext() ? r.readU256() : null;
        Hash withdrawalsRoot = r.hasNext() ? r.readHash() : null;
        Long blobGasUsed = r.hasNext() ? r.readLong() : null;
        Long excessBlobGas = r.hasNext() ? r.readLong() : null;
        Hash parentBeaconBlockRoot = r.hasNext() ? r.readHash() : null;
        return new BlockHeader(parentHash, ommersHash, coinbase, stateRoot, transactionsRoot, receiptsRoot, logsBloom,
                difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash,
                Bytes.getLong(nonce, 0), baseFee, withdrawalsRoot, blobGasUsed,
                excessBlobGas, parentBeaconBlockRoot);
    }
}
