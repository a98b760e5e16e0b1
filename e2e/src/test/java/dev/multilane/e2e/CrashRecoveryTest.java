package dev.multilane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.node.dev.DevAccounts;
import dev.multilane.node.dev.DevGenesis;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 under load. A dev node runs as its own process; several dev accounts send signed
 * transfers continuously and every transaction whose receipt the node returned is recorded as
 * acknowledged. The node is SIGKILLed at a random moment, restarted on the same data directory,
 * and must still hold every acknowledged transaction in the same block, with nonces and balances
 * that match its receipts exactly. After the last round the stopped chain is re-executed from
 * genesis (sequentially, in memory) and every header's state root must match.
 *
 * <p>Each sender's transaction for a nonce is always the same bytes (the value is a function of
 * the nonce), so a transaction lost with the in-memory pool is simply sent again after a restart
 * and has the same hash; whatever the chain holds below a sender's nonce is therefore known.
 */
@Timeout(300)
class CrashRecoveryTest {
    private static final long CHAIN_ID = 1337;
    private static final int SENDERS = 4;
    private static final int ROUNDS = 5;
    private static final BigInteger GENESIS_BALANCE = new BigInteger(DevGenesis.BALANCE);

    @TempDir
    Path dir;

    /** A transaction the node acknowledged as mined: its receipt was returned. */
    private record Ack(int sender, long nonce, String hash, long block, String blockHash) {}

    /** Per sender: the hash sent for each nonce, and the acknowledged ones. */
    private final Map<Integer, Map<Long, String>> sent = new ConcurrentHashMap<>();
    private final Map<String, Ack> acked = new ConcurrentHashMap<>();
    /** What went wrong on a sender thread (other than the node dying), for the test thread to report. */
    private final Queue<Throwable> senderFailures = new ConcurrentLinkedQueue<>();

    private static Address recipient(int sender) {
        return Address.fromHex(String.format("0x%040x", 0xe2e000 + sender));
    }

    private static BigInteger value(long nonce) {
        return BigInteger.valueOf(1_000_000 + nonce);
    }

