package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.pool.AddResult;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.store.BlockCodec;
import dev.multilane.store.ChainImporter;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block production across the fork schedule: a geth genesis at Paris with Shanghai and Cancun two
 * blocks' worth of time later. The node mines Paris, Shanghai and Cancun blocks, and a second,
 * empty store imports them with full validation (ChainImporter re-executes each block and checks
 * roots, gas and bloom); the header fields each fork requires and the EIP-1559 base fee are
 * checked here against the rules written out independently.
 */
@Timeout(120)
class DevNodeForksTest {
    private static final long T0 = 1_700_000_000L;
    private static final long SLOT = 12;
    private static final long SHANGHAI = T0 + 2 * SLOT;
    private static final long CANCUN = T0 + 4 * SLOT;
    private static final long CHAIN_ID = 1337;

    @TempDir
    Path dir;

    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static Transaction transfer(int account, long nonce, Address to) {
        return UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, U256.of(1_000_000_000L), U256.of(10_000_000_000L),
                21_000, to, U256.of(1_000), Bytes.EMPTY, List.of()).sign(DevAccounts.account(account).privateKey());
    }

    /** A creation whose init code emits one LOG0 (PUSH1 0 PUSH1 0 LOG0), so receipts and bloom are not empty. */
    private static Transaction loggingCreate(int account, long nonce) {
        return UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, U256.of(1_000_000_000L), U256.of(10_000_000_000L),
                100_000, null, U256.ZERO, Hex.decode("0x60006000a000"), List.of())
                .sign(DevAccounts.account(account).privateKey());
    }

    /** A blob transaction (EIP-4844), valid from Cancun on. */
    private static Transaction blobTx(int account, long nonce, Address to) {
        byte[] versioned = new byte[32];
        versioned[0] = 0x01;
        versioned[31] = 0x07;
        return UnsignedTransaction.blob(CHAIN_ID, nonce, U256.of(1_000_000_000L), U256.of(10_000_000_000L), 21_000,
                to, U256.ZERO, Bytes.EMPTY, List.of(), U256.of(10), List.of(Hash.wrap(versioned)))
                .sign(DevAccounts.account(account).privateKey());
    }

    private static void pooled(DevNode node, Transaction tx) {
        AddResult r = node.pool().add(tx);
        assertTrue(r instanceof AddResult.Pending, "pooled as pending: " + r);
    }

    @Test
    void minesParisThenShanghaiThenCancunBlocksThatAnotherStoreImports() {
        Genesis genesis = ForkScheduleGenesis.paris(CHAIN_ID, T0, SHANGHAI, CANCUN);
        assertEquals(Fork.PARIS, genesis.config().forkAt(genesis.block().header()));
        Address bob = Address.fromHex("0x00000000000000000000000000000000000000b0");
        long[] times = {T0 + SLOT, SHANGHAI - 1, SHANGHAI, SHANGHAI + SLOT, CANCUN, CANCUN + SLOT};
        Fork[] forks = {Fork.PARIS, Fork.PARIS, Fork.SHANGHAI, Fork.SHANGHAI, Fork.CANCUN, Fork.CANCUN};
        List<Block> mined = new ArrayList<>();
        try (DevNode node = DevNode.start(new DevConfig(dir.resolve("a"), "127.0.0.1", 0, 0, 2, CHAIN_ID), genesis,
                log)) {
            node.setAutomine(false);
            for (int i = 0; i < times.length; i++) {
                pooled(node, transfer(0, 2L * i, bob));
                pooled(node, loggingCreate(0, 2L * i + 1));
                assertNull(node.mine(times[i]), "block " + (i + 1));
            }
            for (long n = 1; n <= times.length; n++) {
                Hash hash = node.store().canonicalHash(n).orElseThrow();
                mined.add(node.store().block(hash).orElseThrow());
            }
            assertEquals(0, node.pool().pendingCount());
        }

        BlockHeader parent = genesis.block().header();
        for (int i = 0; i < mined.size(); i++) {
            Block b = mined.get(i);
            BlockHeader h = b.header();
            assertEquals(times[i], h.timestamp());
            assertEquals(forks[i], genesis.config().forkAt(h), "block " + h.number());
            assertFieldsOf(forks[i], b);
            assertEquals(U256.of(eip1559BaseFee(parent)), h.baseFeePerGas(), "base fee of block " + h.number());
            assertEquals(parent.gasLimit(), h.gasLimit());
            assertEquals(2, b.transactions().size(), "block " + h.number());
            if (forks[i] == Fork.CANCUN) {
                assertEquals(0L, h.blobGasUsed());
                assertEquals(0L, h.excessBlobGas());
            }
            parent = h;
        }

        ByteArrayOutputStream rlp = new ByteArrayOutputStream();
        mined.forEach(b -> rlp.writeBytes(BlockCodec.encodeBlock(b)));
        try (ChainStore other = ChainStore.open(dir.resolve("b"))) {
            ChainImporter.Result r = ChainImporter.importChain(other, genesis,
                    BlockProcessor.sequential(genesis.config(), true), rlp.toByteArray(), b -> {});
            assertNull(r.failure(), "the importer re-validates every mined block");
            assertEquals(mined.size(), r.imported());
            assertEquals(mined.getLast().header().hash(), other.head().orElseThrow().hash());
        }
    }

    /** The header fields and body parts of each fork, and none of a later fork. */
    private static void assertFieldsOf(Fork fork, Block b) {
        BlockHeader h = b.header();
        String at = "block " + h.number() + " at " + fork.displayName();
        assertEquals(U256.ZERO, h.difficulty(), at);
        assertEquals(0, h.nonce(), at);
        assertTrue(b.ommers().isEmpty(), at);
        assertNotNull(h.baseFeePerGas(), at);
        if (fork.isEnabled(Fork.SHANGHAI)) {
            assertEquals(Keccak.EMPTY_TRIE_ROOT, h.withdrawalsRoot(), at);
            assertEquals(List.of(), b.withdrawals(), at);
        } else {
            assertNull(h.withdrawalsRoot(), at);
            assertNull(b.withdrawals(), at);
        }
        if (fork.isEnabled(Fork.CANCUN)) {
            assertNotNull(h.blobGasUsed(), at);
            assertNotNull(h.excessBlobGas(), at);
            assertEquals(Hash.ZERO, h.parentBeaconBlockRoot(), at);
        } else {
            assertNull(h.blobGasUsed(), at);
            assertNull(h.excessBlobGas(), at);
            assertNull(h.parentBeaconBlockRoot(), at);
        }
    }

    /** EIP-1559's base fee rule in plain long arithmetic (the values here stay far below overflow). */
    private static long eip1559BaseFee(BlockHeader parent) {
        long base = parent.baseFeePerGas().clampedLong();
        long target = parent.gasLimit() / 2;
        long used = parent.gasUsed();
        if (used == target) {
            return base;
        }
        if (used > target) {
            return base + Math.max(1, base * (used - target) / target / 8);
        }
        return base - base * (target - used) / target / 8;
    }

    /** Base fees from geth's misc/eip1559 tests (parent limit 20M, base fee 1 gwei). */
    @Test
    void baseFeeFollowsEip1559() {
        assertEquals(U256.of(1_000_000_000L), NextBlock.baseFee(parentWith(10_000_000, 1_000_000_000L)));
        assertEquals(U256.of(987_500_000L), NextBlock.baseFee(parentWith(9_000_000, 1_000_000_000L)));
        assertEquals(U256.of(1_012_500_000L), NextBlock.baseFee(parentWith(11_000_000, 1_000_000_000L)));
        // Above target by a hair: at least one wei more.
        assertEquals(U256.of(8), NextBlock.baseFee(parentWith(10_000_001, 7)));
        assertEquals(NextBlock.INITIAL_BASE_FEE, NextBlock.baseFee(new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST,
                Address.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO, new byte[256], U256.ONE, 5, 20_000_000, 0, 0,
                new byte[0], Hash.ZERO, 0, null, null, null, null, null)));
    }

    /**
     * The pool assumes the next block is mined now; one mined with an explicit earlier timestamp
     * may be of an earlier fork, and takes a pooled blob transaction only from Cancun.
     */
    @Test
    void blobTransactionsWaitForCancun() {
        Transaction blob = blobTx(1, 0, Address.ZERO);
        Transaction plain = transfer(1, 0, Address.ZERO);
        NextBlock shanghai = new NextBlock(Fork.SHANGHAI, 1, SHANGHAI, 30_000_000, U256.ONE, 0);
        NextBlock cancun = new NextBlock(Fork.CANCUN, 1, CANCUN, 30_000_000, U256.ONE, 0);
        assertTrue(!shanghai.admits(blob) && shanghai.admits(plain));
        assertTrue(cancun.admits(blob) && cancun.admits(plain));
        // EIP-4844 calc_excess_blob_gas: the target of three blobs is subtracted, a pre-Cancun parent counts as zero.
        assertEquals(131_072L, NextBlock.excessBlobGas(cancunParent(3 * 131_072L, 131_072L)));
        assertEquals(0L, NextBlock.excessBlobGas(cancunParent(0, 2 * 131_072L)));
        assertEquals(0L, NextBlock.excessBlobGas(parentWith(0, 7)));
    }

    private static BlockHeader cancunParent(long excess, long used) {
        return new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO,
                new byte[256], U256.ZERO, 5, 30_000_000, 0, 0, new byte[0], Hash.ZERO, 0, U256.ONE,
                Keccak.EMPTY_TRIE_ROOT, used, excess, Hash.ZERO);
    }

    @Test
    void refusesForksItCannotMine() {
        assertNull(NextBlock.unsupported(Fork.PARIS));
        assertNull(NextBlock.unsupported(Fork.CANCUN));
        assertTrue(NextBlock.unsupported(Fork.LONDON).contains("before the Merge"));
        assertTrue(NextBlock.unsupported(Fork.BERLIN).contains("post-merge"));
        assertNotNull(NextBlock.unsupported(null));
    }

    private static BlockHeader parentWith(long gasUsed, long baseFee) {
        return new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO,
                new byte[256], U256.ZERO, 5, 20_000_000, gasUsed, 0, new byte[0], Hash.ZERO, 0, U256.of(baseFee), null,
                null, null, null);
    }
}
