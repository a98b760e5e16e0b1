package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.evm.Fork;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenesisTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The execution-apis genesis against block 0 as a real client served it (eth_getBlockByNumber
     * get-genesis): the hash, the state root, and every header field.
     */
    @Test
    void executionApisGenesisMatchesTheClient() throws IOException {
        Genesis genesis = Genesis.read(Fixtures.executionApis().resolve("genesis.json"));
        JsonNode expected = JSON.readTree(Fixtures.response(
                Fixtures.executionApis().resolve("eth_getBlockByNumber").resolve("get-genesis.io"))).get("result");
        BlockHeader h = genesis.block().header();
        List<String> failures = new ArrayList<>();
        check(failures, "hash", expected.get("hash").asText(), genesis.hash().toString());
        check(failures, "stateRoot", expected.get("stateRoot").asText(), h.stateRoot().toString());
        check(failures, "withdrawalsRoot", expected.get("withdrawalsRoot").asText(), h.withdrawalsRoot().toString());
        check(failures, "parentBeaconBlockRoot", expected.get("parentBeaconBlockRoot").asText(),
                h.parentBeaconBlockRoot().toString());
        check(failures, "baseFeePerGas", expected.get("baseFeePerGas").asText(), h.baseFeePerGas().toHexString());
        check(failures, "excessBlobGas", expected.get("excessBlobGas").asText(), "0x" + Long.toHexString(h.excessBlobGas()));
        check(failures, "gasLimit", expected.get("gasLimit").asText(), "0x" + Long.toHexString(h.gasLimit()));
        System.out.println("ExecutionApisGenesis: " + (7 - failures.size()) + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);

        assertEquals(3503995874084926L, genesis.config().chainId());
        assertEquals(Fork.CANCUN, genesis.config().forkAt(h));
        assertEquals(List.of(), genesis.block().withdrawals());
        assertEquals(23, genesis.alloc().size());
    }

    private static void check(List<String> failures, String field, String expected, String actual) {
        if (!expected.equalsIgnoreCase(actual)) {
            failures.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void forkScheduleFollowsTheConfig() {
        Genesis g = Genesis.parse("""
                {"config": {"chainId": "0x10", "berlinBlock": 0, "londonBlock": 5, "mergeNetsplitBlock": 10,
                            "shanghaiTime": "1000", "cancunTime": 2000},
                 "alloc": {}}
                """);
        ForkSchedule forks = g.config().forks();
        assertEquals(16, g.config().chainId());
        assertEquals(Fork.BERLIN, forks.forkAt(4, 0));
        assertEquals(Fork.LONDON, forks.forkAt(9, 0));
        assertEquals(Fork.PARIS, forks.forkAt(10, 999));
        assertEquals(Fork.SHANGHAI, forks.forkAt(11, 1000));
        assertEquals(Fork.CANCUN, forks.forkAt(12, 2000));
        // Berlin genesis: no London fields, and geth's defaults for the rest.
        BlockHeader h = g.block().header();
        assertNull(h.baseFeePerGas());
        assertNull(h.withdrawalsRoot());
        assertNull(g.block().withdrawals());
        assertEquals(Genesis.DEFAULT_GAS_LIMIT, h.gasLimit());
        assertEquals(U256.ZERO, h.difficulty()); // no ethash section
        assertEquals(Keccak.EMPTY_TRIE_ROOT, h.stateRoot());
    }

    @Test
    void terminalTotalDifficultyReachedAtGenesisIsParisFromTheStart() {
        Genesis g = Genesis.parse("""
                {"config": {"chainId": 1, "berlinBlock": 0, "londonBlock": 0, "terminalTotalDifficulty": 131072,
                            "ethash": {}, "shanghaiTime": 0},
                 "alloc": {}}
                """);
        assertEquals(Genesis.DEFAULT_DIFFICULTY, g.block().header().difficulty()); // ethash, zero mixHash
        assertEquals(Fork.SHANGHAI, g.config().forks().forkAt(0, 0));
        assertEquals(Genesis.INITIAL_BASE_FEE, g.block().header().baseFeePerGas());

        Genesis passed = Genesis.parse("""
                {"config": {"chainId": 1, "berlinBlock": 0, "londonBlock": 0, "terminalTotalDifficulty": 99999999,
                            "terminalTotalDifficultyPassed": true}, "difficulty": "0x1", "alloc": {}}
                """);
        assertEquals(Fork.PARIS, passed.config().forks().forkAt(1, 0));
    }

    @Test
    void allocCarriesBalanceNonceCodeAndStorage() {
        Genesis g = TestChain.genesis();
        AccountChange contract = g.alloc().stream().filter(c -> c.address().equals(TestChain.EMITTER)).findFirst()
                .orElseThrow();
        assertEquals(1, contract.info().nonce());
        assertEquals(Keccak.of(contract.code()), contract.info().codeHash());
        // "0x02": "0x00" is dropped: a zero slot does not exist.
        assertEquals(java.util.Map.of(U256.ONE, U256.of(42)), contract.storage());
        AccountChange sender = g.alloc().stream().filter(c -> c.address().equals(TestChain.SENDER)).findFirst()
                .orElseThrow();
        assertEquals(U256.parse("1000000000000000000000"), sender.info().balance());
        assertEquals(g.state().stateRoot(), g.block().header().stateRoot());
        assertEquals(Fork.CANCUN, g.config().forkAt(g.block().header()));
        assertEquals(Hash.ZERO, g.block().header().parentBeaconBlockRoot());
        assertEquals(0L, g.block().header().blobGasUsed());
    }

    @Test
    void configsMultilaneCannotRunAreRefused() {
        assertRefused("{\"config\": {\"chainId\": 1, \"londonBlock\": 0}, \"alloc\": {}}", "berlinBlock");
        assertRefused("{\"config\": {\"berlinBlock\": 0}, \"alloc\": {}}", "chainId");
        assertRefused("{\"config\": {\"chainId\": 1, \"berlinBlock\": 0, \"londonBlock\": 0, \"mergeNetsplitBlock\": 0,"
                + " \"shanghaiTime\": 0, \"cancunTime\": 0, \"pragueTime\": 0}, \"alloc\": {}}", "pragueTime");
        assertRefused("{\"config\": {\"chainId\": 1, \"berlinBlock\": 0, \"londonBlock\": 0, \"shanghaiTime\": 0},"
                + " \"alloc\": {}}", "Merge");
        assertRefused("{\"config\": {\"chainId\": 1, \"berlinBlock\": 0, \"terminalTotalDifficulty\": 100},"
                + " \"difficulty\": \"0x1\", \"alloc\": {}}", "proof of work");
        assertRefused("{\"config\": {\"chainId\": 1, \"berlinBlock\": 5}, \"alloc\": {}}", "genesis block");
        assertRefused("{\"config\": {\"chainId\": -1, \"berlinBlock\": 0}, \"alloc\": {}}", "64 bits");
    }

    private static void assertRefused(String json, String mention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Genesis.parse(json));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    @Test
    void addressesWithoutPrefixAndDecimalBalances() {
        Genesis g = Genesis.parse("""
                {"config": {"chainId": 1, "berlinBlock": 0},
                 "alloc": {"00000000000000000000000000000000000000aa": {"balance": "255"},
                           "0x00000000000000000000000000000000000000bb": {"balance": "0xff"}}}
                """);
        assertEquals(2, g.alloc().size());
        for (AccountChange c : g.alloc()) {
            assertEquals(U256.of(255), c.info().balance());
        }
        assertEquals(Address.fromHex("0x00000000000000000000000000000000000000aa"), g.alloc().get(0).address());
    }
}
