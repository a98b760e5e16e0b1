package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.validation.HeaderValidator;
import dev.multilane.chain.validation.HeaderVerdict;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChainImporter}'s header validation on the execution-apis chain: every real header follows
 * its parent, and a copy of the chain with one header field of block 5 altered (and the later blocks
 * re-linked to the altered block's new hash, so the chain is consistent but for that field) is
 * refused at block 5 before it executes, naming the field, the header's value and the expected one.
 */
class ChainImporterTest {
    private static final long ALTERED = 5;

    @TempDir
    Path dir;

    private static Genesis genesis() throws IOException {
        return Genesis.read(Fixtures.executionApis().resolve("genesis.json"));
    }

    private static List<Block> chain() throws IOException {
        RlpReader reader = new RlpReader(Files.readAllBytes(Fixtures.executionApis().resolve("chain.rlp")));
        List<Block> blocks = new ArrayList<>();
        while (reader.hasNext()) {
            blocks.add(BlockCodec.readBlock(reader));
        }
        return blocks;
    }

    @Test
    void everyHeaderOfTheRealChainIsValid() throws IOException {
        Genesis genesis = genesis();
        HeaderValidator validator = new HeaderValidator(genesis.config());
        BlockHeader parent = genesis.block().header();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (Block block : chain()) {
            HeaderVerdict v = validator.validate(block, parent);
            if (v.isValid()) {
                passed++;
            } else {
                failures.add("block " + block.number() + ": " + v.message());
            }
            parent = block.header();
        }
        System.out.println("execution-apis chain headers: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);
        assertEquals(20, passed);
    }

    @Test
    void alteredHeadersAreRefusedBeforeExecution() throws IOException {
        List<Block> chain = chain();
        BlockHeader parent = chain.get((int) ALTERED - 2).header();
        BlockHeader original = chain.get((int) ALTERED - 1).header();
        assertEquals(ALTERED, original.number());
        // Each: the change, then the field name and the expected value the message must carry.
        Map<String, UnaryOperator<BlockHeader>> changes = new LinkedHashMap<>();
        long limitStep = parent.gasLimit() / 1024;
        changes.put("gasLimit " + (parent.gasLimit() - limitStep + 1), h -> edit(h, f -> f.gasLimit = parent.gasLimit() + limitStep));
        changes.put("timestamp more than the parent's " + parent.timestamp(), h -> edit(h, f -> f.timestamp = parent.timestamp()));
        changes.put("baseFeePerGas " + original.baseFeePerGas(),
                h -> edit(h, f -> f.baseFeePerGas = f.baseFeePerGas.add(U256.ONE)));
        changes.put("excessBlobGas " + original.excessBlobGas(), h -> edit(h, f -> f.excessBlobGas = f.excessBlobGas + 131_072));
        changes.put("extraData at most 32 bytes", h -> edit(h, f -> f.extraData = new byte[33]));
        changes.put("difficulty 0", h -> edit(h, f -> f.difficulty = U256.ONE));
        changes.put("blobGasUsed " + original.blobGasUsed(), h -> edit(h, f -> f.blobGasUsed = f.blobGasUsed + 131_072));
        int refused = 0;
        for (Map.Entry<String, UnaryOperator<BlockHeader>> c : changes.entrySet()) {
            String[] want = c.getKey().split(" ", 2);
            byte[] rlp = rewrite(chain, c.getValue());
            ChainImporter.Result r;
            Path data = dir.resolve(want[0]);
            try (ChainStore store = ChainStore.open(data)) {
                r = ChainImporter.importChain(store, genesis(), BlockProcessor.sequential(genesis().config(), true), rlp,
                        b -> {});
            }
            String problem = r.failure() == null ? "imported" : r.failure().problem();
            System.out.println(want[0] + " altered: " + r.failure());
            assertEquals(ALTERED - 1, r.imported(), problem);
            assertEquals(ALTERED, r.failure().number(), problem);
            assertTrue(problem.startsWith("invalid header: " + want[0] + ": header "), problem);
            assertTrue(problem.contains("expected " + want[1]), problem);
            refused++;
        }
        assertEquals(changes.size(), refused);
        // The unaltered rewrite imports whole: the re-linking itself is sound.
        try (ChainStore store = ChainStore.open(dir.resolve("unaltered"))) {
            ChainImporter.Result r = ChainImporter.importChain(store, genesis(),
                    BlockProcessor.sequential(genesis().config(), true), rewrite(chain, h -> h), b -> {});
            assertNull(r.failure(), String.valueOf(r.failure()));
            assertEquals(20, r.imported());
        }
    }

    @Test
    void proofOfWorkBlocksAreRefusedClearly() throws IOException {
        // The same genesis with the Merge at block 3: blocks 1 and 2 would be proof of work.
        String json = Files.readString(Fixtures.executionApis().resolve("genesis.json"))
                .replace("\"mergeNetsplitBlock\": 0", "\"mergeNetsplitBlock\": 3")
                .replace("\"shanghaiTime\": 0", "\"shanghaiTime\": 100000")
                .replace("\"cancunTime\": 0", "\"cancunTime\": 100000");
        Genesis genesis = Genesis.parse(json);
        assertEquals(dev.multilane.evm.Fork.LONDON, genesis.config().forks().forkAt(1, 10));
        try (ChainStore store = ChainStore.open(dir)) {
            ChainImporter.Result r = ChainImporter.importChain(store, genesis,
                    BlockProcessor.sequential(genesis.config(), true), rewrite(chain(), h -> h), b -> {});
            assertEquals(0, r.imported());
            assertTrue(r.failure().problem().startsWith("pre-merge chains are not supported by import"),
                    r.failure().problem());
        }
    }

    /** The chain with block {@link #ALTERED}'s header changed and every later block's parentHash re-linked. */
    private static byte[] rewrite(List<Block> chain, UnaryOperator<BlockHeader> change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hash previous = null;
        for (Block b : chain) {
            BlockHeader h = b.header();
            if (b.number() == ALTERED) {
                h = change.apply(h);
            } else if (b.number() > ALTERED) {
                Hash parent = previous;
                h = edit(h, f -> f.parentHash = parent);
            }
            previous = h.hash();
            out.writeBytes(BlockCodec.encodeBlock(new Block(h, b.transactions(), b.ommers(), b.withdrawals())));
        }
        return out.toByteArray();
    }

    /** A header's fields, open for a test to change one. */
    private static final class Fields {
        Hash parentHash;
        long gasLimit;
        long timestamp;
        byte[] extraData;
        U256 difficulty;
        U256 baseFeePerGas;
        Long blobGasUsed;
        Long excessBlobGas;
    }

    private static BlockHeader edit(BlockHeader h, java.util.function.Consumer<Fields> change) {
        Fields f = new Fields();
        f.parentHash = h.parentHash();
        f.gasLimit = h.gasLimit();
        f.timestamp = h.timestamp();
        f.extraData = h.extraData();
        f.difficulty = h.difficulty();
        f.baseFeePerGas = h.baseFeePerGas();
        f.blobGasUsed = h.blobGasUsed();
        f.excessBlobGas = h.excessBlobGas();
        change.accept(f);
        Address coinbase = h.coinbase();
        return new BlockHeader(f.parentHash, h.ommersHash(), coinbase, h.stateRoot(), h.transactionsRoot(),
                h.receiptsRoot(), h.logsBloom(), f.difficulty, h.number(), f.gasLimit, h.gasUsed(), f.timestamp,
                f.extraData, h.mixHash(), h.nonce(), f.baseFeePerGas, h.withdrawalsRoot(), f.blobGasUsed,
                f.excessBlobGas, h.parentBeaconBlockRoot());
    }
}
