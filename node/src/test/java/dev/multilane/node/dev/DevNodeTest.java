package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.DecodeResult;
import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dev node in-process on an ephemeral loopback port, driven over HTTP JSON-RPC. */
@Timeout(120)
class DevNodeTest extends DevNodeFixture {
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);
    private static final BigInteger GENESIS_BALANCE = new BigInteger(DevGenesis.BALANCE);

    private static String transfer(int from, long chainId, long nonce, Address to, BigInteger value, long gas) {
        Transaction tx = UnsignedTransaction.dynamicFee(chainId, nonce, U256.of(1_000_000_000L), U256.of(3_000_000_000L),
                gas, to, U256.fromBigInteger(value), Bytes.EMPTY, List.of()).sign(DevAccounts.account(from).privateKey());
        return Hex.encode(tx.encode());
    }

    /** Bounded polling: the receipt, or fails after 200 tries. */
    private JsonNode awaitReceipt(String hash) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode r = result("eth_getTransactionReceipt", hash);
            if (!r.isNull()) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no receipt for " + hash);
    }

    @Test
    void transferIsMinedAndSurvivesRestart() throws Exception {
        start(0);
        Address alice = DevAccounts.account(0).address();
        Address bob = DevAccounts.account(1).address();
        assertEquals(0, blockNumber());
        assertEquals(GENESIS_BALANCE, balance(alice));

        String hash = result("eth_sendRawTransaction", transfer(0, 1337, 0, bob, ETHER, 21_000)).asText();
        JsonNode receipt = awaitReceipt(hash);
        assertEquals("0x1", receipt.get("status").asText());
        long mined = quantity(receipt.get("blockNumber")).longValueExact();
        assertTrue(mined >= 1);
        assertEquals(mined, blockNumber());
        BigInteger fee = quantity(receipt.get("gasUsed")).multiply(quantity(receipt.get("effectiveGasPrice")));
        assertEquals(BigInteger.valueOf(21_000), quantity(receipt.get("gasUsed")));
        assertEquals(GENESIS_BALANCE.add(ETHER), balance(bob));
        assertEquals(GENESIS_BALANCE.subtract(ETHER).subtract(fee), balance(alice));
        assertEquals("0x1", result("eth_getTransactionCount", alice.toString(), "pending").asText());
        JsonNode tx = result("eth_getTransactionByHash", hash);
        assertEquals(receipt.get("blockHash").asText(), tx.get("blockHash").asText());
        // The block pays the dev coinbase its tip.
        JsonNode block = result("eth_getBlockByNumber", "0x" + Long.toHexString(mined), false);
        assertEquals(BlockProducer.COINBASE.toString(), block.get("miner").asText());

        node.close();
        node = null;
        start(0);
        assertEquals(mined, blockNumber());
        assertEquals(GENESIS_BALANCE.add(ETHER), balance(bob));
        assertEquals(GENESIS_BALANCE.subtract(ETHER).subtract(fee), balance(alice));
        assertEquals("0x1", awaitReceipt(hash).get("status").asText());
        // And the chain goes on from its head.
        String second = result("eth_sendRawTransaction", transfer(0, 1337, 1, bob, ETHER, 21_000)).asText();
        assertEquals(mined + 1, quantity(awaitReceipt(second).get("blockNumber")).longValueExact());
        assertEquals(GENESIS_BALANCE.add(ETHER).add(ETHER), balance(bob));
    }

    @Test
    void badInputIsAnErrorAndTheNodeKeepsServing() throws Exception {
        start(0);
        Address bob = DevAccounts.account(1).address();
        JsonNode junk = rpcBody("{this is not json");
        assertEquals(-32700, junk.get("error").get("code").asInt());
        assertEquals(0, blockNumber());

        JsonNode malformed = rpc("eth_sendRawTransaction", "0xf8ff0102");
        assertTrue(malformed.has("error"), malformed.toString());
        assertTrue(malformed.get("error").get("message").asText().contains("invalid transaction encoding"),
                malformed.toString());
        assertTrue(rpc("eth_sendRawTransaction", "0xzz").has("error"));
        assertEquals(0, blockNumber());

        assertTrue(error("eth_sendRawTransaction", transfer(0, 1, 0, bob, ETHER, 21_000))
                .startsWith("invalid chain id"));
        assertTrue(error("eth_sendRawTransaction", transfer(0, 1337, 0, bob, ETHER, 20_000))
                .startsWith("intrinsic gas too low"));
        assertTrue(error("eth_sendRawTransaction", transfer(9, 1337, 0, bob, GENESIS_BALANCE, 21_000))
                .startsWith("insufficient funds for gas * price + value"));
        assertEquals(0, blockNumber());

        String hash = result("eth_sendRawTransaction", transfer(0, 1337, 0, bob, ETHER, 21_000)).asText();
        awaitReceipt(hash);
        assertTrue(error("eth_sendRawTransaction", transfer(0, 1337, 0, bob, BigInteger.TWO, 21_000))
                .startsWith("nonce too low"));
        assertTrue(error("eth_sendRawTransaction", transfer(0, 1337, 500, bob, BigInteger.TWO, 21_000))
                .startsWith("nonce too high"));
        assertEquals(1, blockNumber());
        assertEquals(GENESIS_BALANCE.add(ETHER), balance(bob));
    }

    @Test
    void manualMiningPendingTransactionsAndSetBalance() throws Exception {
        start(0);
        Address alice = DevAccounts.account(0).address();
        Address bob = DevAccounts.account(1).address();
        assertTrue(result("evm_setAutomine", false).asBoolean());
        assertFalse(result("anvil_getAutomine").asBoolean());

        String raw = transfer(0, 1337, 0, bob, ETHER, 21_000);
        String hash = result("eth_sendRawTransaction", raw).asText();
        assertEquals("already known", error("eth_sendRawTransaction", raw));
        assertTrue(error("eth_sendRawTransaction", transfer(0, 1337, 0, bob, BigInteger.TWO, 21_000))
                .startsWith("replacement transaction underpriced"));
        assertEquals(0, blockNumber());
        JsonNode pending = result("eth_getTransactionByHash", hash);
        assertTrue(pending.get("blockHash").isNull(), pending.toString());
        assertEquals("0x1", result("eth_getTransactionCount", alice.toString(), "pending").asText());
        assertEquals("0x0", result("eth_getTransactionCount", alice.toString(), "latest").asText());
        assertTrue(result("eth_getTransactionReceipt", hash).isNull());

        long timestamp = 4_000_000_000L;
        assertEquals("0x0", result("evm_mine", timestamp).asText());
        assertEquals(1, blockNumber());
        assertEquals("0x1", awaitReceipt(hash).get("status").asText());
        JsonNode block = result("eth_getBlockByNumber", "latest", false);
        assertEquals(timestamp, quantity(block.get("timestamp")).longValueExact());
        assertTrue(rpc("evm_mine", timestamp).has("error"), "a timestamp not after the parent's is refused");

        Address fresh = Address.fromHex("0x00000000000000000000000000000000000000aa");
        assertTrue(result("anvil_setBalance", fresh.toString(), "0x3e8").asBoolean());
        assertEquals(BigInteger.valueOf(1000), balance(fresh));
        assertTrue(result("hardhat_setBalance", bob.toString(), "0x5").asBoolean());
        assertEquals(BigInteger.valueOf(5), balance(bob));
        assertEquals(3, blockNumber());

        assertEquals("0x1", result("evm_snapshot").asText());
    }

    @Test
    void anotherChainIdOnTheSameDataDirIsRefused() {
        start(0);
        node.close();
        node = null;
        assertThrows(IllegalStateException.class,
                () -> DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, 0, 1, 1338), log));
    }

    @Test
    void blockTimeMinesEmptyBlocks() throws Exception {
        start(100);
        for (int i = 0; i < 200 && blockNumber() < 2; i++) {
            Thread.sleep(50);
        }
        assertTrue(blockNumber() >= 2);
        assertFalse(result("anvil_getAutomine").asBoolean());
    }

    @Test
    void thePoolLimitIsConfigurableAndOneBlockTakesWhatItHolds() throws Exception {
        node = DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, 0, 2, 1337, 3, 2), log);
        assertTrue(result("evm_setAutomine", false).asBoolean());
        Address bob = DevAccounts.account(9).address();
        // Two per sender, three in all; the fourth sender's equally priced transfer evicts nothing.
        result("eth_sendRawTransaction", transfer(0, 1337, 0, bob, ETHER, 21_000));
        result("eth_sendRawTransaction", transfer(0, 1337, 1, bob, ETHER, 21_000));
        assertTrue(error("eth_sendRawTransaction", transfer(0, 1337, 2, bob, ETHER, 21_000)).length() > 0);
        result("eth_sendRawTransaction", transfer(1, 1337, 0, bob, ETHER, 21_000));
        assertTrue(error("eth_sendRawTransaction", transfer(2, 1337, 0, bob, ETHER, 21_000)).contains("full"));
        result("evm_mine");
        JsonNode block = result("eth_getBlockByNumber", "latest", false);
        assertEquals(3, block.get("transactions").size());
    }

    @Test
    void badSignaturesAndOversizedRequestsAreRefusedAndTheNodeKeepsServing() throws Exception {
        start(0);
        Address bob = DevAccounts.account(1).address();
        Transaction good = Transaction.decode(Hex.decode(transfer(0, 1337, 0, bob, ETHER, 21_000)))
                instanceof DecodeResult.Decoded d ? d.transaction() : null;
        assertTrue(good != null);
        Signature sig = good.signature();
        // EIP-2: s above n/2 is refused even though (r, n - s) with the other parity is the same signature.
        Transaction highS = good.unsigned().withSignature(
                new Signature(1 - sig.yParity(), sig.r(), Signature.SECP256K1_N.sub(sig.s())));
        assertTrue(error("eth_sendRawTransaction", Hex.encode(highS.encode())).startsWith("invalid sender"));
        Transaction zeroR = good.unsigned().withSignature(new Signature(sig.yParity(), U256.ZERO, sig.s()));
        assertTrue(error("eth_sendRawTransaction", Hex.encode(zeroR.encode())).startsWith("invalid sender"));
        assertEquals(0, blockNumber());

        // Over the 5 MiB body limit: HTTP 413 before any parsing, and the next request is served.
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[\""
                + "a".repeat(6 * 1024 * 1024) + "\"]}";
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, res.statusCode(), res.body());

        String hash = result("eth_sendRawTransaction", transfer(0, 1337, 0, bob, ETHER, 21_000)).asText();
        assertEquals("0x1", awaitReceipt(hash).get("status").asText());
        assertEquals(GENESIS_BALANCE.add(ETHER), balance(bob));
    }
}
