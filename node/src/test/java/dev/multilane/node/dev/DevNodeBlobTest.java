package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.pool.BlobSidecar;
import dev.multilane.evm.precompile.KzgTrustedSetup;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import ethereum.ckzg4844.CKZG4844JNI;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blob transactions (EIP-4844) through eth_sendRawTransaction in the network form, with blobs,
 * commitments and proofs computed here by c-kzg; mined within the block's blob gas, with
 * blobGasUsed, excessBlobGas and the blob fee charged as the EIP's formulas, written out here,
 * say. Also the pool following the fork schedule to Cancun.
 */
@Timeout(180)
class DevNodeBlobTest extends DevNodeFixture {
    private static final long GAS_PER_BLOB = 131_072;
    private static final long TARGET_BLOB_GAS = 3 * GAS_PER_BLOB;

    // ---- blobs ----

    /** A blob, its KZG commitment and proof. */
    private record Blob(byte[] blob, byte[] commitment, byte[] proof) {
        Hash versionedHash() {
            return BlobSidecar.versionedHash(commitment);
        }
    }

    /** Pseudo-random canonical field elements (each 32-byte element starts with a zero byte). */
    private static Blob blob(long seed) {
        assertTrue(KzgTrustedSetup.ensureLoaded(), "KZG trusted setup from the shared fixtures");
        byte[] b = new byte[BlobSidecar.BLOB_SIZE];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < b.length; i += 32) {
            b[i] = 0;
        }
        byte[] c = CKZG4844JNI.blobToKzgCommitment(b);
        return new Blob(b, c, CKZG4844JNI.computeBlobKzgProof(b, c));
    }

    private static List<Blob> blobs(int n, long seed) {
        List<Blob> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(blob(seed * 100 + i));
        }
        return out;
    }

    private static Transaction blobTx(int account, long nonce, long tip, List<Hash> hashes) {
        return UnsignedTransaction.blob(CHAIN_ID, nonce, U256.of(tip), U256.of(10_000_000_000L), 21_000,
                Address.fromHex("0x00000000000000000000000000000000000000b0"), U256.ZERO, Bytes.EMPTY, List.of(),
                U256.of(1_000), hashes).sign(DevAccounts.account(account).privateKey());
    }

    private static List<Hash> hashes(List<Blob> blobs) {
        return blobs.stream().map(Blob::versionedHash).toList();
    }

    /** EIP-4844 network form: 0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs]). */
    private static String networkForm(Transaction tx, List<Blob> blobs) {
        byte[] typed = tx.encode();
        byte[] body = Arrays.copyOfRange(typed, 1, typed.length);
        byte[] list = Rlp.encodeList(body, Rlp.encodeList(items(blobs, Blob::blob)),
                Rlp.encodeList(items(blobs, Blob::commitment)), Rlp.encodeList(items(blobs, Blob::proof)));
        byte[] out = new byte[list.length + 1];
        out[0] = 0x03;
        System.arraycopy(list, 0, out, 1, list.length);
        return Hex.encode(out);
    }

    private static byte[][] items(List<Blob> blobs, java.util.function.Function<Blob, byte[]> part) {
        return blobs.stream().map(part).map(Rlp::encodeBytes).toArray(byte[][]::new);
    }

    private JsonNode block(long number) throws Exception {
        return result("eth_getBlockByNumber", "0x" + Long.toHexString(number), false);
    }

    private static long excessAfter(JsonNode parent) {
        return Math.max(0, quantity(parent.get("excessBlobGas")).longValueExact()
                + quantity(parent.get("blobGasUsed")).longValueExact() - TARGET_BLOB_GAS);
    }

    // ---- tests ----

    @Test
    void blobTransactionsAreMinedWithinTheBlobGasLimit() throws Exception {
        start(0);
        Address alice = DevAccounts.account(0).address();
        BigInteger before = balance(alice);

        // Automine: the four-blob transaction is in block 1 when the call returns.
        List<Blob> four = blobs(4, 1);
        Transaction tx = blobTx(0, 0, 1_000_000_000L, hashes(four));
        assertEquals(tx.hash().toString(), result("eth_sendRawTransaction", networkForm(tx, four)).asText());
        JsonNode receipt = result("eth_getTransactionReceipt", tx.hash().toString());
        assertEquals("0x1", receipt.get("status").asText());
        assertEquals("0x1", receipt.get("blockNumber").asText());
        assertEquals(4 * GAS_PER_BLOB, quantity(receipt.get("blobGasUsed")).longValueExact());
        JsonNode b1 = block(1);
        assertEquals(4 * GAS_PER_BLOB, quantity(b1.get("blobGasUsed")).longValueExact());
        assertEquals(0, quantity(b1.get("excessBlobGas")).longValueExact());
        // The sender paid gas at the effective price and blob gas at the blob base fee (EIP-4844).
        BigInteger gasCost = quantity(receipt.get("gasUsed")).multiply(quantity(receipt.get("effectiveGasPrice")));
        BigInteger blobCost = quantity(receipt.get("blobGasUsed")).multiply(quantity(receipt.get("blobGasPrice")));
        assertEquals(before.subtract(gasCost).subtract(blobCost), balance(alice));
        JsonNode seen = result("eth_getTransactionByHash", tx.hash().toString());
        assertEquals("0x3", seen.get("type").asText());
        assertEquals(4, seen.get("blobVersionedHashes").size());
        assertNull(node.pool().get(tx.hash()), "mined, so out of the pool with its blobs");
        assertEquals(0, node.pool().blobCount());

        // Manual mining: four blobs and three blobs do not fit one block's six.
        result("evm_setAutomine", false);
        List<Blob> three = blobs(3, 2);
        Transaction richer = blobTx(1, 0, 3_000_000_000L, hashes(four));
        Transaction poorer = blobTx(2, 0, 2_000_000_000L, hashes(three));
        result("eth_sendRawTransaction", networkForm(richer, four));
        result("eth_sendRawTransaction", networkForm(poorer, three));
        assertEquals(7, node.pool().blobCount());
        result("evm_mine");
        JsonNode b2 = block(2);
        assertEquals(List.of(richer.hash().toString()), hashesOf(b2));
        assertEquals(4 * GAS_PER_BLOB, quantity(b2.get("blobGasUsed")).longValueExact());
        assertEquals(excessAfter(b1), quantity(b2.get("excessBlobGas")).longValueExact());
        result("evm_mine");
        JsonNode b3 = block(3);
        assertEquals(List.of(poorer.hash().toString()), hashesOf(b3));
        assertEquals(3 * GAS_PER_BLOB, quantity(b3.get("blobGasUsed")).longValueExact());
        assertEquals(2 * GAS_PER_BLOB, quantity(b3.get("excessBlobGas")).longValueExact(),
                "two blocks of four blobs over a target of three");
        assertEquals(excessAfter(b2), quantity(b3.get("excessBlobGas")).longValueExact());
        assertEquals(0, node.pool().pendingCount());
    }

    private static List<String> hashesOf(JsonNode block) {
        List<String> out = new ArrayList<>();
        block.get("transactions").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void badBlobInputGetsClearErrorsAndTheNodeKeepsServing() throws Exception {
        start(0);
        List<Blob> two = blobs(2, 3);
        Transaction tx = blobTx(0, 0, 1_000_000_000L, hashes(two));

        // The versioned hashes of other blobs than those sent.
        List<Blob> swapped = List.of(two.get(1), two.get(0));
        assertTrue(error("eth_sendRawTransaction", networkForm(tx, swapped)).contains("does not match its commitment"));
        // The right blobs and commitments, each with the other's proof.
        List<Blob> badProofs = List.of(new Blob(two.get(0).blob(), two.get(0).commitment(), two.get(1).proof()),
                new Blob(two.get(1).blob(), two.get(1).commitment(), two.get(0).proof()));
        String badProof = error("eth_sendRawTransaction", networkForm(tx, badProofs));
        assertTrue(badProof.startsWith("invalid blob transaction: invalid blob proof"), badProof);
        // One blob short of the versioned hashes.
        assertTrue(error("eth_sendRawTransaction", networkForm(tx, two.subList(0, 1)))
                .contains("1 blobs, 1 commitments and 1 proofs for 2 versioned hashes"));
        // Seven blobs: more than a block holds.
        List<Blob> seven = new ArrayList<>(two);
        while (seven.size() < 7) {
            seven.add(two.get(0));
        }
        Transaction tooMany = blobTx(0, 0, 1_000_000_000L, hashes(seven));
        String many = error("eth_sendRawTransaction", networkForm(tooMany, seven));
        assertTrue(many.contains("7 blobs"), many);
        // The plain form, without the sidecar.
        assertTrue(error("eth_sendRawTransaction", Hex.encode(tx.encode())).contains("without blobs"));
        // A truncated network form.
        String full = networkForm(tx, two);
        assertTrue(error("eth_sendRawTransaction", full.substring(0, full.length() - 20))
                .contains("malformed blob transaction network form"));
        // Type 4 (EIP-7702) is not supported.
        byte[] setCode = new byte[] {0x04, (byte) 0xc1, (byte) 0x80};
        assertTrue(error("eth_sendRawTransaction", Hex.encode(setCode)).startsWith("transaction type not supported"));

        assertEquals(0, node.pool().pendingCount() + node.pool().queuedCount());
        assertEquals("0x0", result("eth_blockNumber").asText());
        // The good one still goes through.
        assertEquals(tx.hash().toString(), result("eth_sendRawTransaction", full).asText());
        assertEquals("0x1", result("eth_getTransactionReceipt", tx.hash().toString()).get("status").asText());
    }

    /**
     * A chain at Paris now, with Shanghai and Cancun an hour ahead: the pool refuses blob
     * transactions, admits init code above EIP-3860's limit, and changes both when blocks cross the
     * fork times.
     */
    @Test
    void thePoolFollowsTheForkScheduleOfTheNextBlock() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        long shanghai = now + 3_600;
        long cancun = shanghai + 120;
        node = DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, 0, 2, CHAIN_ID),
                ForkScheduleGenesis.paris(CHAIN_ID, now - 10, shanghai, cancun), log);
        node.setAutomine(false);
        List<Blob> one = blobs(1, 4);
        Transaction blob = blobTx(1, 0, 1_000_000_000L, hashes(one));
        assertTrue(error("eth_sendRawTransaction", networkForm(blob, one)).contains("not enabled at Paris"));
        Transaction bigCreate = UnsignedTransaction.dynamicFee(CHAIN_ID, 0, U256.of(1_000_000_000L),
                U256.of(10_000_000_000L), 1_000_000, null, U256.ZERO, new byte[49_153], List.of())
                .sign(DevAccounts.account(0).privateKey());
        result("eth_sendRawTransaction", Hex.encode(bigCreate.encode()));
        assertEquals(1, node.pool().pendingCount(), "legal at Paris");

        // A Shanghai block leaves it out (EIP-3860), and the pool, now at Shanghai, drops it.
        assertNull(node.mine(shanghai));
        assertEquals(0, hashesOf(block(1)).size());
        assertNull(node.pool().get(bigCreate.hash()));
        assertEquals(0, node.pool().pendingCount());
        assertTrue(error("eth_sendRawTransaction", networkForm(blob, one)).contains("not enabled at Shanghai"));

        // Once the head is at Cancun, the next block is too: blob transactions are welcome.
        assertNull(node.mine(cancun));
        result("eth_sendRawTransaction", networkForm(blob, one));
        assertNull(node.mine(cancun + 12));
        JsonNode b3 = block(3);
        assertEquals(List.of(blob.hash().toString()), hashesOf(b3));
        assertEquals(GAS_PER_BLOB, quantity(b3.get("blobGasUsed")).longValueExact());
        assertEquals(0, quantity(b3.get("excessBlobGas")).longValueExact());
    }
}
