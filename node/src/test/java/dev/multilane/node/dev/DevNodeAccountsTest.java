package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** eth_accounts and eth_sendTransaction from the dev node's unlocked accounts, as with anvil and Hardhat. */
class DevNodeAccountsTest extends DevNodeFixture {

    private static final String RECIPIENT = "0x00000000000000000000000000000000000beef1";

    @Test
    void listsTheTenDevAccountsInOrder() throws Exception {
        start(0);
        JsonNode accounts = result("eth_accounts");
        assertEquals(DevAccounts.COUNT, accounts.size());
        for (int i = 0; i < DevAccounts.COUNT; i++) {
            assertEquals(DevAccounts.account(i).address().toString(), accounts.get(i).asText());
        }
    }

    /** Only from and to and value given: nonce, gas and EIP-1559 fees are filled in, and it is mined. */
    @Test
    void sendsWithDefaultsAndMines() throws Exception {
        start(0);
        String from = DevAccounts.account(0).address().toString();
        String first = result("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "value", "0x64")).asText();
        String second = result("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "value", "0x1")).asText();
        JsonNode receipt = result("eth_getTransactionReceipt", first);
        assertEquals("0x1", receipt.get("status").asText());
        assertEquals("0x2", receipt.get("type").asText(), "no gasPrice given: an EIP-1559 transaction");
        assertEquals("0x5208", receipt.get("gasUsed").asText());
        JsonNode tx = result("eth_getTransactionByHash", second);
        assertEquals("0x1", tx.get("nonce").asText(), "the second send takes the next nonce");
        assertEquals(from, tx.get("from").asText());
        assertEquals(BigInteger.valueOf(101), new BigInteger(result("eth_getBalance", RECIPIENT, "latest").asText().substring(2), 16));
    }

    @Test
    void gasPriceGivesALegacyTransactionAndDataIsKept() throws Exception {
        start(0);
        String from = DevAccounts.account(1).address().toString();
        String hash = result("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "gasPrice", "0x3b9aca00",
                "gas", "0x7530", "data", "0x1234")).asText();
        JsonNode tx = result("eth_getTransactionByHash", hash);
        assertEquals("0x0", tx.get("type").asText());
        assertEquals("0x7530", tx.get("gas").asText());
        assertEquals("0x1234", tx.get("input").asText());
    }

    @Test
    void refusesAccountsItHasNoKeyForAndBadFields() throws Exception {
        start(0);
        assertTrue(error("eth_sendTransaction", Map.of("from", RECIPIENT, "to", RECIPIENT)).startsWith("unknown account"));
        assertTrue(error("eth_sendTransaction", Map.of("to", RECIPIENT)).contains("missing \"from\""));
        String from = DevAccounts.account(2).address().toString();
        assertTrue(error("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "chainId", "0x1"))
                .contains("chainId does not match"));
        assertTrue(error("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "value", "0xffffffffffffffffffffffffffffffff"))
                .contains("insufficient funds"));
        // The node still serves this account afterwards, with a nonce the caller gives.
        String ok = result("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "nonce", "0x0")).asText();
        assertEquals("0x1", result("eth_getTransactionReceipt", ok).get("status").asText());
        assertTrue(error("eth_sendTransaction", Map.of("from", from, "to", RECIPIENT, "nonce", "0x0"))
                .startsWith("nonce too low"));
    }
}
