package dev.multilane.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevGenesis;
import dev.multilane.node.dev.DevNode;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.store.Genesis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./multilane node}: options, genesis checks, and a node on the execution-apis chain. */
@Timeout(120)
class NodeCommandTest {
    private static final Path TESTS = SharedFixtures.root().resolve("execution-apis").resolve("tests");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void parsesOptions() {
        String genesis = TESTS.resolve("genesis.json").toString();
        NodeCommand.Options o = NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--port", "0",
                "--block-time", "500", "--threads", "3", "--host", "0.0.0.0"));
        assertEquals(Path.of("d"), o.config().dataDir());
        assertEquals(500, o.config().blockTimeMs());
        assertEquals(3, o.config().threads());
        assertEquals("0.0.0.0", o.config().host());
        assertTrue(o.mining());
        assertEquals(DevConfig.DEFAULT_TXPOOL_MAX, o.config().txpoolMax());
        NodeCommand.Options big = NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--txpool-max",
                "250000", "--txpool-max-per-sender", "5000"));
        assertEquals(250_000, big.config().txpoolMax());
        assertEquals(5_000, big.config().txpoolPerSender());
        assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--txpool-max", "0")));
        assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--txpool-max", "many")));
        assertFalse(NodeCommand.parse(List.of("--no-mining", "--genesis", genesis, "--data-dir", "d")).mining());
        assertThrows(IllegalArgumentException.class, () -> NodeCommand.parse(List.of("--data-dir", "d")));
        assertThrows(IllegalArgumentException.class, () -> NodeCommand.parse(List.of("--genesis", genesis)));
        assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.parse(List.of("--genesis", "/no/such/file.json", "--data-dir", "d")));
        assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--port", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.parse(List.of("--genesis", genesis, "--data-dir", "d", "--no-mining", "--block-time",
                        "5")));
    }

    @Test
    void refusesGenesisFilesItCannotMine() throws Exception {
        Path london = dir.resolve("london.json");
        Files.writeString(london, """
                {"config": {"chainId": 5, "berlinBlock": 0, "londonBlock": 0}, "gasLimit": "0x1000000",
                 "difficulty": "0x1", "alloc": {}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeCommand.readGenesis(london));
        assertTrue(e.getMessage().contains("block 1 would be at London, before the Merge"), e.getMessage());
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{not json");
        assertThrows(IllegalArgumentException.class, () -> NodeCommand.readGenesis(junk));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = Main.run(new String[] {"node", "--genesis", london.toString(), "--data-dir",
                dir.resolve("d").toString()}, sink, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("mines proof-of-stake blocks only"), err.toString());
        assertEquals(Main.USAGE_ERROR, Main.run(new String[] {"node"}, sink, sink));
    }

    /** A post-merge chain whose Shanghai and Cancun are still ahead is minable (its blocks follow the schedule). */
    @Test
    void acceptsAPostMergeGenesisBeforeShanghai() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Path paris = dir.resolve("paris.json");
        Files.writeString(paris, """
                {"config": {"chainId": 5, "berlinBlock": 0, "londonBlock": 0, "terminalTotalDifficulty": 0,
                  "shanghaiTime": %d, "cancunTime": %d},
                 "gasLimit": "0x1c9c380", "baseFeePerGas": "0x3b9aca00", "difficulty": "0x0", "timestamp": "0x%x",
                 "alloc": {}}
                """.formatted(now + 3600, now + 7200, now));
        Genesis genesis = NodeCommand.readGenesis(paris);
        assertEquals(5, genesis.config().chainId());
    }

    /** The execution-apis genesis (chain 3503995874084926): the node serves it and mines on it. */
    @Test
    void runsAConfiguredChainAndRefusesAnotherOnItsDataDir() throws Exception {
        Genesis genesis = NodeCommand.readGenesis(TESTS.resolve("genesis.json"));
        Path data = dir.resolve("data");
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (DevNode node = DevNode.start(new DevConfig(data, "127.0.0.1", 0, 0, 2, DevConfig.DEFAULT_CHAIN_ID),
                genesis, log);
                HttpClient http = HttpClient.newHttpClient()) {
            assertEquals("0xc72dd9d5e883e", rpc(http, node, "eth_chainId").asText());
            assertEquals(genesis.hash().toString(), rpc(http, node, "eth_getBlockByNumber", "0x0", false).get("hash")
                    .asText());
            assertEquals("0x0", rpc(http, node, "evm_mine").asText());
            assertEquals("0x1", rpc(http, node, "eth_blockNumber").asText());
            // The genesis alloc is the state: an account it funds.
            assertEquals("0xc097ce7bc90715b34b9f1000000000",
                    rpc(http, node, "eth_getBalance", "0x0c2c51a0990aee1d73c1228de158688341557508", "latest").asText());
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DevNode.start(
                new DevConfig(data, "127.0.0.1", 0, 0, 1, 1337), DevGenesis.build(1337), log));
        assertTrue(refused.getMessage().contains("holds another chain"), refused.getMessage());
    }

    private static JsonNode rpc(HttpClient http, DevNode node, String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params",
                List.of(params)));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        JsonNode r = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        assertFalse(r.has("error"), method + ": " + r);
        return r.get("result");
    }
}
