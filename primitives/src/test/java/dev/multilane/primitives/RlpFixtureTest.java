package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every case of ethereum/tests RLPTests. A case's {@code in} is the structure (strings, integers,
 * "#bigint" strings, nested arrays) and {@code out} its hex encoding; {@code in} of "INVALID"
 * means the strict decoder must reject {@code out}, and "VALID" that it must accept it.
 */
class RlpFixtureTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rlpTests() throws IOException {
        Path dir = Fixtures.root().resolve("ethereum-tests/RLPTests");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            Iterator<Map.Entry<String, JsonNode>> cases = json.readTree(file.toFile()).fields();
            while (cases.hasNext()) {
                Map.Entry<String, JsonNode> c = cases.next();
                String name = dir.relativize(file) + ":" + c.getKey();
                try {
                    runCase(c.getValue());
                    passed++;
                } catch (AssertionError | RuntimeException e) {
                    failures.add(name + ": " + e);
                }
            }
        }
        System.out.println("RLPTests: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertTrue(passed + failures.size() > 0, "no RLPTests cases found under " + dir);
        assertEquals(List.of(), failures);
    }

    private void runCase(JsonNode c) {
        JsonNode in = c.get("in");
        byte[] out = Hex.decode(c.get("out").asText());
        if (in.isTextual() && in.asText().equals("INVALID")) {
            try {
                Object decoded = decodeWhole(out);
                fail("accepted invalid RLP as " + describe(decoded));
            } catch (RlpException expected) {
                return;
            }
        }
        if (in.isTextual() && in.asText().equals("VALID")) {
            Object decoded = decodeWhole(out);
            assertEquals(Hex.encode(out), Hex.encode(encode(decoded)), "re-encoding");
            return;
        }
        Object expected = fromJson(in);
        assertEquals(Hex.encode(out), Hex.encode(encode(expected)), "encoding");
        assertEquals(describe(expected), describe(decodeWhole(out)), "decoding");
        assertEquals(Hex.encode(out), Hex.encode(new RlpReader(out).readRaw()), "readRaw");
        BigInteger number = number(in);
        if (number != null) {
            checkInteger(number, out);
        }
    }

    /** Integers also go through the typed encoders and readers. */
    private static void checkInteger(BigInteger v, byte[] out) {
        if (v.bitLength() <= 64) {
            assertEquals(Hex.encode(out), Hex.encode(Rlp.encodeLong(v.longValue())), "encodeLong");
            assertEquals(v.longValue(), new RlpReader(out).readLong(), "readLong");
        }
        if (v.bitLength() <= 256) {
            U256 u = U256.fromBigInteger(v);
            assertEquals(Hex.encode(out), Hex.encode(Rlp.encodeU256(u)), "encodeU256");
            assertEquals(u, new RlpReader(out).readU256(), "readU256");
        } else {
            assertThrows(RlpException.class, () -> new RlpReader(out).readU256());
        }
    }

    /** Decodes the input as one item, nested lists included, with nothing after it. */
    private static Object decodeWhole(byte[] data) {
        RlpReader reader = new RlpReader(data);
        Object item = decode(reader);
        reader.expectEnd();
        return item;
    }

    private static Object decode(RlpReader reader) {
        if (!reader.isList()) {
            return reader.readBytes();
        }
        RlpReader items = reader.enterList();
        List<Object> list = new ArrayList<>();
        while (items.hasNext()) {
            list.add(decode(items));
        }
        return list;
    }

    private static byte[] encode(Object item) {
        if (item instanceof byte[] bytes) {
            return Rlp.encodeBytes(bytes);
        }
        List<byte[]> encoded = new ArrayList<>();
        for (Object child : (List<?>) item) {
            encoded.add(encode(child));
        }
        return Rlp.encodeList(encoded);
    }

    private static Object fromJson(JsonNode node) {
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(child -> list.add(fromJson(child)));
            return list;
        }
        BigInteger number = number(node);
        if (number != null) {
            return Bytes.trimLeadingZeros(number.toByteArray());
        }
        return node.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The integer a node stands for: a JSON number or a "#123" string; null otherwise. */
    private static BigInteger number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isTextual() && node.asText().startsWith("#")) {
            return new BigInteger(node.asText().substring(1));
        }
        return null;
    }

    private static String describe(Object item) {
        if (item instanceof byte[] bytes) {
            return Hex.encode(bytes);
        }
        StringBuilder sb = new StringBuilder("[");
        for (Object child : (List<?>) item) {
            sb.append(sb.length() > 1 ? ", " : "").append(describe(child));
        }
        return sb.append(']').toString();
    }
}
