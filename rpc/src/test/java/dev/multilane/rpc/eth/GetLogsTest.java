package dev.multilane.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.store.ChainImporter;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eth_getLogs' parameter checks on the execution-apis chain (20 blocks; block 2 holds logs), with
 * geth's errors; the results themselves are the conformance suite's.
 */
class GetLogsTest {
    private static final Path TESTS = SharedFixtures.root().resolve("execution-apis").resolve("tests");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ChainStore store;
    private JsonRpcDispatcher dispatcher;

    @BeforeEach
    void importChain() throws Exception {
        Genesis genesis = Genesis.read(TESTS.resolve("genesis.json"));
        store = ChainStore.open(dir);
        ChainImporter.Result r = ChainImporter.importChain(store, genesis,
                BlockProcessor.sequential(genesis.config(), true), Files.readAllBytes(TESTS.resolve("chain.rlp")),
                b -> {});
        assertNull(r.failure());
        dispatcher = EthApi.register(new JsonRpcDispatcher(), new RpcContext(store, genesis.config()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private JsonNode getLogs(String filter) throws Exception {
        return JSON.readTree(dispatcher.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":["
                + filter + "]}"));
    }

    private void assertError(String filter, int code, String message) throws Exception {
        JsonNode r = getLogs(filter);
        assertTrue(r.has("error"), r.toString());
        assertEquals(code, r.get("error").get("code").asInt(), r.toString());
        assertTrue(r.get("error").get("message").asText().contains(message), r.toString());
    }

    @Test
    void rangesTagsAndBlockHashSelectTheSameLogs() throws Exception {
        JsonNode range = getLogs("{\"fromBlock\":\"0x2\",\"toBlock\":\"0x2\"}").get("result");
        assertFalse(range.isEmpty(), "block 2 has logs");
        String hash = range.get(0).get("blockHash").asText();
        assertEquals(range, getLogs("{\"blockHash\":\"" + hash + "\"}").get("result"));
        assertEquals(range, getLogs("{\"fromBlock\":\"earliest\",\"toBlock\":\"0x2\"}").get("result"));
        // latest..latest: the head, block 20.
        JsonNode head = getLogs("{}").get("result");
        assertEquals(getLogs("{\"fromBlock\":\"0x14\",\"toBlock\":\"latest\"}").get("result"), head);
        // Topics by position: the first log's first topic matches it.
        String topic = range.get(0).get("topics").get(0).asText();
        JsonNode byTopic = getLogs("{\"fromBlock\":\"0x2\",\"toBlock\":\"0x2\",\"topics\":[\"" + topic
                + "\"]}").get("result");
        assertTrue(byTopic.size() >= 1, byTopic.toString());
        for (JsonNode l : byTopic) {
            assertEquals(topic, l.get("topics").get(0).asText());
        }
    }

    @Test
    void gethsErrors() throws Exception {
        assertError("{\"topics\":[null,null,null,null,null]}", -32000, "exceed max topics");
        assertError("{\"fromBlock\":\"0x5\",\"toBlock\":\"0x2\"}", -32000, "invalid block range params");
        // latest (20) to 2 runs backwards once resolved; geth's GetLogs answers the same.
        assertError("{\"fromBlock\":\"latest\",\"toBlock\":\"0x2\"}", -32000, "invalid block range params");
        assertError("{\"blockHash\":\"0x" + "11".repeat(32) + "\"}", -32000, "unknown block");
        assertError("{\"blockHash\":\"0x" + "11".repeat(32) + "\",\"fromBlock\":\"0x1\"}", -32602,
                "cannot specify both BlockHash and FromBlock/ToBlock");
        assertError("{\"address\":\"0x1\"}", -32602, "");
        assertError("5", -32602, "");
    }
}
