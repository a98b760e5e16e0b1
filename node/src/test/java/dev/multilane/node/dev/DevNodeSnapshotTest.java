package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * evm_snapshot / evm_revert and reads at earlier blocks on the dev node over HTTP: the expected
 * values are the ones the node itself reported at each block before the revert.
 */
@Timeout(120)
class DevNodeSnapshotTest extends DevNodeFixture {
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);

    private String balance(Address a, String block) throws Exception {
        return result("eth_getBalance", a.toString(), block).asText();
    }

    /** A transfer from dev account 0, mined at once (automine). */
    private void send(long nonce, Address to, BigInteger value) throws Exception {
        Transaction tx = UnsignedTransaction.dynamicFee(1337, nonce, U256.of(1_000_000_000L),
                U256.of(3_000_000_000L), 21_000, to, U256.fromBigInteger(value), Bytes.EMPTY, List.of())
                .sign(DevAccounts.account(0).privateKey());
        String hash = result("eth_sendRawTransaction", Hex.encode(tx.encode())).asText();
        assertFalse(result("eth_getTransactionReceipt", hash).isNull(), "automine mined " + hash);
    }

    /** A creation from dev account 0 whose init code emits one LOG0 (PUSH1 0 PUSH1 0 LOG0); mined at once. */
    private String createLogging(long nonce) throws Exception {
        Transaction tx = UnsignedTransaction.dynamicFee(1337, nonce, U256.of(1_000_000_000L),
                U256.of(3_000_000_000L), 100_000, null, U256.ZERO, Hex.decode("0x60006000a000"), List.of())
                .sign(DevAccounts.account(0).privateKey());
        String hash = result("eth_sendRawTransaction", Hex.encode(tx.encode())).asText();
        assertFalse(result("eth_getTransactionReceipt", hash).isNull(), "automine mined " + hash);
        return hash;
    }

    /**
     * After evm_revert a log filter returns the undone blocks' logs again with removed: true (geth's
     * reorg behaviour), a block filter forgets the undone blocks it had not returned, and both go
     * on with the blocks mined after the revert.
     */
    @Test
    void revertTellsFiltersOfTheUndoneBlocks() throws Exception {
        start(0);
        createLogging(0);
        String snapshot = result("evm_snapshot").asText();
        String logs = result("eth_newFilter", Map.of()).asText();
        String blocks = result("eth_newBlockFilter").asText();
        List<String> undone = List.of(createLogging(1), createLogging(2));
        JsonNode added = result("eth_getFilterChanges", logs);
        assertEquals(2, added.size());

        assertTrue(result("evm_revert", snapshot).asBoolean());
        JsonNode removed = result("eth_getFilterChanges", logs);
        assertEquals(2, removed.size(), removed.toString());
        for (int i = 0; i < 2; i++) {
            assertTrue(removed.get(i).get("removed").asBoolean(), removed.toString());
            assertEquals(undone.get(i), removed.get(i).get("transactionHash").asText());
            assertEquals(added.get(i).get("blockHash"), removed.get(i).get("blockHash"));
            assertEquals("0x" + Integer.toHexString(i + 2), removed.get(i).get("blockNumber").asText());
        }
        assertEquals(0, result("eth_getFilterChanges", blocks).size(), "blocks 2 and 3 are gone");

        String again = createLogging(1);
        String newTwo = result("eth_getBlockByNumber", "0x2", false).get("hash").asText();
        assertEquals(List.of(newTwo), JSON.convertValue(result("eth_getFilterChanges", blocks), List.class));
        JsonNode after = result("eth_getFilterChanges", logs);
        assertEquals(1, after.size());
        assertFalse(after.get(0).get("removed").asBoolean());
        assertEquals(again, after.get(0).get("transactionHash").asText());
    }

    @Test
    void revertRestoresBlocksAndStateAndEarlierBlocksStayReadable() throws Exception {
        start(0);
        Address alice = DevAccounts.account(0).address();
        Address bob = Address.fromHex("0x00000000000000000000000000000000000000b0");
        send(0, bob, ETHER);
        long base = blockNumber();
        String bobAtBase = balance(bob, "latest");
        String aliceAtBase = balance(alice, "latest");
        String baseHash = result("eth_getBlockByNumber", "latest", false).get("hash").asText();

        String first = result("evm_snapshot").asText();
        assertEquals("0x1", first);
        send(1, bob, ETHER);
        send(2, bob, ETHER);
        long middle = blockNumber();
        String bobAtMiddle = balance(bob, "latest");
        String second = result("evm_snapshot").asText();
        assertEquals("0x2", second);
        send(3, bob, ETHER);
        assertEquals(middle + 1, blockNumber());

        // Earlier blocks read as they were, by number and by hash.
        assertEquals(bobAtBase, balance(bob, "0x" + Long.toHexString(base)));
        assertEquals(bobAtBase, result("eth_getBalance", bob.toString(), Map.of("blockHash", baseHash)).asText());
        assertEquals(bobAtMiddle, balance(bob, "0x" + Long.toHexString(middle)));
        assertEquals("0x0", balance(bob, "earliest"));
        assertEquals("0x1", result("eth_getTransactionCount", alice.toString(), "0x" + Long.toHexString(base))
                .asText());

        // Back to the first snapshot: the second is forgotten with it.
        assertTrue(result("evm_revert", first).asBoolean());
        assertEquals(base, blockNumber());
        assertEquals(baseHash, result("eth_getBlockByNumber", "latest", false).get("hash").asText());
        assertEquals(bobAtBase, balance(bob, "latest"));
        assertEquals(aliceAtBase, balance(alice, "latest"));
        assertTrue(result("eth_getBlockByNumber", "0x" + Long.toHexString(middle), false).isNull());
        assertTrue(rpc("eth_getBalance", bob.toString(), "0x" + Long.toHexString(middle)).has("error"));
        assertEquals("0x1", result("eth_getTransactionCount", alice.toString(), "latest").asText());
        assertFalse(result("evm_revert", second).asBoolean(), "a snapshot after the reverted one is gone");
        assertFalse(result("evm_revert", first).asBoolean(), "a snapshot reverts once");
        assertFalse(result("evm_revert", "0x99").asBoolean(), "unknown id");
        assertTrue(rpc("evm_revert", "zz").has("error"));

        // The chain goes on from the reverted head, with nonce 1 again.
        send(1, bob, ETHER.add(ETHER));
        assertEquals(base + 1, blockNumber());
        assertEquals(quantity(JSON.readTree("\"" + bobAtBase + "\"")).add(ETHER).add(ETHER),
                quantity(result("eth_getBalance", bob.toString(), "latest")));
        assertEquals("0x3", result("evm_snapshot").asText());
    }
}
