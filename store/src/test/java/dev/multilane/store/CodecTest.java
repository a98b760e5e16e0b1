package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.RlpException;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTest {

    /**
     * A change set's keys, written straight into one array, against the generic RLP encoder, at
     * sizes on both sides of the long-list header (55/56 bytes of payload) and with none at all.
     */
    @Test
    void changeSetKeysAreTheirRlpList() {
        Random random = new Random(5);
        for (int accounts : new int[] {0, 1, 2, 3, 40}) {
            for (int slots : new int[] {0, 1, 2, 300}) {
                java.util.Map<Address, AccountInfo> a = new java.util.LinkedHashMap<>();
                java.util.Map<ChangeSet.StorageKey, U256> s = new java.util.LinkedHashMap<>();
                List<byte[]> addressItems = new ArrayList<>();
                List<byte[]> storageItems = new ArrayList<>();
                for (int i = 0; i < accounts; i++) {
                    Address address = Address.ofNumber(random.nextInt());
                    a.put(address, null);
                    addressItems.add(dev.multilane.primitives.Rlp.encodeBytes(address.toArray()));
                }
                for (int i = 0; i < slots; i++) {
                    ChangeSet.StorageKey key = new ChangeSet.StorageKey(Address.ofNumber(random.nextInt(5)),
                            U256.of(random.nextLong()).shl(random.nextInt(256)));
                    if (s.put(key, U256.ONE) == null) {
                        storageItems.add(dev.multilane.primitives.Rlp.encodeBytes(key.bytes()));
                    }
                }
                byte[] expected = dev.multilane.primitives.Rlp.encodeList(
                        dev.multilane.primitives.Rlp.encodeList(addressItems),
                        dev.multilane.primitives.Rlp.encodeList(storageItems));
                ChangeSet changes = new ChangeSet(a, s);
                assertArrayEquals(expected, changes.encodeKeys(), accounts + " accounts, " + slots + " slots");
                ChangeSet.Keys keys = ChangeSet.decodeKeys(changes.encodeKeys());
                assertEquals(List.copyOf(a.keySet()), keys.addresses());
                assertEquals(s.size(), keys.storageKeys().size());
            }
        }
    }

    @Test
    void headerRoundTripsAtEveryFieldCount() {
        BlockHeader full = TestChain.genesis().block().header();
        assertEquals(full, BlockCodec.decodeHeader(full.encode()));
        // A pre-London header: the optional tail absent altogether.
        BlockHeader berlin = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.of(131_072), 5, 8_000_000, 0, 99,
                new byte[0], Hash.ZERO, 0x1122334455667788L, null, null, null, null, null);
        BlockHeader decoded = BlockCodec.decodeHeader(berlin.encode());
        assertEquals(berlin.hash(), decoded.hash());
        assertNull(decoded.baseFeePerGas());
        assertEquals(0x1122334455667788L, decoded.nonce());
    }

    @Test
    void blockWithEveryTransactionTypeAndWithdrawalsRoundTrips() {
        Genesis genesis = TestChain.genesis();
        List<Transaction> txs = TestChain.transactions(0, 8);
        List<Receipt> receipts = TestChain.receipts(txs, 1);
        Block block = TestChain.block(genesis.block().header(), txs, receipts, Hash.ZERO,
                TestChain.withdrawals(0, 3, new Random(1)));

        Block body = BlockCodec.decodeBody(block.header(), BlockCodec.encodeBody(block));
        assertEquals(block.transactions(), body.transactions());
        assertEquals(block.withdrawals(), body.withdrawals());
        assertEquals(block.header().transactionsRoot(), body.computeTransactionsRoot());

        byte[] wire = BlockCodec.encodeBlock(block);
        Block again = BlockCodec.decodeBlock(wire);
        assertEquals(block.header(), again.header());
        assertArrayEquals(wire, BlockCodec.encodeBlock(again));
    }

    @Test
    void preShanghaiBodyHasNoWithdrawalsList() {
        BlockHeader parent = TestChain.genesis().block().header();
        Block block = new Block(parent, TestChain.transactions(0, 2), List.of(parent), null);
        Block decoded = BlockCodec.decodeBody(parent, BlockCodec.encodeBody(block));
        assertNull(decoded.withdrawals());
        assertEquals(List.of(parent), decoded.ommers());
    }

    @Test
    void receiptsRoundTripWithTypesStatusesAndLogs() {
        List<Transaction> txs = TestChain.transactions(0, 8);
        List<Receipt> receipts = TestChain.receipts(txs, 4);
        List<Receipt> decoded = ReceiptCodec.decode(ReceiptCodec.encode(receipts));
        assertEquals(receipts.size(), decoded.size());
        for (int i = 0; i < receipts.size(); i++) {
            assertArrayEquals(receipts.get(i).encode(), decoded.get(i).encode(), "receipt " + i);
            assertEquals(receipts.get(i).type(), decoded.get(i).type());
            assertEquals(receipts.get(i).success(), decoded.get(i).success());
        }
        assertEquals(List.of(), ReceiptCodec.decode(ReceiptCodec.encode(List.of())));
    }

    @Test
    void malformedRecordsAreRejected() {
        assertThrows(RlpException.class, () -> BlockCodec.decodeHeader(new byte[] {(byte) 0xc1}));
        byte[] header = TestChain.genesis().block().header().encode();
        byte[] truncated = java.util.Arrays.copyOf(header, header.length - 1);
        assertThrows(RlpException.class, () -> BlockCodec.decodeHeader(truncated));
        assertThrows(IllegalArgumentException.class, () -> ReceiptCodec.decodeOne(new byte[0]));
    }

    @Test
    void flatAccountRoundTrips() {
        AccountInfo info = new AccountInfo(-1L, U256.MAX, Keccak.of(new byte[] {1}));
        assertEquals(info, AccountCodec.decodeFlat(AccountCodec.encodeFlat(info)));
        assertEquals(AccountInfo.EMPTY, AccountCodec.decodeFlat(AccountCodec.encodeFlat(AccountInfo.EMPTY)));
    }

    @Test
    void storageRangeCoversExactlyOneAccount() {
        Address a = Address.fromHex("0x" + "ff".repeat(20));
        byte[] start = StoreKeys.storageStart(a);
        byte[] end = StoreKeys.storageEnd(a);
        byte[] first = StoreKeys.storage(a, U256.ZERO);
        byte[] last = StoreKeys.storage(a, U256.MAX);
        assertEquals(0, java.util.Arrays.compareUnsigned(start, first));
        assertEquals(-1, Integer.signum(java.util.Arrays.compareUnsigned(last, end)));
        Address next = Address.fromHex("0x" + "00".repeat(19) + "01");
        Address prev = Address.ZERO;
        assertEquals(1, Integer.signum(java.util.Arrays.compareUnsigned(StoreKeys.storage(next, U256.ZERO),
                StoreKeys.storageEnd(prev))));
    }

    /**
     * The execution-apis chain (20 Cancun blocks exported by a real client): every block decodes,
     * re-encodes to the same bytes, links to its parent and matches its header's transactions and
     * withdrawals roots.
     */
    @Test
    void executionApisChainDecodes() throws IOException {
        byte[] rlp = Files.readAllBytes(Fixtures.executionApis().resolve("chain.rlp"));
        RlpReader reader = new RlpReader(rlp);
        Hash parent = Genesis.read(Fixtures.executionApis().resolve("genesis.json")).hash();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        while (reader.hasNext()) {
            int start = reader.position();
            Block block = BlockCodec.readBlock(reader);
            byte[] raw = java.util.Arrays.copyOfRange(rlp, start, reader.position());
            BlockHeader h = block.header();
            List<String> problems = new ArrayList<>();
            if (!java.util.Arrays.equals(raw, BlockCodec.encodeBlock(block))) {
                problems.add("re-encoding differs");
            }
            if (!h.parentHash().equals(parent)) {
                problems.add("parent " + h.parentHash() + " is not " + parent);
            }
            if (!h.transactionsRoot().equals(block.computeTransactionsRoot())) {
                problems.add("transactions root");
            }
            if (!h.withdrawalsRoot().equals(block.computeWithdrawalsRoot())) {
                problems.add("withdrawals root");
            }
            if (problems.isEmpty()) {
                passed++;
            } else {
                failures.add("block " + h.number() + ": " + problems);
            }
            parent = h.hash();
        }
        System.out.println("ChainRlpDecode: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);
        assertTrue(passed >= 20, "blocks decoded: " + passed);
    }
}
