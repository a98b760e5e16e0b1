package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.RlpReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ReceiptTest {

    @Test
    void legacyReceiptEncoding() {
        // rlp[0x01, 0x5208, 256 zero bytes, []]: payload 1 + 3 + 259 + 1 = 264 = 0x108 bytes:
        // f9 0108 | 01 | 82 5208 | b9 0100 00..00 | c0
        byte[] enc = Receipt.of(0, true, 21_000, List.of()).encode();
        assertEquals(3 + 264, enc.length);
        assertEquals("0xf9010801825208b90100", Hex.encode(java.util.Arrays.copyOf(enc, 10)));
        assertEquals((byte) 0xc0, enc[enc.length - 1]);
    }

    /** The one-pass encoder writes what the list of separately encoded fields gives. */
    @Test
    void encodingMatchesFieldByFieldRlp() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 500; round++) {
            List<Log> logs = new ArrayList<>();
            for (int l = random.nextInt(4); l > 0; l--) {
                byte[] address = new byte[20];
                random.nextBytes(address);
                List<Hash> topics = new ArrayList<>();
                for (int t = random.nextInt(5); t > 0; t--) {
                    byte[] topic = new byte[32];
                    random.nextBytes(topic);
                    topics.add(Hash.wrap(topic));
                }
                byte[] data = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(200)];
                random.nextBytes(data);
                logs.add(new Log(Address.wrap(address), topics, data));
            }
            int type = random.nextInt(4);
            boolean success = random.nextBoolean();
            long gas = random.nextLong() >>> random.nextInt(64);
            Receipt receipt = Receipt.of(type, success, gas, logs);
            byte[][] logItems = logs.stream().map(Log::rlp).toArray(byte[][]::new);
            byte[] body = dev.multilane.primitives.Rlp.encodeList(
                    dev.multilane.primitives.Rlp.encodeLong(success ? 1 : 0),
                    dev.multilane.primitives.Rlp.encodeLong(gas),
                    dev.multilane.primitives.Rlp.encodeBytes(receipt.bloom().toBytes()),
                    dev.multilane.primitives.Rlp.encodeList(logItems));
            byte[] expected = type == 0 ? body : dev.multilane.primitives.Bytes.concat(new byte[] {(byte) type}, body);
            assertEquals(Hex.encode(expected), Hex.encode(receipt.encode()));
        }
    }

    @Test
    void typedFailedReceiptStartsWithTypeAndEmptyStatus() {
        byte[] enc = Receipt.of(2, false, 0, List.of()).encode();
        assertEquals(0x02, enc[0]);
        // type ‖ f9 0106 | 80 (status 0) | 80 (gas 0) | b9 0100 ... : payload 1 + 1 + 259 + 1 = 262
        assertEquals("0x02f901068080b90100", Hex.encode(java.util.Arrays.copyOf(enc, 9)));
    }

    @Test
    void receiptKeepsItsOwnBloom() {
        LogsBloom bloom = new LogsBloom();
        Receipt r = new Receipt(0, true, 1, List.of(), bloom);
        bloom.addValue(new byte[20]);
        r.bloom().addValue(new byte[20]);
        assertEquals(new LogsBloom(), r.bloom());
    }

    /**
     * Receipts that a real client served for the execution-apis test chain: the bloom computed
     * from each receipt's logs must equal the one the client reported.
     */
    @Test
    void bloomsMatchRpcReceipts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path tests = Fixtures.path("execution-apis", "tests");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("eth_getTransactionReceipt", "eth_getBlockReceipts")) {
            try (Stream<Path> s = Files.list(tests.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".io")).sorted().forEach(files::add);
            }
        }
        int passed = 0;
        int withLogs = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            JsonNode result = json.readTree(responseLine(file)).get("result");
            if (result == null || result.isNull()) {
                continue;
            }
            for (JsonNode receipt : result.isArray() ? result : List.of(result)) {
                Receipt r = Receipt.of(Integer.decode(receipt.get("type").asText()),
                        receipt.get("status").asText().equals("0x1"),
                        Long.decode(receipt.get("cumulativeGasUsed").asText()), logs(receipt.get("logs")));
                byte[] expected = Hex.decode(receipt.get("logsBloom").asText());
                if (java.util.Arrays.equals(expected, r.bloom().toBytes())) {
                    passed++;
                    withLogs += r.logs().isEmpty() ? 0 : 1;
                } else {
                    failures.add(file.getFileName() + " " + receipt.get("transactionHash").asText());
                }
            }
        }
        System.out.println("RpcReceiptBlooms: " + passed + " passed, " + failures.size() + " failed ("
                + withLogs + " with logs)");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(withLogs >= 3, "too few receipts with logs ran");
        assertEquals(List.of(), failures);
    }

    /**
     * debug_getRawReceipts of block 3 of the execution-apis chain (types 0 to 3, with logs): each
     * receipt, rebuilt from its status, gas and logs, must encode to the exact bytes the client
     * served, bloom included.
     */
    @Test
    void rawRpcReceiptsRoundTrip() throws IOException {
        Path file = Fixtures.path("execution-apis", "tests", "debug_getRawReceipts", "get-block-n.io");
        JsonNode result = new ObjectMapper().readTree(responseLine(file)).get("result");
        int checked = 0;
        for (JsonNode item : result) {
            byte[] raw = Hex.decode(item.asText());
            int type = (raw[0] & 0xff) < 0x80 ? raw[0] : 0;
            byte[] list = type == 0 ? raw : java.util.Arrays.copyOfRange(raw, 1, raw.length);
            RlpReader r = RlpReader.ofSingleList(list);
            long status = r.readLong();
            long cumulativeGas = r.readLong();
            byte[] bloom = r.readBytes();
            List<Log> logs = new ArrayList<>();
            RlpReader logItems = r.enterList();
            while (logItems.hasNext()) {
                RlpReader log = logItems.enterList();
                Address address = log.readAddress();
                List<Hash> topics = new ArrayList<>();
                RlpReader topicItems = log.enterList();
                while (topicItems.hasNext()) {
                    topics.add(topicItems.readHash());
                }
                logs.add(new Log(address, topics, log.readBytes()));
            }
            r.expectEnd();
            Receipt receipt = Receipt.of(type, status == 1, cumulativeGas, logs);
            assertArrayEquals(bloom, receipt.bloom().toBytes(), "bloom of receipt " + checked);
            assertArrayEquals(raw, receipt.encode(), "encoding of receipt " + checked);
            checked++;
        }
        assertEquals(4, checked);
    }

    static String responseLine(Path ioFile) throws IOException {
        for (String line : Files.readAllLines(ioFile)) {
            if (line.startsWith("<< ")) {
                return line.substring(3);
            }
        }
        throw new IllegalStateException("no response in " + ioFile);
    }

    static List<Log> logs(JsonNode logs) {
        List<Log> out = new ArrayList<>();
        for (JsonNode l : logs) {
            List<Hash> topics = new ArrayList<>();
            l.get("topics").forEach(t -> topics.add(Hash.fromHex(t.asText())));
            out.add(new Log(Address.fromHex(l.get("address").asText()), topics, Hex.decode(l.get("data").asText())));
        }
        return out;
    }
}
