package dev.multilane.node.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a filled GeneralStateTests JSON file (ethereum/tests format) into {@link StateTest}s. */
final class StateTestParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateTestParser() {}

    static List<StateTest> parse(Path file) throws IOException {
        return parse(JSON.readTree(file.toFile()));
    }

    static List<StateTest> parse(String json) throws IOException {
        return parse(JSON.readTree(json));
    }

    private static List<StateTest> parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a state test file: top level is not an object");
        }
        List<StateTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            tests.add(test(e.getKey(), e.getValue()));
        }
        return tests;
    }

    private static StateTest test(String name, JsonNode t) {
        return new StateTest(
                name,
                env(required(t, "env")),
                pre(required(t, "pre")),
                transaction(required(t, "transaction")),
                post(required(t, "post")));
    }

    private static TestEnv env(JsonNode e) {
        return new TestEnv(
                Address.fromHex(text(e, "currentCoinbase")),
                FixtureNumbers.u64(text(e, "currentNumber")),
                FixtureNumbers.u64(text(e, "currentTimestamp")),
                FixtureNumbers.clampedGas(FixtureNumbers.big(text(e, "currentGasLimit"))),
                optional(e, "currentBaseFee", FixtureNumbers::u256),
                e.has("currentDifficulty") ? FixtureNumbers.u256(text(e, "currentDifficulty")) : U256.ZERO,
                optional(e, "currentRandom", FixtureNumbers::u256),
                e.has("currentExcessBlobGas") ? FixtureNumbers.u64(text(e, "currentExcessBlobGas")) : 0);
    }

    private static Map<Address, PreAccount> pre(JsonNode p) {
        Map<Address, PreAccount> accounts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            JsonNode a = e.getValue();
            Map<U256, U256> storage = new HashMap<>();
            JsonNode s = a.get("storage");
            if (s != null) {
                for (Map.Entry<String, JsonNode> slot : s.properties()) {
                    storage.put(FixtureNumbers.u256(slot.getKey()), FixtureNumbers.u256(slot.getValue().asText()));
                }
            }
            accounts.put(
                    Address.fromHex(e.getKey()),
                    new PreAccount(
                            a.has("nonce") ? FixtureNumbers.u64(text(a, "nonce")) : 0,
                            a.has("balance") ? FixtureNumbers.u256(text(a, "balance")) : U256.ZERO,
                            a.has("code") ? FixtureNumbers.bytes(text(a, "code")) : new byte[0],
                            storage));
        }
        return accounts;
    }

    private static TxTemplate transaction(JsonNode t) {
        String to = text(t, "to").strip();
        return new TxTemplate(
                sender(t),
                to.isEmpty() ? null : Address.fromHex(to),
                FixtureNumbers.big(text(t, "nonce")),
                optional(t, "gasPrice", FixtureNumbers::big),
                optional(t, "maxFeePerGas", FixtureNumbers::big),
                optional(t, "maxPriorityFeePerGas", FixtureNumbers::big),
                optional(t, "maxFeePerBlobGas", FixtureNumbers::big),
                list(required(t, "data"), n -> FixtureNumbers.bytes(n.asText())),
                list(required(t, "gasLimit"), n -> FixtureNumbers.big(n.asText())),
                list(required(t, "value"), n -> FixtureNumbers.big(n.asText())),
                accessLists(t.get("accessLists")),
                present(t, "blobVersionedHashes") ? list(t.get("blobVersionedHashes"), n -> Hash.fromHex(n.asText())) : null);
    }

    /** The {@code sender} field when the filler wrote one, else the address of {@code secretKey}. */
    private static Address sender(JsonNode t) {
        if (present(t, "sender") && !t.get("sender").asText().isBlank()) {
            return Address.fromHex(text(t, "sender").strip());
        }
        return Secp256k1Signatures.addressOfPrivateKey(FixtureNumbers.bytes(text(t, "secretKey")));
    }

    private static List<List<AccessListEntry>> accessLists(JsonNode lists) {
        if (lists == null || lists.isNull()) {
            return null;
        }
        List<List<AccessListEntry>> out = new ArrayList<>();
        for (JsonNode list : lists) {
            out.add(list.isNull() ? null : list(list, StateTestParser::accessListEntry));
        }
        return out;
    }

    private static AccessListEntry accessListEntry(JsonNode e) {
        return new AccessListEntry(
                Address.fromHex(text(e, "address")),
                list(required(e, "storageKeys"), k -> FixtureNumbers.u256(k.asText())));
    }

    private static Map<String, List<PostVector>> post(JsonNode p) {
        Map<String, List<PostVector>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            out.put(e.getKey(), list(e.getValue(), StateTestParser::vector));
        }
        return out;
    }

    private static PostVector vector(JsonNode v) {
        JsonNode i = required(v, "indexes");
        return new PostVector(
                new PostVector.Indexes(
                        required(i, "data").asInt(), required(i, "gas").asInt(), required(i, "value").asInt()),
                Hash.fromHex(text(v, "hash")),
                Hash.fromHex(text(v, "logs")),
                present(v, "expectException") ? text(v, "expectException") : null);
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + array.getNodeType());
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            out.add(element.apply(n));
        }
        return out;
    }

    private static <T> T optional(JsonNode parent, String field, Function<String, T> parse) {
        return present(parent, field) ? parse.apply(parent.get(field).asText()) : null;
    }

    private static boolean present(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n != null && !n.isNull();
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        return required(parent, field).asText();
    }
}
