package dev.multilane.rpc.pubsub;

import static dev.multilane.rpc.pubsub.TestBlocks.A;
import static dev.multilane.rpc.pubsub.TestBlocks.B;
import static dev.multilane.rpc.pubsub.TestBlocks.T1;
import static dev.multilane.rpc.pubsub.TestBlocks.T2;
import static dev.multilane.rpc.pubsub.TestBlocks.T3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.store.IndexedLog;
import org.junit.jupiter.api.Test;

class LogCriteriaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LogCriteria parse(String json) throws Exception {
        LogCriteria.Decoded d = LogCriteria.parse(JSON.readTree(json), 0);
        assertNull(d.error(), () -> "unexpected " + d.error());
        return d.criteria();
    }

    private static IndexedLog at(long block, Log log) {
        return new IndexedLog(log, block, Hash.ZERO, Hash.ZERO, 0, 0);
    }

    @Test
    void addressesAndTopicsWithWildcardsAndAlternatives() throws Exception {
        LogCriteria c = parse("{\"address\":[\"" + A + "\",\"" + B + "\"],\"topics\":[null,[\"" + T2 + "\",\"" + T3
                + "\"]]}");
        assertTrue(c.matches(at(1, TestBlocks.log(A, T1, T2))));
        assertTrue(c.matches(at(1, TestBlocks.log(B, T3, T3, T1))));
        assertFalse(c.matches(at(1, TestBlocks.log(A, T1, T1))), "second topic is neither T2 nor T3");
        assertFalse(c.matches(at(1, TestBlocks.log(A, T2))), "fewer topics than positions");
        assertFalse(c.matches(at(1, TestBlocks.log(Address.ZERO, T1, T2))), "another contract");

        LogCriteria single = parse("{\"address\":\"" + A + "\",\"topics\":[\"" + T1 + "\"]}");
        assertTrue(single.matches(at(1, TestBlocks.log(A, T1))));
        assertFalse(single.matches(at(1, TestBlocks.log(B, T1))));
        assertTrue(LogCriteria.any().matches(at(9, TestBlocks.log(B))));
    }

    @Test
    void numericRangeBoundsNewBlocksAndTagsDoNot() throws Exception {
        LogCriteria c = parse("{\"fromBlock\":\"0x2\",\"toBlock\":\"0x3\"}");
        assertFalse(c.matches(at(1, TestBlocks.log(A))));
        assertTrue(c.matches(at(2, TestBlocks.log(A))));
        assertTrue(c.matches(at(3, TestBlocks.log(A))));
        assertFalse(c.matches(at(4, TestBlocks.log(A))));
        LogCriteria open = parse("{\"fromBlock\":\"latest\",\"toBlock\":\"latest\"}");
        assertTrue(open.matches(at(1_000, TestBlocks.log(A))));
        assertEquals(5, open.storedRange(5).fromBlock());
        assertEquals(0, parse("{\"fromBlock\":\"earliest\"}").storedRange(5).fromBlock());
    }

    @Test
    void badCriteriaAreInvalidParams() {
        for (String bad : new String[] {"[]", "\"x\"", "{\"address\":\"0x12\"}", "{\"address\":5}",
            "{\"topics\":[\"0x01\"]}", "{\"topics\":\"x\"}", "{\"fromBlock\":\"0xzz\"}", "{\"fromBlock\":7}",
            "{\"blockHash\":\"" + T1 + "\",\"fromBlock\":\"0x1\"}"}) {
            JsonNode n = parseTree(bad);
            RpcException e = assertThrows(RpcException.class, () -> LogCriteria.parse(n, 1), bad);
            assertEquals(RpcError.INVALID_PARAMS, e.error().code(), bad);
            assertTrue(e.error().message().startsWith("invalid argument 1: "), e.error().message());
        }
    }

    @Test
    void criteriaThatCannotBeServedAreServerErrors() throws Exception {
        String five = "[null,null,null,null,null]";
        assertEquals("exceed max topics", LogCriteria.parse(JSON.readTree("{\"topics\":" + five + "}"), 0).error().message());
        assertEquals("invalid from and to block combination",
                LogCriteria.parse(JSON.readTree("{\"fromBlock\":\"0x5\",\"toBlock\":\"0x4\"}"), 0).error().message());
        assertEquals("invalid from and to block combination",
                LogCriteria.parse(JSON.readTree("{\"toBlock\":\"0x4\"}"), 0).error().message());
        assertEquals(RpcError.SERVER_ERROR, LogCriteria.parse(JSON.readTree("{\"topics\":" + five + "}"), 0).error().code());
        // eth_getLogs has no rule for new logs: latest..4 decodes, its range is checked once resolved.
        LogCriteria.Decoded query = LogCriteria.parseQuery(JSON.readTree("{\"toBlock\":\"0x4\"}"), 0);
        assertNull(query.error());
        assertEquals(4L, query.criteria().toBlock());
        assertEquals("exceed max topics",
                LogCriteria.parseQuery(JSON.readTree("{\"topics\":" + five + "}"), 0).error().message());
    }

    private static JsonNode parseTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
