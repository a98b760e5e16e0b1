package dev.multilane.rpc.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.RpcError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|\\+Inf|-Inf|NaN)");

    private static Block block(long number, int txs, long gasUsed) {
        byte[] key = new byte[32];
        key[31] = 1;
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            list.add(UnsignedTransaction.dynamicFee(1, i, U256.ONE, U256.ONE, 21_000, Address.ZERO, U256.ZERO,
                    Bytes.EMPTY, List.of()).sign(key));
        }
        BlockHeader h = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, Address.ZERO, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT,
                Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, number, 30_000_000, gasUsed, 1, new byte[0],
                Hash.ZERO, 0, U256.ONE, Keccak.EMPTY_TRIE_ROOT, 0L, 0L, Hash.ZERO);
        return new Block(h, list, List.of(), List.of());
    }

    /** Every sample of the text, by name and labels; checks each line's syntax on the way. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).replace("+Inf", "Infinity")));
        }
        return out;
    }

    @Test
    void poolPhasesCountTowardsTheBlock() {
        NodeMetrics m = new NodeMetrics();
        m.recordBlock(block(1, 2, 42_000), new BlockTimings(0, 10_000_000, 0, 5_000_000, 2_000_000, 3_000_000),
                (ExecutionStats) null, false);
        Map<String, Double> s = samples(m.render());
        assertEquals(0.002, s.get("multilane_block_phase_last_seconds{phase=\"pool_selection\"}"), 1e-12);
        assertEquals(0.003, s.get("multilane_block_phase_last_seconds{phase=\"pool_update\"}"), 1e-12);
        assertEquals(1.0, s.get("multilane_block_phase_seconds_count{phase=\"pool_update\"}"));
        assertEquals(0.02, s.get("multilane_block_production_seconds_sum"), 1e-9);
    }

    @Test
    void blocksPhasesParallelStatsAndRpcCalls() {
        JsonRpcDispatcher d = new JsonRpcDispatcher()
                .register("ok", p -> MethodResult.ok(TextNode.valueOf("x")))
                .register("bad", p -> MethodResult.err(RpcError.server("no")));
        NodeMetrics m = new NodeMetrics().observe(d).gauge("multilane_pool_pending", "pending", () -> 3);
        Map<String, Double> before = samples(m.render());
        assertEquals(0.0, before.get("multilane_blocks_mined_total"));
        assertEquals(3.0, before.get("multilane_pool_pending"));

        m.recordBlock(block(1, 4, 84_000), new BlockTimings(1_000_000, 20_000_000, 3_000_000, 6_000_000),
                (ExecutionStats) null, false);
        // The engine's counters, as EngineRun.of takes them from its ExecutionStats.
        m.blocks().record(block(2, 0, 0), new BlockTimings(0, 10_000_000, 0, 0),
                new EngineRun(ExecutionStats.Mode.PARALLEL, 4, 6, 2, 2, 1), true);
        d.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ok\"}");
        d.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ok\"}");
        d.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"bad\"}");
        d.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nonsense_" + System.nanoTime() + "\"}");

        String text = m.render();
        Map<String, Double> s = samples(text);
        assertEquals(2.0, s.get("multilane_blocks_mined_total"));
        assertEquals(4.0, s.get("multilane_transactions_mined_total"));
        assertEquals(84_000.0, s.get("multilane_gas_used_total"));
        assertEquals(2.0, s.get("multilane_head_block_number"));
        assertEquals(0.0, s.get("multilane_last_block_transactions"));
        assertEquals(0.02, s.get("multilane_block_phase_seconds_sum{phase=\"execution\"}") - 0.01, 1e-9);
        assertEquals(2.0, s.get("multilane_block_phase_seconds_count{phase=\"commit\"}"));
        assertEquals(1.0, s.get("multilane_block_phase_seconds_bucket{phase=\"execution\",le=\"0.01\"}"));
        assertEquals(2.0, s.get("multilane_block_phase_seconds_bucket{phase=\"execution\",le=\"+Inf\"}"));
        assertEquals(0.01, s.get("multilane_block_phase_last_seconds{phase=\"execution\"}"), 1e-12);
        assertEquals(0.0, s.get("multilane_block_phase_last_seconds{phase=\"state_root\"}"));
        assertEquals(0.04, s.get("multilane_block_production_seconds_sum"), 1e-9);
        // 4 transactions in 40 ms of production.
        assertEquals(100.0, s.get("multilane_transactions_per_second"), 1e-6);
        assertEquals(1.0, s.get("multilane_parallel_blocks_total{mode=\"parallel\"}"));
        assertEquals(2.0, s.get("multilane_parallel_reexecutions_total"));
        assertEquals(6.0, s.get("multilane_parallel_executions_total"));
        assertEquals(1.0, s.get("multilane_parallel_fallbacks_total{level=\"executor\"}"));
        assertEquals(0.0, s.get("multilane_parallel_fallbacks_total{level=\"engine\"}"));
        assertEquals(0.5, s.get("multilane_parallel_last_reexecution_rate"));
        assertEquals(2.0, s.get("multilane_rpc_requests_total{method=\"ok\"}"));
        assertEquals(1.0, s.get("multilane_rpc_requests_total{method=\"bad\"}"));
        assertEquals(1.0, s.get("multilane_rpc_errors_total{method=\"bad\"}"));
        assertEquals(1.0, s.get("multilane_rpc_requests_total{method=\"unknown\"}"));
        assertEquals(1.0, s.get("multilane_rpc_errors_total{method=\"unknown\"}"));
        assertTrue(text.contains("# TYPE multilane_block_phase_seconds histogram\n"), text);
        assertTrue(text.contains("# TYPE multilane_transactions_mined_total counter\n"), text);
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("k=\"a\\\"b\\\\c\\nd\"", Exposition.label("k", "a\"b\\c\nd"));
        assertEquals("1", Exposition.number(1.0));
        assertEquals("0.25", Exposition.number(0.25));
        assertEquals("+Inf", Exposition.number(Double.POSITIVE_INFINITY));
    }
}