    private static Transaction signed(int sender, long nonce) {
        return UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, U256.of(1_000_000_000L),
                U256.of(3_000_000_000L), 21_000, recipient(sender), U256.fromBigInteger(value(nonce)), Bytes.EMPTY,
                List.of()).sign(DevAccounts.account(sender).privateKey());
    }

    @ParameterizedTest(name = "block time {0} ms")
    @ValueSource(longs = {0, 50})
    void acknowledgedTransactionsSurviveSigkill(long blockTimeMs) throws Exception {
        Path data = dir.resolve("data");
        Random random = new Random(blockTimeMs * 7919 + 1);
        for (int round = 1; round <= ROUNDS; round++) {
            try (NodeProcess node = NodeProcess.startDev(data, blockTimeMs, dir.resolve("node.log"))) {
                JsonRpc rpc = new JsonRpc(node.url());
                verify(rpc, "after restart " + (round - 1));
                int before = acked.size();
                long loadMs = 800 + random.nextInt(1_500);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders.add(Thread.ofPlatform().start(() -> load(rpc, sender, stop)));
                }
                Thread.sleep(loadMs);
                // SIGKILL while the senders are still sending: requests in flight die with it.
                int exit = node.kill9();
                stop.set(true);
                for (Thread t : senders) {
                    t.join(30_000);
                }
                assertEquals(List.of(), List.copyOf(senderFailures));
                assertEquals(137, exit, "destroyForcibly should SIGKILL (128 + 9)");
                int added = acked.size() - before;
                System.out.printf("block time %d ms, round %d: killed after %d ms, %d acknowledged (%d in all)%n",
                        blockTimeMs, round, loadMs, added, acked.size());
                assertTrue(added > 0, "no transaction was acknowledged in round " + round + "; see " + node.log());
            }
        }
        try (NodeProcess node = NodeProcess.startDev(data, blockTimeMs, dir.resolve("node.log"))) {
            JsonRpc rpc = new JsonRpc(node.url());
            verify(rpc, "after the last kill");
            // The chain goes on from the recovered head.
            long head = JsonRpc.quantity(rpc.result("eth_blockNumber")).longValueExact();
            long nonce = JsonRpc.quantity(rpc.result("eth_getTransactionCount",
                    DevAccounts.account(0).address().toString(), "latest")).longValueExact();
            Transaction tx = signed(0, nonce);
            String hash = rpc.result("eth_sendRawTransaction", Hex.encode(tx.encode())).asText();
            assertEquals(tx.hash().toString(), hash);
            sent.get(0).put(nonce, hash);
            JsonNode receipt = awaitReceipt(rpc, hash);
            long minedIn = JsonRpc.quantity(receipt.get("blockNumber")).longValueExact();
            assertTrue(minedIn > head);
            JsonNode block = rpc.result("eth_getBlockByNumber", JsonRpc.hex(minedIn), false);
            assertEquals(receipt.get("blockHash").asText(), block.get("hash").asText());
            node.kill9();
        }
        ChainReplay.Outcome replay = ChainReplay.replay(data, DevGenesis.build(CHAIN_ID));
        System.out.printf("block time %d ms: re-executed %d blocks, %d transactions from genesis: %d problems%n",
                blockTimeMs, replay.blocks(), replay.transactions(), replay.problems().size());
        assertEquals(List.of(), replay.problems());
        assertTrue(replay.transactions() >= acked.size());
    }

    /** Sends one sender's transfers one after another until stopped or the node is gone. */
    private void load(JsonRpc rpc, int sender, AtomicBoolean stop) {
        Map<Long, String> mine = sent.computeIfAbsent(sender, k -> new ConcurrentHashMap<>());
        String from = DevAccounts.account(sender).address().toString();
        try {
            long nonce = JsonRpc.quantity(rpc.result("eth_getTransactionCount", from, "latest")).longValueExact();
            while (!stop.get()) {
                Transaction tx = signed(sender, nonce);
                String hash = tx.hash().toString();
                // Recorded before sending: in automine the node mines before it answers, so a kill
                // during the call can leave this transaction mined without a reply.
                mine.put(nonce, hash);
                JsonRpc.Reply r = rpc.call("eth_sendRawTransaction", Hex.encode(tx.encode()));
                if (!r.ok() || !hash.equals(r.result().asText())) {
                    throw new AssertionError("sender " + sender + " nonce " + nonce + ": " + r);
                }
                JsonNode receipt = awaitReceipt(rpc, hash);
                acked.put(hash, new Ack(sender, nonce, hash, JsonRpc.quantity(receipt.get("blockNumber")).longValueExact(),
                        receipt.get("blockHash").asText()));
                nonce++;
            }
        } catch (IOException e) {
            // The node was killed mid-request: expected, this transaction is not acknowledged.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
            senderFailures.add(e);
        }
    }

    private static JsonNode awaitReceipt(JsonRpc rpc, String hash) throws IOException, InterruptedException {
        for (int i = 0; i < 3_000; i++) {
            JsonNode r = rpc.result("eth_getTransactionReceipt", hash);
            if (!r.isNull()) {
                return r;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no receipt for " + hash + " after 15 s");
    }

    /**
     * Everything acknowledged is there, in the same canonical block; below each sender's nonce every
     * transaction has a receipt; balances equal genesis minus what those receipts say was spent.
     */
    private void verify(JsonRpc rpc, String when) throws Exception {
        Map<String, JsonNode> receipts = new HashMap<>();
        Map<Integer, Long> nonces = new HashMap<>();
        for (var e : sent.entrySet()) {
            int sender = e.getKey();
            Address from = DevAccounts.account(sender).address();
            long nonce = JsonRpc.quantity(rpc.result("eth_getTransactionCount", from.toString(), "latest"))
                    .longValueExact();
            nonces.put(sender, nonce);
            BigInteger value = BigInteger.ZERO;
            BigInteger spent = BigInteger.ZERO;
            for (long n = 0; n < nonce; n++) {
                String hash = e.getValue().get(n);
                assertTrue(hash != null, when + ": sender " + sender + " nonce " + n + " was never sent");
                JsonNode r = rpc.result("eth_getTransactionReceipt", hash);
                assertTrue(!r.isNull(), when + ": sender " + sender + " nonce " + n + " mined but has no receipt");
                assertEquals("0x1", r.get("status").asText());
                receipts.put(hash, r);
                BigInteger fee = JsonRpc.quantity(r.get("gasUsed")).multiply(
                        JsonRpc.quantity(r.get("effectiveGasPrice")));
                value = value.add(value(n));
                spent = spent.add(value(n)).add(fee);
            }
            assertEquals(value, JsonRpc.quantity(rpc.result("eth_getBalance", recipient(sender).toString(), "latest")),
                    when + ": recipient of sender " + sender);
            assertEquals(GENESIS_BALANCE.subtract(spent), JsonRpc.quantity(rpc.result("eth_getBalance",
                    from.toString(), "latest")), when + ": sender " + sender);
        }
        Map<Long, String> canonical = new HashMap<>();
        for (Ack a : acked.values()) {
            // Acknowledged means mined, so the chain's nonce must be past it.
            assertTrue(a.nonce() < nonces.get(a.sender()), when + ": acknowledged " + a + " is not below sender "
                    + a.sender() + "'s nonce " + nonces.get(a.sender()));
            assertEquals(a.blockHash(), receipts.get(a.hash()).get("blockHash").asText(), when + ": " + a + " moved");
            String hash = canonical.get(a.block());
            if (hash == null) {
                hash = rpc.result("eth_getBlockByNumber", JsonRpc.hex(a.block()), false).get("hash").asText();
                canonical.put(a.block(), hash);
            }
            assertEquals(a.blockHash(), hash, when + ": block " + a.block() + " was replaced");
        }
    }
}
