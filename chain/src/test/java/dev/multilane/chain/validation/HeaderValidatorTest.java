package dev.multilane.chain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.chain.block.MainnetBlockFixture;
import dev.multilane.chain.validation.HeaderVerdict.Invalid;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.primitives.U256;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link HeaderValidator}: a valid child of a synthetic parent passes, and the same
 * child with just one field wrong fails naming that field and the expected value.
 */
class HeaderValidatorTest {
    static final ChainConfig CANCUN = config(ForkSchedule.builder().atBlock(Fork.BERLIN, 0).atBlock(Fork.LONDON, 0)
            .atBlock(Fork.PARIS, 0).atTimestamp(Fork.SHANGHAI, 0).atTimestamp(Fork.CANCUN, 0));
    static final ChainConfig SHANGHAI = config(ForkSchedule.builder().atBlock(Fork.LONDON, 0).atBlock(Fork.PARIS, 0)
            .atTimestamp(Fork.SHANGHAI, 0));
    static final ChainConfig PARIS = config(ForkSchedule.builder().atBlock(Fork.LONDON, 0).atBlock(Fork.PARIS, 0));

    private static final Hash BEACON_ROOT = Hash.fromHex("0x" + "be".repeat(32));
    private static final long GAS_LIMIT = 30_000_000;
    /** The parent used 20M of a 15M target at 1 gwei: 1e9 + 1e9 * 5M / 15M / 8 = 1,041,666,666. */
    private static final U256 CHILD_BASE_FEE = U256.of(1_041_666_666L);
    /** The parent had excess 100,000 and used four blobs: 100,000 + 524,288 - 393,216. */
    private static final long CHILD_EXCESS = 231_072;

    private static ChainConfig config(ForkSchedule.Builder forks) {
        return new ChainConfig(1, forks.build());
    }

    /** A Cancun block 10 at time 1,000, 20M gas used of 30M, four blobs, excess blob gas 100,000. */
    static BlockHeader parent() {
        return new BlockHeader(Hash.fromHex("0x" + "11".repeat(32)), Keccak.EMPTY_LIST,
                Address.fromHex("0x00000000000000000000000000000000000000c0"), Hash.fromHex("0x" + "33".repeat(32)),
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, 10, GAS_LIMIT, 20_000_000,
                1_000, new byte[0], Hash.fromHex("0x" + "22".repeat(32)), 0, U256.of(1_000_000_000L),
                Keccak.EMPTY_TRIE_ROOT, 4 * BlobGas.PER_BLOB, 100_000L, BEACON_ROOT);
    }

    /** The valid child of {@code parent}, of the same fork; for {@link #parent()}, Cancun. */
    static BlockHeader child(BlockHeader parent) {
        return HeaderEdit.edit(parent, e -> {
            e.parentHash = parent.hash();
            e.number = parent.number() + 1;
            e.timestamp = parent.timestamp() + 12;
            e.gasUsed = 0;
            e.baseFeePerGas = CHILD_BASE_FEE;
            if (parent.blobGasUsed() != null) {
                e.blobGasUsed = 0L;
                e.excessBlobGas = CHILD_EXCESS;
            }
        });
    }

    private static HeaderVerdict childWith(ChainConfig config, Consumer<HeaderEdit> change) {
        BlockHeader parent = parent();
        return new HeaderValidator(config).validate(HeaderEdit.edit(child(parent), change), parent);
    }

    private static Invalid assertInvalid(HeaderField field, HeaderVerdict verdict) {
        Invalid invalid = assertInstanceOf(Invalid.class, verdict, verdict.message());
        assertEquals(field, invalid.field(), invalid.message());
        assertTrue(invalid.message().startsWith(field.jsonName() + ": header "), invalid.message());
        return invalid;
    }

