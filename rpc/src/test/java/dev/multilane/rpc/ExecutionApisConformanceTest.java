package dev.multilane.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.pool.PoolConfig;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.conformance.ConformanceSuite;
import dev.multilane.rpc.eth.EthApi;
import dev.multilane.rpc.eth.RpcContext;
import dev.multilane.rpc.eth.TxMethods;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution-apis (hive rpc-compat) cases through the dispatcher, after importing their chain:
 * the eth methods plus the pool-backed {@link TxMethods}, as a node without mining serves them (the
 * node module's RpcConformanceCommandTest runs the same cases over HTTP against the real node).
 * Asserts the pass count reached so far so that a regression fails; the cases still failing are
 * printed with their causes (listed in docs/conformance.md).
 */
class ExecutionApisConformanceTest {
    /** Every case: all 88 pass today, so any regression fails the build. */
    static final int MIN_PASSED = 88;

    @TempDir
    Path data;

    @Test
    void replayEveryCase() throws Exception {
        Path dir = SharedFixtures.root().resolve("execution-apis").resolve("tests");
        ConformanceSuite.Report report = ConformanceSuite.run(dir, data, ExecutionApisConformanceTest::inProcess);
        assertNull(report.importProblem(), "chain import");
        assertEquals(20, report.imported());
        report.cases().stream().filter(c -> c.failure() != null).forEach(c -> System.out.println(
                "  FAIL " + c.name() + ": " + abbreviate(c.failure())));
        System.out.println("ExecutionApisConformance: " + report.passed() + " passed, " + report.failed() + " failed");
        assertEquals(88, report.cases().size(), "case count");
        assertTrue(report.passed() >= MIN_PASSED, report.passed() + " passed, expected at least " + MIN_PASSED);
    }

    /** The store, a pool on its head and the dispatcher, with no server and no block producer. */
    private static ConformanceSuite.Endpoint inProcess(Path dataDir, Genesis genesis) {
        ChainStore store = ChainStore.open(dataDir);
        RpcContext ctx = new RpcContext(store, genesis.config());
        long gasLimit = store.header(store.head().orElseThrow().number()).orElseThrow().gasLimit();
        TransactionPool pool = new TransactionPool(PoolConfig.defaults(Fork.CANCUN, genesis.config().chainId(),
                gasLimit), store.state(), U256.ZERO);
        JsonRpcDispatcher dispatcher = EthApi.register(new JsonRpcDispatcher(), ctx);
        new TxMethods(ctx, pool, result -> {}).register(dispatcher);
        return new ConformanceSuite.Endpoint() {
            @Override
            public String handle(String request) {
                return dispatcher.handle(request);
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
