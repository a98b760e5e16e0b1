package dev.multilane.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import dev.multilane.state.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrieRootsTest {
    @Test
    void emptyListHasTheEmptyRoot() {
        assertEquals(Keccak.EMPTY_TRIE_ROOT, TrieRoots.ordered(List.of()));
    }

    @Test
    void orderedKeysByRlpIndex() {
        List<byte[]> values = new ArrayList<>();
        Map<byte[], byte[]> pairs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            byte[] v = Rlp.encodeList(Rlp.encodeLong(i * 7919L), Rlp.encodeBytes(new byte[i % 40]));
            values.add(v);
            pairs.put(Rlp.encodeLong(i), v);
        }
        assertEquals(ReferenceTrie.root(pairs), TrieRoots.ordered(values));
        assertEquals(ReferenceTrie.root(pairs), TrieRoots.plain(pairs.entrySet()));
    }

    @Test
    void secureHashesKeys() {
        byte[] key = Hex.decode("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
        byte[] value = Hex.decode("0x01");
        assertEquals(ReferenceTrie.root(Map.of(Keccak.hash(key), value)), TrieRoots.secure(List.of(Map.entry(key, value))));
    }

    /**
     * EIP-4895: the header's withdrawalsRoot is the ordered trie of rlp([index, validatorIndex,
     * address, amount]). Checked against every post-Shanghai mainnet block in the fixtures.
     */
    @Test
    void withdrawalsRootsOfMainnetBlocks() throws IOException {
        Path dir = Fixtures.resolve("mainnet-blocks");
        List<Path> blocks;
        try (Stream<Path> s = Files.list(dir)) {
            blocks = s.map(p -> p.resolve("block.json")).filter(Files::exists).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : blocks) {
            JsonNode block = json.readTree(file.toFile());
            if (!block.hasNonNull("withdrawalsRoot")) {
                continue; // before Shanghai: no withdrawals in the header
            }
            List<byte[]> encoded = new ArrayList<>();
            for (JsonNode w : block.get("withdrawals")) {
                encoded.add(Rlp.encodeList(
                        Rlp.encodeU256(U256.parse(w.get("index").asText())),
                        Rlp.encodeU256(U256.parse(w.get("validatorIndex").asText())),
                        Rlp.encodeBytes(Hex.decode(w.get("address").asText())),
                        Rlp.encodeU256(U256.parse(w.get("amount").asText()))));
            }
            Hash expected = Hash.fromHex(block.get("withdrawalsRoot").asText());
            Hash actual = TrieRoots.ordered(encoded);
            if (expected.equals(actual)) {
                passed++;
            } else {
                failures.add(file.getParent().getFileName() + ": expected " + expected + ", got " + actual);
            }
        }
        System.out.println("Withdrawals roots: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertEquals(List.of(), failures);
        assertTrue(passed > 0, "no post-Shanghai block found in the fixtures");
    }
}
