package dev.multilane.node.statetest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Fork;
import dev.multilane.evm.InvalidReason;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's reading of the fixture format, checked without an EVM. */
class StateTestParsingTest {
    private static final Address SENDER = Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    private static final String SECRET_KEY = "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";

    /** A test with two data entries (the second with an access list), two gas limits, two values. */
    private static final String LEGACY_AND_ACCESS_LIST = """
            {"t": {
              "env": {"currentCoinbase": "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
                      "currentDifficulty": "0x020000", "currentGasLimit": "0xff112233445566",
                      "currentNumber": "0x01", "currentTimestamp": "1000"},
              "pre": {"0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b":
                        {"balance": "0x0de0b6b3a7640000", "code": "0x", "nonce": "0x00", "storage": {}}},
              "transaction": {
                "data": ["0x", "0x00ff"],
                "gasLimit": ["0x5208", "0x10000000000000000"],
                "value": ["0x01", "0x:bigint 0x10000000000000000000000000000000000000000000000000000000000000001"],
                "accessLists": [null, [{"address": "0x095e7baea6a6c7c4c2dfeb977efac326af552d87",
                                         "storageKeys": ["0x01", "0x02"]}]],
                "gasPrice": "0x0a", "nonce": "0x00", "secretKey": "%s", "to": ""},
              "post": {"Istanbul": [], "Cancun": [
                {"indexes": {"data": 1, "gas": 0, "value": 0},
                 "hash": "0x0000000000000000000000000000000000000000000000000000000000000001",
                 "logs": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
                 "txbytes": "0x", "expectException": "TR_Whatever"}]}
            }}
            """.formatted(SECRET_KEY);

    private static final String DYNAMIC_FEE_TX = """
            "data": ["0x"], "gasLimit": ["0x5208"], "value": ["0x00"], "nonce": "0x01",
            "maxFeePerGas": "0x0c", "maxPriorityFeePerGas": "0x02",
            "sender": "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b", "secretKey": "%s",
            "to": "0x095e7baea6a6c7c4c2dfeb977efac326af552d87"
            """.formatted(SECRET_KEY);

    private static StateTest only(String json) throws Exception {
        List<StateTest> tests = StateTestParser.parse(json);
        assertEquals(1, tests.size());
        return tests.getFirst();
    }

    private static String withTransaction(String txFields) {
        return """
                {"t": {"env": {"currentCoinbase": "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
                  "currentDifficulty": "0x00", "currentGasLimit": "0x01c9c380", "currentNumber": "0x01",
                  "currentTimestamp": "0x03e8", "currentBaseFee": "0x07", "currentExcessBlobGas": "0x20000",
                  "currentRandom": "0x0000000000000000000000000000000000000000000000000000000000000abc"},
                 "pre": {}, "transaction": {%s}, "post": {}}}
                """.formatted(txFields);
    }

    private static TxEnv built(StateTest t, int d, int g, int v) {
        VectorTx tx = t.transaction().build(new PostVector.Indexes(d, g, v));
        return assertInstanceOf(VectorTx.Built.class, tx).tx();
    }

    @Test
    void legacyUnlessTheDataIndexHasAnAccessList() throws Exception {
        StateTest t = only(LEGACY_AND_ACCESS_LIST);
        assertEquals(0, t.transaction().typeFor(0));
        assertEquals(1, t.transaction().typeFor(1));

        TxEnv legacy = built(t, 0, 0, 0);
        assertEquals(0, legacy.type());
        assertEquals(List.of(), legacy.accessList());
        assertEquals(U256.of(10), legacy.gasPrice());
        assertNull(legacy.maxFeePerGas());
        assertNull(legacy.maxPriorityFeePerGas());

        TxEnv withList = built(t, 1, 0, 0);
        assertEquals(1, withList.type());
        assertArrayEquals(new byte[] {0, (byte) 0xff}, withList.data());
        assertEquals(21_000, withList.gasLimit());
        assertEquals(U256.ONE, withList.value());
        assertEquals(1, withList.accessList().size());
        assertEquals(List.of(U256.of(1), U256.of(2)), withList.accessList().getFirst().storageKeys());
        assertEquals(U256.of(10), withList.gasPrice());
    }

    @Test
    void emptyToIsCreationAndSenderComesFromTheSecretKey() throws Exception {
        TxEnv tx = built(only(LEGACY_AND_ACCESS_LIST), 0, 0, 0);
        assertTrue(tx.isCreate());
        assertEquals(SENDER, tx.sender());
        assertEquals(0, tx.nonce());
    }

    @Test
    void gasLimitBeyondLongIsClampedAndValueBeyondWordIsUnencodable() throws Exception {
        StateTest t = only(LEGACY_AND_ACCESS_LIST);
        assertEquals(Long.MAX_VALUE, built(t, 0, 1, 0).gasLimit());
        VectorTx tooRich = t.transaction().build(new PostVector.Indexes(0, 0, 1));
        assertInstanceOf(VectorTx.Unencodable.class, tooRich);
    }

    @Test
    void dynamicFeeAndBlobTypes() throws Exception {
        TxEnv type2 = built(only(withTransaction(DYNAMIC_FEE_TX)), 0, 0, 0);
        assertEquals(2, type2.type());
        assertNull(type2.gasPrice());
        assertEquals(U256.of(12), type2.maxFeePerGas());
        assertEquals(U256.of(2), type2.maxPriorityFeePerGas());
        assertEquals(1, type2.nonce());
        assertEquals(List.of(), type2.blobHashes());
        assertNull(type2.maxFeePerBlobGas());

        String blobHash = "0x01a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
        TxEnv type3 = built(only(withTransaction(DYNAMIC_FEE_TX
                + ", \"maxFeePerBlobGas\": \"0x64\", \"blobVersionedHashes\": [\"" + blobHash + "\"]")), 0, 0, 0);
        assertEquals(3, type3.type());
        assertEquals(List.of(Hash.fromHex(blobHash)), type3.blobHashes());
        assertEquals(U256.of(100), type3.maxFeePerBlobGas());
        assertNull(type3.gasPrice());
    }

