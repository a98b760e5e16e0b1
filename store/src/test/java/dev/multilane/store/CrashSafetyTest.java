package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.state.trie.TrieRoots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is committing blocks ({@link CrashWriter}) with SIGKILL at random moments,
 * reopens its database after each kill and checks the crash-safety promise: the head is the last
 * block the writer reported committed or the one after it (in flight when killed), every block up
 * to the head is there whole (header, body, receipts, transaction index, bloom, all matching the
 * header's roots), and the state root rebuilt from the flat state is the head's.
 *
 * <p>Bounded: five short-lived writers. The kill moments are random but nothing is timed; the
 * only wait with a limit is for a writer's first block, so a writer that hangs fails the test
 * instead of stalling it.
 */
class CrashSafetyTest {
    private static final int ROUNDS = 5;
    private static final long FIRST_BLOCK_WAIT_SECONDS = 180;

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveWholeBlocks() throws Exception {
        Path db = dir.resolve("db");
        long seed = new Random().nextLong();
        System.out.println("CrashSafety: seed " + seed);
        Random random = new Random(seed);
        long acked = -1;
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path stderr = dir.resolve("writer" + round + ".err");
            Process writer = start(db, seed + round, stderr);
            LinkedBlockingQueue<Long> reported = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofPlatform().start(() -> readNumbers(writer, reported));
            long before = acked;
            if (round == 0) {
                // Anywhere in start-up: JVM, RocksDB open, genesis write or the first blocks.
                Thread.sleep(random.nextInt(1500));
            } else {
                Long first = reported.poll(FIRST_BLOCK_WAIT_SECONDS, TimeUnit.SECONDS);
                if (first == null) {
                    writer.destroyForcibly().waitFor();
                    fail("writer " + round + " reported no block; stderr:\n" + Files.readString(stderr));
                }
                acked = Math.max(acked, first); // taken off the queue, so the loop below won't see it
                Thread.sleep(random.nextInt(800));
            }
            writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            writer.waitFor();
            reader.join();
            for (Long n : reported) {
                acked = Math.max(acked, n);
            }
            long head = verify(db, acked);
            rounds.add("round " + round + ": acked " + acked + ", head " + head + ", exit " + writer.exitValue());
            assertTrue(round == 0 || acked > before, "writer " + round + " made no progress");
            acked = Math.max(acked, head); // the next writer builds on the head, in flight or not
        }
        rounds.forEach(r -> System.out.println("CrashSafety: " + r));
        System.out.println("CrashSafety: " + ROUNDS + " passed, 0 failed");
    }

    /**
     * The same with writers that also roll back: after each kill the head must be the last one the
     * writer reported, or the one its interrupted step was making (the next block, or the target of
     * an announced rollback), and the chain, its change sets and its state must be whole.
     */
    @Test
    void killedWritersThatRollBackLeaveAWholeChain() throws Exception {
        Path db = dir.resolve("db");
        long seed = new Random().nextLong();
        System.out.println("CrashSafety with rollbacks: seed " + seed);
        Random random = new Random(seed);
        long head = -1;
        int rollbacksSeen = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path stderr = dir.resolve("rwriter" + round + ".err");
            Process writer = start(db, seed + round, stderr, "rollbacks");
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CountDownLatch firstLine = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> readLines(writer, lines, firstLine));
            if (round > 0 && !firstLine.await(FIRST_BLOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                writer.destroyForcibly().waitFor();
                fail("writer " + round + " reported nothing; stderr:\n" + Files.readString(stderr));
            }
            Thread.sleep(random.nextInt(round == 0 ? 1500 : 800));
            writer.destroyForcibly();
            writer.waitFor();
            reader.join();
            long reported = head;
            Long inFlight = null;
            for (String line : lines) {
                if (line.startsWith("R ")) {
                    inFlight = Long.parseLong(line.substring(2));
                    rollbacksSeen++;
                } else {
                    reported = Long.parseLong(line);
                    inFlight = null;
                }
            }
            long allowedOther = inFlight != null ? inFlight : reported + 1;
            long found = verifyWhole(db);
            assertTrue(found == reported || found == allowedOther, "round " + round + ": head " + found
                    + ", expected " + reported + " or " + allowedOther);
            head = found;
        }
        System.out.println("CrashSafety with rollbacks: " + ROUNDS + " passed, 0 failed (" + rollbacksSeen
                + " rollbacks started)");
    }

    /** Every block to the head whole, a change set for each and none above, the state root right. */
    private static long verifyWhole(Path db) {
        try (ChainStore store = ChainStore.open(db)) {
            if (store.head().isEmpty()) {
                return -1;
            }
            ChainHead head = store.head().get();
            Hash parent = null;
            for (long n = 0; n <= head.number(); n++) {
                parent = checkBlock(store, n, parent);
                assertEquals(n > 0, store.get(Column.CHANGESETS, StoreKeys.number(n)) != null, "change set of " + n);
            }
            assertEquals(head.hash(), parent);
            assertTrue(store.header(head.number() + 1).isEmpty(), "a block above the head");
            assertTrue(store.get(Column.CHANGESETS, StoreKeys.number(head.number() + 1)) == null,
                    "a change set above the head");
            PersistentWorldState world = PersistentWorldState.open(store); // rebuilds the tries; throws on mismatch
            assertEquals(store.header(head.hash()).orElseThrow().stateRoot(), world.committedRoot());
            return head.number();
        }
    }

    private static void readLines(Process writer, LinkedBlockingQueue<String> out, CountDownLatch firstLine) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.matches("(R )?\\d+")) {
                    out.add(line);
                    firstLine.countDown();
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the writer dies; the lines read so far are what was acknowledged.
        }
    }

    private static Process start(Path db, long seed, Path stderr, String... extra) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path tmp = db.resolveSibling("tmp");
        Files.createDirectories(tmp);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                // Native libraries are unpacked here; a killed JVM cannot delete its copies.
                "-Djava.io.tmpdir=" + tmp, "-cp", classPath, CrashWriter.class.getName(), db.toString(),
                Long.toString(seed));
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(extra));
        return new ProcessBuilder(all).redirectError(stderr.toFile()).start();
    }

    private static void readNumbers(Process writer, LinkedBlockingQueue<Long> out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty() && line.chars().allMatch(Character::isDigit)) {
                    out.add(Long.parseLong(line));
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the writer dies; the lines read so far are what was acknowledged.
        }
    }

    /** Checks the database after a kill; returns its head number (-1 for no genesis yet). */
    private static long verify(Path db, long acked) {
        try (ChainStore store = ChainStore.open(db)) {
            if (store.head().isEmpty()) {
                assertEquals(-1, acked, "no head, but block " + acked + " was reported committed");
                assertTrue(store.genesisHash().isEmpty() && store.header(0).isEmpty() && store.chainId().isEmpty(),
                        "a genesis write without its head");
                return -1;
            }
            ChainHead head = store.head().get();
            assertTrue(head.number() >= acked, "head " + head.number() + " is behind acknowledged block " + acked);
            assertTrue(head.number() <= acked + 1, "head " + head.number() + " is past the block in flight, "
                    + (acked + 1));
            Hash parent = null;
            for (long n = 0; n <= head.number(); n++) {
                parent = checkBlock(store, n, parent);
            }
            assertEquals(head.hash(), parent);
            assertTrue(store.header(head.number() + 1).isEmpty(), "a block above the head");
            assertTrue(store.bloom(head.number() + 1).isEmpty(), "a bloom above the head");
            PersistentWorldState world = PersistentWorldState.open(store); // rebuilds the tries; throws on mismatch
            assertEquals(store.header(head.hash()).orElseThrow().stateRoot(), world.committedRoot());
            return head.number();
        }
    }

    private static Hash checkBlock(ChainStore store, long n, Hash parent) {
        Hash hash = store.canonicalHash(n).orElseThrow(() -> new AssertionError("no canonical hash for " + n));
        BlockHeader h = store.header(hash).orElseThrow(() -> new AssertionError("no header " + n));
        assertEquals(n, h.number());
        assertEquals(hash, h.hash());
        if (parent != null) {
            assertEquals(parent, h.parentHash(), "parent link of " + n);
        }
        Block block = store.block(hash).orElseThrow(() -> new AssertionError("no body " + n));
        assertEquals(h.transactionsRoot(), block.computeTransactionsRoot(), "transactions of " + n);
        assertEquals(h.withdrawalsRoot(), block.computeWithdrawalsRoot(), "withdrawals of " + n);
        List<Receipt> receipts = store.receipts(hash).orElseThrow(() -> new AssertionError("no receipts " + n));
        assertEquals(block.transactions().size(), receipts.size(), "receipts of " + n);
        assertEquals(h.receiptsRoot(), TrieRoots.ordered(receipts.stream().map(Receipt::encode).toList()),
                "receipts root of " + n);
        for (int i = 0; i < block.transactions().size(); i++) {
            assertEquals(new TxLocation(n, hash, i),
                    store.transactionLocation(block.transactions().get(i).hash()).orElse(null), "tx " + i + " of " + n);
        }
        assertTrue(Arrays.equals(h.logsBloom(), store.bloom(n).orElseThrow().toBytes()), "bloom of " + n);
        return hash;
    }
}