    @Test
    void theValidChildPasses() {
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> {}));
        // mixHash is prevRandao (EIP-4399), any value; coinbase and roots are execution's to check.
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.mixHash = Hash.fromHex("0x" + "ff".repeat(32))));
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.extraData = new byte[32]));
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.gasUsed = GAS_LIMIT));
    }

    @Test
    void numberIsTheParentsPlusOne() {
        Invalid i = assertInvalid(HeaderField.NUMBER, childWith(CANCUN, e -> e.number = 12));
        assertEquals("12", i.actual());
        assertEquals("11", i.expected());
        assertInvalid(HeaderField.NUMBER, childWith(CANCUN, e -> e.number = 10));
    }

    @Test
    void parentHashIsTheParentsHash() {
        Invalid i = assertInvalid(HeaderField.PARENT_HASH, childWith(CANCUN, e -> e.parentHash = Hash.ZERO));
        assertEquals(parent().hash().toString(), i.expected());
    }

    @Test
    void timestampIsLaterThanTheParents() {
        Invalid same = assertInvalid(HeaderField.TIMESTAMP, childWith(CANCUN, e -> e.timestamp = 1_000));
        assertTrue(same.expected().contains("1000"), same.message());
        assertInvalid(HeaderField.TIMESTAMP, childWith(CANCUN, e -> e.timestamp = 999));
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.timestamp = 1_001));
    }

    @Test
    void extraDataIsAtMost32Bytes() {
        Invalid i = assertInvalid(HeaderField.EXTRA_DATA, childWith(CANCUN, e -> e.extraData = new byte[33]));
        assertEquals("33 bytes", i.actual());
    }

    @Test
    void proofOfStakeConstants() {
        assertInvalid(HeaderField.DIFFICULTY, childWith(CANCUN, e -> e.difficulty = U256.ONE));
        Invalid nonce = assertInvalid(HeaderField.NONCE, childWith(CANCUN, e -> e.nonce = 0x42));
        assertEquals("0x0000000000000042", nonce.actual());
        assertInvalid(HeaderField.OMMERS_HASH, childWith(CANCUN, e -> e.ommersHash = Keccak.EMPTY_TRIE_ROOT));
    }

    @Test
    void gasUsedIsAtMostTheLimit() {
        Invalid i = assertInvalid(HeaderField.GAS_USED, childWith(CANCUN, e -> e.gasUsed = GAS_LIMIT + 1));
        assertEquals("30000001", i.actual());
    }

    @Test
    void gasLimitDriftsLessThanA1024th() {
        // 30,000,000 / 1024 = 29,296 in integers, and the drift must be under it: 29,295 at most.
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.gasLimit = GAS_LIMIT + 29_295));
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.gasLimit = GAS_LIMIT - 29_295));
        Invalid up = assertInvalid(HeaderField.GAS_LIMIT, childWith(CANCUN, e -> e.gasLimit = GAS_LIMIT + 29_296));
        assertEquals("29970705..30029295", up.expected());
        assertInvalid(HeaderField.GAS_LIMIT, childWith(CANCUN, e -> e.gasLimit = GAS_LIMIT - 29_296));
        Invalid huge = assertInvalid(HeaderField.GAS_LIMIT, childWith(CANCUN, e -> e.gasLimit = -1));
        assertEquals("18446744073709551615", huge.actual());
    }

    /** geth's TestBlockGasLimits (consensus/misc/eip1559): London at block 5 there. */
    @Test
    void gasLimitBoundsMatchGeth() {
        long[][] cases = { // parent gas limit, parent number, gas limit, 1 when valid
            {10_000_000, 4, 20_000_000, 1}, {10_000_000, 4, 20_019_530, 1}, {10_000_000, 4, 20_019_531, 0},
            {10_000_000, 4, 19_980_470, 1}, {10_000_000, 4, 19_980_469, 0},
            {20_000_000, 5, 20_000_000, 1}, {20_000_000, 5, 20_019_530, 1}, {20_000_000, 5, 20_019_531, 0},
            {20_000_000, 5, 19_980_470, 1}, {20_000_000, 5, 19_980_469, 0},
            {40_000_000, 5, 40_039_061, 1}, {40_000_000, 5, 40_039_062, 0},
            {40_000_000, 5, 39_960_939, 1}, {40_000_000, 5, 39_960_938, 0},
        };
        for (long[] c : cases) {
            boolean parentLondon = c[1] >= 5;
            assertEquals(c[3] == 1, GasLimit.allowed(BaseFee.parentGasLimit(c[0], parentLondon), c[2]),
                    "parent " + c[0] + " at " + c[1] + " -> " + c[2]);
        }
        assertTrue(GasLimit.allowed(5_000, 5_000));
        assertEquals(false, GasLimit.allowed(5_120, 4_999), "under the 5,000 minimum");
    }

    @Test
    void gasLimitUnder5000IsRefused() {
        BlockHeader parent = HeaderEdit.edit(parent(), e -> {
            e.gasLimit = 5_002; // a drift of 3 is allowed (5,002 / 1024 = 4.9)
            e.gasUsed = 2_501; // at target: the base fee stays 1 gwei
        });
        BlockHeader child = HeaderEdit.edit(child(parent), e -> {
            e.gasLimit = 4_999;
            e.baseFeePerGas = U256.of(1_000_000_000L);
        });
        Invalid i = assertInvalid(HeaderField.GAS_LIMIT, new HeaderValidator(CANCUN).validate(child, parent));
        assertEquals("5000..5005", i.expected());
        BlockHeader atMinimum = HeaderEdit.edit(child, e -> e.gasLimit = 5_000);
        assertSame(HeaderVerdict.VALID, new HeaderValidator(CANCUN).validate(atMinimum, parent));
    }

    /** geth's TestCalcBaseFee (consensus/misc/eip1559). */
    @Test
    void baseFeeMatchesGeth() {
        U256 initial = BaseFee.INITIAL;
        assertEquals(U256.of(1_000_000_000L), BaseFee.next(initial, 20_000_000, 10_000_000), "usage == target");
        assertEquals(U256.of(987_500_000L), BaseFee.next(initial, 20_000_000, 9_000_000), "usage below target");
        assertEquals(U256.of(1_012_500_000L), BaseFee.next(initial, 20_000_000, 11_000_000), "usage above target");
        // A block a wei above target still raises the fee by the minimum of 1 wei.
        assertEquals(U256.of(8), BaseFee.next(U256.of(7), 20_000_000, 10_000_001));
        assertEquals(U256.ZERO, BaseFee.next(U256.ZERO, 20_000_000, 0), "never under zero");
    }

    @Test
    void baseFeeFollowsEip1559() {
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> {}));
        Invalid i = assertInvalid(HeaderField.BASE_FEE_PER_GAS,
                childWith(CANCUN, e -> e.baseFeePerGas = U256.of(1_041_666_667L)));
        assertEquals("1041666667", i.actual());
        assertEquals("1041666666", i.expected());
        assertTrue(i.message().contains("EIP-1559"), i.message());
    }

    @Test
    void baseFeeIsRequiredFromLondon() {
        BlockHeader parent = HeaderEdit.edit(parent(), e -> {
            e.withdrawalsRoot = null;
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        });
        BlockHeader child = HeaderEdit.edit(child(parent), e -> {
            e.withdrawalsRoot = null;
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        });
        assertSame(HeaderVerdict.VALID, new HeaderValidator(PARIS).validate(child, parent));
        Invalid i = assertInvalid(HeaderField.BASE_FEE_PER_GAS,
                new HeaderValidator(PARIS).validate(HeaderEdit.edit(child, e -> e.baseFeePerGas = null), parent));
        assertEquals("absent", i.actual());
        assertEquals("1041666666", i.expected());
    }

    /**
     * London and the Merge at block 1 on a Berlin genesis: block 1 has the initial base fee, 1 gwei,
     * and a gas limit measured from twice the parent's.
     */
    @Test
    void theLondonForkBlockStartsAtOneGwei() {
        ChainConfig config = config(ForkSchedule.builder().atBlock(Fork.BERLIN, 0).atBlock(Fork.LONDON, 1)
                .atBlock(Fork.PARIS, 1));
        BlockHeader berlin = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.of(131_072), 0, 15_000_000,
                15_000_000, 0, new byte[0], Hash.ZERO, 0x42, null, null, null, null, null);
        BlockHeader fork = new BlockHeader(berlin.hash(), Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, 1, 30_000_000, 0, 12,
                new byte[0], Hash.ZERO, 0, BaseFee.INITIAL, null, null, null, null);
        HeaderValidator v = new HeaderValidator(config);
        assertSame(HeaderVerdict.VALID, v.validate(fork, berlin));
        Invalid fee = assertInvalid(HeaderField.BASE_FEE_PER_GAS,
                v.validate(HeaderEdit.edit(fork, e -> e.baseFeePerGas = U256.of(875_000_000L)), berlin));
        assertEquals("1000000000", fee.expected());
        assertTrue(fee.rule().contains("INITIAL_BASE_FEE"), fee.rule());
        // The limit may drift from 30M (twice the Berlin parent's), not from 15M.
        Invalid limit = assertInvalid(HeaderField.GAS_LIMIT,
                v.validate(HeaderEdit.edit(fork, e -> e.gasLimit = 15_000_000), berlin));
        assertEquals("29970705..30029295", limit.expected());
    }

    @Test
    void withdrawalsRootExactlyFromShanghai() {
        BlockHeader parent = HeaderEdit.edit(parent(), e -> {
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        });
        BlockHeader shanghai = HeaderEdit.edit(child(parent), e -> {
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        });
        assertSame(HeaderVerdict.VALID, new HeaderValidator(SHANGHAI).validate(shanghai, parent));
        Invalid missing = assertInvalid(HeaderField.WITHDRAWALS_ROOT, new HeaderValidator(SHANGHAI)
                .validate(HeaderEdit.edit(shanghai, e -> e.withdrawalsRoot = null), parent));
        assertEquals("absent", missing.actual());
        Invalid early = assertInvalid(HeaderField.WITHDRAWALS_ROOT, new HeaderValidator(PARIS).validate(shanghai, parent));
        assertTrue(early.expected().startsWith("absent"), early.message());
    }

    @Test
    void blobFieldsExactlyFromCancun() {
        BlockHeader parent = HeaderEdit.edit(parent(), e -> {
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        });
        BlockHeader cancun = HeaderEdit.edit(child(parent), e -> {
            e.blobGasUsed = 0L;
            e.excessBlobGas = 0L;
            e.parentBeaconBlockRoot = BEACON_ROOT;
        });
        // Shanghai parent, Cancun child (the fork block): the parent's blob gas counts as zero.
        ChainConfig forkAt1012 = config(ForkSchedule.builder().atBlock(Fork.LONDON, 0).atBlock(Fork.PARIS, 0)
                .atTimestamp(Fork.SHANGHAI, 0).atTimestamp(Fork.CANCUN, 1_012));
        assertSame(HeaderVerdict.VALID, new HeaderValidator(forkAt1012).validate(cancun, parent));
        assertInvalid(HeaderField.EXCESS_BLOB_GAS, new HeaderValidator(forkAt1012)
                .validate(HeaderEdit.edit(cancun, e -> e.excessBlobGas = CHILD_EXCESS), parent));
        assertInvalid(HeaderField.BLOB_GAS_USED, new HeaderValidator(SHANGHAI).validate(cancun, parent));
        Invalid noExcess = assertInvalid(HeaderField.EXCESS_BLOB_GAS, childWith(CANCUN, e -> {
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        }));
        assertEquals("absent", noExcess.actual());
        assertInvalid(HeaderField.BLOB_GAS_USED, childWith(CANCUN, e -> {
            e.blobGasUsed = null;
            e.excessBlobGas = null;
            e.parentBeaconBlockRoot = null;
        }));
        Invalid beacon = assertInvalid(HeaderField.PARENT_BEACON_BLOCK_ROOT,
                childWith(CANCUN, e -> e.parentBeaconBlockRoot = null));
        assertEquals("absent", beacon.actual());
    }

    @Test
    void blobGasUsedIsWholeBlobsUpToSix() {
        assertSame(HeaderVerdict.VALID, childWith(CANCUN, e -> e.blobGasUsed = 6 * BlobGas.PER_BLOB));
        Invalid seven = assertInvalid(HeaderField.BLOB_GAS_USED,
                childWith(CANCUN, e -> e.blobGasUsed = 7 * BlobGas.PER_BLOB));
        assertEquals("at most 786432", seven.expected());
        Invalid partial = assertInvalid(HeaderField.BLOB_GAS_USED, childWith(CANCUN, e -> e.blobGasUsed = 1000L));
        assertEquals("a multiple of 131072", partial.expected());
    }

    @Test
    void excessBlobGasFollowsEip4844() {
        Invalid i = assertInvalid(HeaderField.EXCESS_BLOB_GAS,
                childWith(CANCUN, e -> e.excessBlobGas = CHILD_EXCESS + 1));
        assertEquals("231073", i.actual());
        assertEquals("231072", i.expected());
    }

    /** geth's TestCalcExcessBlobGas (consensus/misc/eip4844, Cancun): parent excess, parent blobs, want. */
    @Test
    void excessBlobGasMatchesGeth() {
        long target = BlobGas.TARGET_PER_BLOCK;
        long perBlob = BlobGas.PER_BLOB;
        long[][] cases = {
            {0, 0, 0}, {0, 1, 0}, {0, 3, 0}, {0, 4, perBlob}, {100_000, 4, perBlob + 100_000},
            {target, 1, perBlob}, {target, 0, 0}, {target, 3, target},
        };
        for (long[] c : cases) {
            assertEquals(c[2], BlobGas.excess(c[0], c[1] * perBlob), "excess " + c[0] + ", " + c[1] + " blobs");
        }
    }

    /** The header's blobGasUsed against the blobs of mainnet block 19,923,400's six blob hashes. */
    @Test
    void blobGasUsedCountsTheBlocksBlobs() throws Exception {
        List<Transaction> txs = MainnetBlockFixture.load(SharedFixtures.root().resolve("mainnet-blocks")
                .resolve("19923400")).block().transactions();
        assertEquals(6 * BlobGas.PER_BLOB, BlobGas.used(new Block(child(parent()), txs, List.of(), List.of())));
        BlockHeader parent = parent();
        HeaderValidator v = new HeaderValidator(CANCUN);
        BlockHeader six = HeaderEdit.edit(child(parent), e -> e.blobGasUsed = 6 * BlobGas.PER_BLOB);
        assertSame(HeaderVerdict.VALID, v.validate(new Block(six, txs, List.of(), List.of()), parent));
        Invalid none = assertInvalid(HeaderField.BLOB_GAS_USED,
                v.validate(new Block(child(parent), txs, List.of(), List.of()), parent));
        assertEquals("0", none.actual());
        assertEquals("786432 for the block's 6 blob(s)", none.expected());
        assertInvalid(HeaderField.BLOB_GAS_USED, v.validate(new Block(six, List.of(), List.of(), List.of()), parent));
    }

    @Test
    void proofOfWorkHeadersAreUnsupported() {
        ChainConfig londonPow = config(ForkSchedule.builder().atBlock(Fork.LONDON, 0).atBlock(Fork.PARIS, 100));
        HeaderVerdict v = new HeaderValidator(londonPow).validate(child(parent()), parent());
        HeaderVerdict.Unsupported u = assertInstanceOf(HeaderVerdict.Unsupported.class, v);
        assertTrue(u.reason().contains("London") && u.reason().contains("before the Merge"), u.reason());
        ChainConfig late = config(ForkSchedule.builder().atBlock(Fork.BERLIN, 50));
        assertInstanceOf(HeaderVerdict.Unsupported.class, new HeaderValidator(late).validate(child(parent()), parent()));
    }
}
