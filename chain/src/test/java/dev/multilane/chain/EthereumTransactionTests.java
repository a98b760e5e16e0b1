package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ethereum/tests TransactionTests: each test has {@code txbytes} and, per fork, either the
 * expected {@code hash}, {@code sender} and {@code intrinsicGas} or an {@code exception}. Every
 * (test, fork) pair for Berlin to Cancun is one vector; results for older forks are not counted.
 */
class EthereumTransactionTests {
    /** TransactionTests are filled for mainnet, chain id 1. */
    private static final long CHAIN_ID = 1;
    private static final List<String> FORKS = List.of("Berlin", "London", "Paris", "Shanghai", "Cancun");

    @Test
    void allVectors() throws IOException {
        Path dir = Fixtures.path("ethereum-tests", "TransactionTests");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        int passed = 0;
        int tests = 0;
        int testsWithoutSupportedFork = 0;
        int olderForkResults = 0;
        List<String> failures = new ArrayList<>();
        // expected exception -> our rejection -> count, so the mapping is on record.
        Map<String, Map<String, Integer>> rejections = new TreeMap<>();

        for (Path file : files) {
            JsonNode root = json.readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> test = it.next();
                tests++;
                String name = dir.relativize(file) + ":" + test.getKey();
                byte[] txBytes = Hex.decode(test.getValue().get("txbytes").asText());
                JsonNode results = test.getValue().get("result");
                boolean anySupported = false;
                for (Iterator<String> forks = results.fieldNames(); forks.hasNext(); ) {
                    String forkName = forks.next();
                    if (!FORKS.contains(forkName)) {
                        olderForkResults++;
                        continue;
                    }
                    anySupported = true;
                    String failure = runVector(Fork.fromName(forkName), txBytes, results.get(forkName), rejections);
                    if (failure == null) {
                        passed++;
                    } else {
                        failures.add(name + " [" + forkName + "]: " + failure);
                    }
                }
                if (!anySupported) {
                    testsWithoutSupportedFork++;
                }
            }
        }

        System.out.println("TransactionTests: " + passed + " passed, " + failures.size() + " failed ("
                + files.size() + " files, " + tests + " tests; " + testsWithoutSupportedFork
                + " tests skipped for having only pre-Berlin results; " + olderForkResults
                + " pre-Berlin fork results not counted)");
        System.out.println("TransactionTests expected exception -> our rejection:");
        rejections.forEach((expected, ours) -> System.out.println("  " + expected + " -> " + ours));
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed > 0, "no vectors ran");
        assertEquals(List.of(), failures, failures.size() + " TransactionTests vectors failed");
    }

    /** Null when the vector passes, else what went wrong. */
    private static String runVector(Fork fork, byte[] txBytes, JsonNode expected,
            Map<String, Map<String, Integer>> rejections) {
        TxValidation result = new TransactionValidator(fork, CHAIN_ID).validate(txBytes);
        if (expected.has("exception")) {
            String exception = expected.get("exception").asText();
            return switch (result) {
                case TxValidation.Valid v -> "accepted (sender " + v.sender() + "), expected " + exception;
                case TxValidation.Invalid inv -> {
                    rejections.computeIfAbsent(exception, k -> new TreeMap<>())
                            .merge(inv.reason().toString(), 1, Integer::sum);
                    yield null;
                }
            };
        }
        if (!(result instanceof TxValidation.Valid valid)) {
            TxValidation.Invalid inv = (TxValidation.Invalid) result;
            return "rejected as " + inv.reason() + " (" + inv.detail() + "), expected valid";
        }
        Transaction tx = ((DecodeResult.Decoded) Transaction.decode(txBytes)).transaction();
        Address sender = Address.fromHex(expected.get("sender").asText());
        Hash hash = Hash.fromHex(expected.get("hash").asText());
        long intrinsic = Long.decode(expected.get("intrinsicGas").asText());
        if (!valid.sender().equals(sender)) {
            return "sender " + valid.sender() + ", expected " + sender;
        }
        if (!tx.hash().equals(hash)) {
            return "hash " + tx.hash() + ", expected " + hash;
        }
        if (valid.intrinsicGas() != intrinsic) {
            return "intrinsic gas " + valid.intrinsicGas() + ", expected " + intrinsic;
        }
        // The encoder, fed the decoded fields, must give back the exact bytes.
        byte[] reencoded = tx.unsigned().withSignature(tx.signature()).encode();
        if (!Arrays.equals(reencoded, txBytes)) {
            return "re-encoded as " + Hex.encode(reencoded);
        }
        return null;
    }
}