    @Test
    void environmentDefaultsAndPrevRandaoPerFork() throws Exception {
        TestEnv sparse = only(LEGACY_AND_ACCESS_LIST).env();
        var cancun = sparse.toBlockEnv(Fork.CANCUN);
        assertEquals(U256.of(10), cancun.baseFee());
        assertEquals(0, cancun.excessBlobGas());
        assertEquals(1000, cancun.timestamp());
        assertEquals(U256.of(0x020000), cancun.prevRandao()); // no currentRandom: difficulty

        TestEnv full = only(withTransaction(DYNAMIC_FEE_TX)).env();
        assertEquals(U256.of(7), full.toBlockEnv(Fork.LONDON).baseFee());
        assertEquals(0x20000, full.toBlockEnv(Fork.CANCUN).excessBlobGas());
        assertEquals(U256.ZERO, full.toBlockEnv(Fork.LONDON).prevRandao()); // DIFFICULTY before the Merge
        assertEquals(U256.of(0xabc), full.toBlockEnv(Fork.PARIS).prevRandao()); // EIP-4399
    }

    @Test
    void blockHashIsKeccakOfTheDecimalNumber() throws Exception {
        assertEquals(Keccak.of("1".getBytes()), TestEnv.blockHash(1));
        assertEquals(Keccak.of("255".getBytes()), TestEnv.blockHash(255));
        assertEquals(
                Hash.fromHex("0xc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc6"),
                TestEnv.blockHash(1));
        var block = only(LEGACY_AND_ACCESS_LIST).env().toBlockEnv(Fork.BERLIN);
        assertEquals(TestEnv.blockHash(0), block.blockHashes().apply(0));
    }

    @Test
    void vectorsAreFoundByForkAndOtherForksAreIgnored() throws Exception {
        StateTest t = only(LEGACY_AND_ACCESS_LIST);
        List<PostVector> cancun = t.vectors(Fork.CANCUN);
        assertEquals(1, cancun.size());
        assertEquals(new PostVector.Indexes(1, 0, 0), cancun.getFirst().indexes());
        assertEquals("TR_Whatever", cancun.getFirst().expectException());
        assertEquals(List.of(), t.vectors(Fork.BERLIN));
    }

    @Test
    void numbersInEveryFixtureSpelling() {
        assertEquals(0, FixtureNumbers.big("0x").signum());
        assertEquals(255, FixtureNumbers.big("0xff").intValue());
        assertEquals(1000, FixtureNumbers.big("1000").intValue());
        assertEquals(257, FixtureNumbers.big("0x:bigint 0x1" + "0".repeat(64)).bitLength());
        assertEquals(-1L, FixtureNumbers.u64("0xffffffffffffffff")); // unsigned 2^64-1 in a long
    }

    /**
     * The runner's plumbing with a stand-in EVM that rejects every transaction: vectors that expect
     * an exception pass (so the pre-state root matches geth's), the others fail with a clear line.
     */
    @Test
    void runnerWithAStandInThatRejectsEverything() throws Exception {
        TransactionExecutor rejectAll =
                (fork, block, tx, state) -> new TxResult.Invalid(InvalidReason.INTRINSIC_GAS_TOO_LOW, "stand-in");
        StateTestRunner runner = new StateTestRunner(rejectAll, null, 2);
        Path stExample = Fixtures.generalStateTests().resolve("stExample");

        StateTestReport invalid = runner.run(List.of(stExample.resolve("invalidTr.json")));
        assertEquals(List.of(), invalid.failures());
        assertEquals(
                List.of("Berlin: 1 passed, 0 failed", "London: 1 passed, 0 failed", "Paris: 1 passed, 0 failed",
                        "Shanghai: 1 passed, 0 failed", "Cancun: 1 passed, 0 failed"),
                invalid.summaryLines());

        StateTestReport add11 = runner.run(List.of(stExample), r -> {});
        VectorResult first = add11.failures().stream()
                .filter(r -> r.id().file().equals("add11.json"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "FAIL add11.json::add11 Berlin d=0 g=0 v=0: unexpected invalid: INTRINSIC_GAS_TOO_LOW stand-in",
                first.line());
        assertTrue(add11.tally(Fork.CANCUN).failed() > 0);
    }

    @Test
    void forkFilterAndUnsupportedForksSkipped() throws Exception {
        TransactionExecutor rejectAll = (fork, block, tx, state) -> new TxResult.Invalid(InvalidReason.NONCE_TOO_LOW, "");
        Path file = Fixtures.generalStateTests().resolve("stExample").resolve("accessListExample.json");
        StateTestReport report = new StateTestRunner(rejectAll, Fork.LONDON, 1).run(List.of(file));
        assertEquals(List.of(Fork.LONDON), List.copyOf(report.tallies().keySet()));
        assertTrue(report.failures().getFirst().line().startsWith("FAIL " + file + "::accessListExample London d=0"));
    }

    @Test
    void invalidTransactionLogsHashIsEmptyListHash() {
        assertEquals(Keccak.EMPTY_LIST, StateTestRunner.logsHash(List.of()));
    }
}
