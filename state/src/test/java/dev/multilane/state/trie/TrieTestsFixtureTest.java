package dev.multilane.state.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.state.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every file of ethereum/tests TrieTests. Root tests give {@code in} as a list of [key, value]
 * pairs applied in order (a null value deletes) or as a map (any order gives the same root; run
 * here forwards and backwards). Files named *secureTrie* hash each key with keccak256 first. Keys
 * and values starting with 0x are hex, otherwise UTF-8 text, unless {@code hexEncoded} says hex.
 * trietestnextprev.json checks, for each probe key, the previous and next stored key.
 */
class TrieTestsFixtureTest {
    private final List<String> failures = new ArrayList<>();
    private int passed;

    @Test
    void allTrieTests() throws IOException {
        Path dir = Fixtures.resolve("ethereum-tests/TrieTests");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        for (Path file : files) {
            JsonNode tests = json.readTree(file.toFile());
            String fileName = file.getFileName().toString();
            boolean secure = fileName.toLowerCase().contains("securetrie");
            for (Map.Entry<String, JsonNode> test : tests.properties()) {
                String name = fileName + ":" + test.getKey();
                try {
                    if (test.getValue().has("tests")) {
                        runNextPrev(name, test.getValue());
                    } else {
                        runRoot(name, test.getValue(), secure);
                    }
                } catch (RuntimeException e) {
                    failures.add(name + ": " + e);
                }
            }
        }
        System.out.println("TrieTests: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertEquals(List.of(), failures);
    }

    private void runRoot(String name, JsonNode test, boolean secure) {
        boolean hex = test.path("hexEncoded").asBoolean(false);
        Hash expected = Hash.fromHex(test.get("root").asText());
        List<byte[][]> ops = new ArrayList<>();
        JsonNode in = test.get("in");
        if (in.isArray()) {
            for (JsonNode pair : in) {
                ops.add(new byte[][] {bytes(pair.get(0), hex), bytes(pair.get(1), hex)});
            }
        } else {
            for (Map.Entry<String, JsonNode> e : in.properties()) {
                ops.add(new byte[][] {parse(e.getKey(), hex), bytes(e.getValue(), hex)});
            }
        }
        check(name, expected, root(ops, secure));
        if (!in.isArray()) {
            List<byte[][]> reversed = new ArrayList<>(ops);
            Collections.reverse(reversed);
            check(name + " (reversed)", expected, root(reversed, secure));
        }
    }

    private void check(String name, Hash expected, Hash actual) {
        if (expected.equals(actual)) {
            passed++;
        } else {
            failures.add(name + ": expected root " + expected + ", got " + actual);
        }
    }

    private static Hash root(List<byte[][]> ops, boolean secure) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (byte[][] op : ops) {
            byte[] key = secure ? Keccak.hash(op[0]) : op[0];
            trie.put(key, op[1]);
        }
        return trie.rootHash();
    }

    private void runNextPrev(String name, JsonNode test) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (JsonNode key : test.get("in")) {
            byte[] k = parse(key.asText(), false);
            trie.put(k, k);
        }
        List<byte[]> keys = new ArrayList<>();
        trie.forEach((k, v) -> keys.add(k));
        int i = 0;
        for (JsonNode probe : test.get("tests")) {
            byte[] key = parse(probe.get(0).asText(), false);
            byte[] prev = new byte[0];
            byte[] next = new byte[0];
            for (byte[] k : keys) {
                int c = Arrays.compareUnsigned(k, key);
                if (c < 0) {
                    prev = k;
                } else if (c > 0 && next.length == 0) {
                    next = k;
                }
            }
            String got = text(prev) + "," + text(next);
            String want = probe.get(1).asText() + "," + probe.get(2).asText();
            if (got.equals(want)) {
                passed++;
            } else {
                failures.add(name + "[" + i + "] key " + probe.get(0) + ": expected " + want + ", got " + got);
            }
            i++;
        }
    }

    private static byte[] bytes(JsonNode node, boolean hex) {
        return node == null || node.isNull() ? new byte[0] : parse(node.asText(), hex);
    }

    private static byte[] parse(String s, boolean hex) {
        return hex || s.startsWith("0x") ? Hex.decode(s) : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
