package dev.multilane.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.store.BlockCodec;
import dev.multilane.store.ChainStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./multilane import} on the execution-apis chain, and on a copy with one block corrupted. */
class ImportCommandTest {
    private static final Path TESTS = SharedFixtures.root().resolve("execution-apis").resolve("tests");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importsTheWholeChainAndAgainSkipsIt() {
        Path data = dir.resolve("data");
        String genesis = TESTS.resolve("genesis.json").toString();
        String chain = TESTS.resolve("chain.rlp").toString();
        Run first = run("import", "--genesis", genesis, "--data-dir", data.toString(), "--threads", "2", chain);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("imported 20 blocks (0 already present)"), first.out());
        assertTrue(first.out().contains("head is block 20"), first.out());
        Run again = run("import", "--genesis", genesis, "--data-dir", data.toString(), chain);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("imported 0 blocks (20 already present)"), again.out());
        try (ChainStore store = ChainStore.open(data)) {
            assertEquals(20, store.head().orElseThrow().number());
        }
    }

    /** Block 7's state root has one bit flipped: blocks 1 to 6 go in, 7 is refused with its mismatch. */
    @Test
    void stopsAtTheFirstInvalidBlock() throws Exception {
        byte[] rlp = Files.readAllBytes(TESTS.resolve("chain.rlp"));
        RlpReader reader = new RlpReader(rlp);
        Block seventh = null;
        while (reader.hasNext()) {
            Block b = BlockCodec.readBlock(reader);
            if (b.number() == 7) {
                seventh = b;
            }
        }
        byte[] root = seventh.header().stateRoot().toArray();
        int at = indexOf(rlp, root);
        assertTrue(at > 0 && indexOf(java.util.Arrays.copyOfRange(rlp, at + 1, rlp.length), root) < 0,
                "the state root occurs once");
        byte[] corrupted = rlp.clone();
        corrupted[at + 31] ^= 1;
        Path bad = dir.resolve("bad-chain.rlp");
        Files.write(bad, corrupted);

        Path data = dir.resolve("data");
        Run r = run("import", "--genesis", TESTS.resolve("genesis.json").toString(), "--data-dir", data.toString(),
                bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("imported 6 blocks"), r.out());
        assertTrue(r.err().contains("invalid block 7 0x"), r.err());
        assertTrue(r.err().contains("stateRoot"), r.err());
        try (ChainStore store = ChainStore.open(data)) {
            assertEquals(6, store.head().orElseThrow().number());
        }
    }

    /**
     * Block 7's gas limit raised by exactly 1/1024 of its parent's, one gas more than geth allows, with
     * blocks 8 to 20 re-linked to its new hash. Execution cannot notice (gas used stays far below the
     * limit); the header check before it must.
     */
    @Test
    void refusesAHeaderThatDoesNotFollowItsParent() throws Exception {
        List<Block> chain = new ArrayList<>();
        RlpReader reader = new RlpReader(Files.readAllBytes(TESTS.resolve("chain.rlp")));
        while (reader.hasNext()) {
            chain.add(BlockCodec.readBlock(reader));
        }
        long parentLimit = chain.get(5).header().gasLimit();
        long bad = parentLimit + parentLimit / 1024;
        ByteArrayOutputStream rlp = new ByteArrayOutputStream();
        Hash previous = null;
        for (Block b : chain) {
            BlockHeader h = b.header();
            if (b.number() == 7) {
                h = withGasLimitAndParent(h, bad, h.parentHash());
            } else if (b.number() > 7) {
                h = withGasLimitAndParent(h, h.gasLimit(), previous);
            }
            previous = h.hash();
            rlp.writeBytes(BlockCodec.encodeBlock(new Block(h, b.transactions(), b.ommers(), b.withdrawals())));
        }
        Path file = dir.resolve("bad-gas-limit.rlp");
        Files.write(file, rlp.toByteArray());

        Path data = dir.resolve("data");
        Run r = run("import", "--genesis", TESTS.resolve("genesis.json").toString(), "--data-dir", data.toString(),
                file.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("imported 6 blocks"), r.out());
        assertTrue(r.err().contains("invalid block 7 0x"), r.err());
        assertTrue(r.err().contains("invalid header: gasLimit: header " + bad + ", expected "
                + (parentLimit - parentLimit / 1024 + 1) + ".." + (parentLimit + parentLimit / 1024 - 1)), r.err());
        try (ChainStore store = ChainStore.open(data)) {
            assertEquals(6, store.head().orElseThrow().number());
        }
    }

    private static BlockHeader withGasLimitAndParent(BlockHeader h, long gasLimit, Hash parentHash) {
        return new BlockHeader(parentHash, h.ommersHash(), h.coinbase(), h.stateRoot(), h.transactionsRoot(),
                h.receiptsRoot(), h.logsBloom(), h.difficulty(), h.number(), gasLimit, h.gasUsed(), h.timestamp(),
                h.extraData(), h.mixHash(), h.nonce(), h.baseFeePerGas(), h.withdrawalsRoot(), h.blobGasUsed(),
                h.excessBlobGas(), h.parentBeaconBlockRoot());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(Main.USAGE_ERROR, run("import").code());
        assertEquals(Main.USAGE_ERROR, run("import", "--genesis", "x.json").code());
        assertEquals(Main.USAGE_ERROR, run("import", "--genesis", "x.json", dir.resolve("none.rlp").toString()).code());
        assertEquals(Main.USAGE_ERROR, run("import", "--bogus", "1", "a.rlp").code());
        Run truncated = run("import", "--genesis", TESTS.resolve("genesis.json").toString(), "--data-dir",
                dir.resolve("d").toString(), TESTS.resolve("genesis.json").toString());
        assertEquals(1, truncated.code(), "a file that is not RLP blocks");
        assertTrue(truncated.err().contains("cannot decode"), truncated.err());
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
