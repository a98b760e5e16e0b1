package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every transaction of the mainnet fixture blocks (types 0 to 3), rebuilt from its JSON fields:
 * the encoder must reproduce the hash mainnet knows it by, the signature must recover the {@code
 * from} address, decoding the encoding must give the same transaction, and the validator must
 * accept it under the block's fork.
 */
class MainnetTransactionsTest {
    private static final long MAINNET = 1;

    @Test
    void everyMainnetTransaction() throws IOException {
        List<Path> blocks;
        try (Stream<Path> s = Files.list(Fixtures.path("mainnet-blocks"))) {
            blocks = s.filter(Files::isDirectory).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        int passed = 0;
        int[] byType = new int[4];
        List<String> failures = new ArrayList<>();
        for (Path dir : blocks) {
            JsonNode block = json.readTree(dir.resolve("block.json").toFile());
            long number = Long.decode(block.get("number").asText());
            TransactionValidator validator = new TransactionValidator(forkAt(number), MAINNET);
            for (JsonNode t : block.get("transactions")) {
                String failure;
                try {
                    failure = check(t, validator);
                } catch (RuntimeException e) {
                    failure = "threw " + e;
                }
                if (failure == null) {
                    passed++;
                    byType[Integer.decode(t.get("type").asText())]++;
                } else {
                    failures.add(number + " " + t.get("hash").asText() + ": " + failure);
                }
            }
        }
        System.out.println("MainnetTransactions: " + passed + " passed, " + failures.size() + " failed (by type: "
                + Arrays.toString(byType) + ")");
        failures.stream().limit(50).forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed > 0, "no transactions ran");
        assertTrue(byType[3] > 0, "no blob transaction ran");
        assertEquals(List.of(), failures, failures.size() + " mainnet transactions failed");
    }

    private static String check(JsonNode t, TransactionValidator validator) {
        Transaction tx = fromJson(t);
        Hash expectedHash = Hash.fromHex(t.get("hash").asText());
        Address from = Address.fromHex(t.get("from").asText());
        if (!tx.hash().equals(expectedHash)) {
            return "hash " + tx.hash();
        }
        DecodeResult decoded = Transaction.decode(tx.encode());
        if (!(decoded instanceof DecodeResult.Decoded d) || !d.transaction().equals(tx)) {
            return "does not decode back: " + decoded;
        }
        Transaction again = d.transaction();
        return switch (validator.validate(again)) {
            case TxValidation.Valid v -> v.sender().equals(from) ? null : "sender " + v.sender();
            case TxValidation.Invalid inv -> "invalid: " + inv.reason() + " " + inv.detail();
        };
    }

    private static Transaction fromJson(JsonNode t) {
        int type = Integer.decode(t.get("type").asText());
        long nonce = Long.decode(t.get("nonce").asText());
        long gas = Long.decode(t.get("gas").asText());
        Address to = t.hasNonNull("to") ? Address.fromHex(t.get("to").asText()) : null;
        U256 value = u256(t, "value");
        byte[] input = Hex.decode(t.get("input").asText());
        U256 r = u256(t, "r");
        U256 s = u256(t, "s");
        if (type == Transaction.LEGACY) {
            long v = Long.decode(t.get("v").asText());
            Long chainId = v == 27 || v == 28 ? null : (v - 35) / 2;
            int parity = (int) (chainId == null ? v - 27 : (v - 35) % 2);
            return UnsignedTransaction.legacy(chainId, nonce, u256(t, "gasPrice"), gas, to, value, input)
                    .withSignature(new Signature(parity, r, s));
        }
        long chainId = Long.decode(t.get("chainId").asText());
        List<AccessListEntry> accessList = new ArrayList<>();
        for (JsonNode e : t.get("accessList")) {
            List<U256> keys = new ArrayList<>();
            e.get("storageKeys").forEach(k -> keys.add(U256.parse(k.asText())));
            accessList.add(new AccessListEntry(Address.fromHex(e.get("address").asText()), keys));
        }
        Signature sig = new Signature(Integer.decode(t.get("yParity").asText()), r, s);
        UnsignedTransaction body = switch (type) {
            case Transaction.ACCESS_LIST ->
                UnsignedTransaction.accessList(chainId, nonce, u256(t, "gasPrice"), gas, to, value, input, accessList);
            case Transaction.DYNAMIC_FEE -> UnsignedTransaction.dynamicFee(chainId, nonce,
                    u256(t, "maxPriorityFeePerGas"), u256(t, "maxFeePerGas"), gas, to, value, input, accessList);
            default -> {
                List<Hash> hashes = new ArrayList<>();
                t.get("blobVersionedHashes").forEach(h -> hashes.add(Hash.fromHex(h.asText())));
                yield UnsignedTransaction.blob(chainId, nonce, u256(t, "maxPriorityFeePerGas"),
                        u256(t, "maxFeePerGas"), gas, to, value, input, accessList, u256(t, "maxFeePerBlobGas"), hashes);
            }
        };
        return body.withSignature(sig);
    }

    private static U256 u256(JsonNode t, String field) {
        return U256.parse(t.get(field).asText());
    }

    /** Mainnet activation blocks (Paris by terminal total difficulty, first post-merge block). */
    static Fork forkAt(long number) {
        if (number >= 19_426_587) return Fork.CANCUN;
        if (number >= 17_034_870) return Fork.SHANGHAI;
        if (number >= 15_537_394) return Fork.PARIS;
        if (number >= 12_965_000) return Fork.LONDON;
        return Fork.BERLIN;
    }
}
