package dev.multilane.store;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.Withdrawal;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Log;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.TrieRoots;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic Cancun blocks for store tests: signed transactions, receipts with logs, correct roots. */
final class TestChain {
    static final long CHAIN_ID = 1337;
    static final byte[] KEY = Hex.decode("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
    static final Address SENDER = Secp256k1Signatures.addressOfPrivateKey(KEY);
    static final Address TO = Address.fromHex("0x095e7baea6a6c7c4c2dfeb977efac326af552d87");
    static final Address EMITTER = Address.fromHex("0x00000000000000000000000000000000000c0de1");
    static final Hash TOPIC_A = Hash.fromHex("0x" + "aa".repeat(32));
    static final Hash TOPIC_B = Hash.fromHex("0x" + "bb".repeat(32));
    static final U256 GWEI = U256.of(1_000_000_000L);

    /** A small Cancun-from-genesis chain: a funded sender and a contract with code and storage. */
    static final String GENESIS_JSON = """
            {
              "config": {"chainId": 1337, "berlinBlock": 0, "londonBlock": 0, "mergeNetsplitBlock": 0,
                         "terminalTotalDifficulty": 0, "shanghaiTime": 0, "cancunTime": 0},
              "gasLimit": "0x1c9c380", "difficulty": "0x0", "timestamp": "0x0", "extraData": "0x",
              "alloc": {
                "%s": {"balance": "1000000000000000000000"},
                "0x00000000000000000000000000000000000c0de1": {"balance": "0x0", "code": "0x600160005500",
                   "nonce": "0x1", "storage": {"0x01": "0x2a", "0x02": "0x00"}}
              }
            }
            """.formatted(SENDER);

    private TestChain() {}

    static Genesis genesis() {
        return Genesis.parse(GENESIS_JSON);
    }

    /** {@code count} transactions from SENDER with nonces from {@code nonce}, cycling through types 0 to 3. */
    static List<Transaction> transactions(long nonce, int count) {
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = nonce + i;
            U256 value = U256.of(n + 1);
            UnsignedTransaction body = switch ((int) (n % 4)) {
                case 0 -> UnsignedTransaction.legacy(CHAIN_ID, n, GWEI, 21_000, TO, value, new byte[0]);
                case 1 -> UnsignedTransaction.accessList(CHAIN_ID, n, GWEI, 30_000, TO, value, new byte[] {1, 2},
                        List.of(new AccessListEntry(TO, List.of(U256.ONE))));
                case 2 -> UnsignedTransaction.dynamicFee(CHAIN_ID, n, GWEI, GWEI, 21_000, TO, value, new byte[0],
                        List.of());
                default -> UnsignedTransaction.blob(CHAIN_ID, n, GWEI, GWEI, 21_000, TO, value, new byte[0], List.of(),
                        U256.ONE, List.of(Hash.fromHex("0x01" + "00".repeat(31))));
            };
            txs.add(body.sign(KEY));
        }
        return txs;
    }

    /** One receipt per transaction; every other one emits a log whose topics depend on the block. */
    static List<Receipt> receipts(List<Transaction> txs, long blockNumber) {
        List<Receipt> receipts = new ArrayList<>(txs.size());
        long gas = 0;
        for (int i = 0; i < txs.size(); i++) {
            gas += 21_000;
            List<Log> logs = i % 2 == 0
                    ? List.of(new Log(EMITTER, List.of(blockNumber % 2 == 0 ? TOPIC_A : TOPIC_B, U256.of(blockNumber).toHash()),
                            new byte[] {(byte) i}))
                    : List.of();
            receipts.add(Receipt.of(txs.get(i).type(), i % 3 != 2, gas, logs));
        }
        return receipts;
    }

    /** The child of {@code parent} holding {@code txs} and {@code receipts}, with every root filled in. */
    static Block block(BlockHeader parent, List<Transaction> txs, List<Receipt> receipts, Hash stateRoot,
            List<Withdrawal> withdrawals) {
        LogsBloom bloom = new LogsBloom();
        List<byte[]> encodedReceipts = new ArrayList<>();
        long gasUsed = 0;
        for (Receipt r : receipts) {
            bloom.or(r.bloom());
            encodedReceipts.add(r.encode());
            gasUsed = r.cumulativeGasUsed();
        }
        Block draft = new Block(parent, txs, List.of(), withdrawals);
        BlockHeader header = new BlockHeader(parent.hash(), Keccak.EMPTY_LIST, Address.fromHex("0x" + "cb".repeat(20)),
                stateRoot, draft.computeTransactionsRoot(), TrieRoots.ordered(encodedReceipts), bloom.toBytes(),
                U256.ZERO, parent.number() + 1, parent.gasLimit(), gasUsed, parent.timestamp() + 12,
                new byte[] {'m', 'l'}, Hash.fromHex("0x" + "5e".repeat(32)), 0, U256.of(7),
                draft.computeWithdrawalsRoot(), 0L, 0L, Hash.fromHex("0x" + "be".repeat(32)));
        return new Block(header, txs, List.of(), withdrawals);
    }

    static List<Withdrawal> withdrawals(long firstIndex, int count, Random random) {
        List<Withdrawal> ws = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ws.add(new Withdrawal(firstIndex + i, random.nextInt(1000), Address.ofNumber(0x100 + random.nextInt(5)),
                    1 + random.nextInt(1_000_000)));
        }
        return ws;
    }
}
