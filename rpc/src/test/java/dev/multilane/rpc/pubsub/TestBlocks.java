package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/** Blocks with given logs, built without a chain: enough for the event plumbing. */
final class TestBlocks {
    static final byte[] KEY = new byte[32];

    static {
        KEY[31] = 1;
    }

    static final Address A = Address.fromHex("0x00000000000000000000000000000000000000aa");
    static final Address B = Address.fromHex("0x00000000000000000000000000000000000000bb");
    static final Hash T1 = Keccak.of(new byte[] {1});
    static final Hash T2 = Keccak.of(new byte[] {2});
    static final Hash T3 = Keccak.of(new byte[] {3});

    private TestBlocks() {}

    static Transaction tx(long nonce) {
        return UnsignedTransaction.dynamicFee(1337, nonce, U256.ONE, U256.of(10), 21_000, B, U256.ZERO, Bytes.EMPTY,
                List.of()).sign(KEY);
    }

    /** Block {@code number} with one transaction per entry of {@code logsPerTx}. */
    static Block block(long number, List<List<Log>> logsPerTx) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < logsPerTx.size(); i++) {
            txs.add(tx(number * 100 + i));
        }
        BlockHeader h = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT,
                Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, number, 30_000_000, 0, 1000 + number, new byte[0],
                Hash.ZERO, 0, U256.of(7), Keccak.EMPTY_TRIE_ROOT, 0L, 0L, Hash.ZERO);
        return new Block(h, txs, List.of(), List.of());
    }

    static List<Receipt> receipts(List<List<Log>> logsPerTx) {
        List<Receipt> out = new ArrayList<>();
        for (List<Log> logs : logsPerTx) {
            out.add(Receipt.of(2, true, 21_000L * (out.size() + 1), logs));
        }
        return out;
    }

    static Log log(Address address, Hash... topics) {
        return new Log(address, List.of(topics), new byte[] {7});
    }
}
