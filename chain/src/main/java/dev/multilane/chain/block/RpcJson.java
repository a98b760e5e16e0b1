package dev.multilane.chain.block;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;

/** Field readers for JSON-RPC objects, whose numbers are 0x-prefixed hex strings ("quantities"). */
final class RpcJson {
    private RpcJson() {}

    static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    static String text(JsonNode node, String name) {
        return field(node, name).asText();
    }

    /** A quantity that fits an unsigned 64-bit long (nonces, gas, numbers, timestamps). */
    static long quantity(JsonNode node, String name) {
        return parseQuantity(text(node, name), name);
    }

    static long parseQuantity(String s, String name) {
        if (!s.startsWith("0x") || s.length() == 2) {
            throw new IllegalArgumentException("field '" + name + "' is not a hex quantity: " + s);
        }
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "' does not fit 64 bits: " + s, e);
        }
    }

    /** An optional quantity: null when absent. */
    static Long optionalQuantity(JsonNode node, String name) {
        return node.hasNonNull(name) ? quantity(node, name) : null;
    }

    static U256 u256(JsonNode node, String name) {
        return U256.parse(text(node, name));
    }

    static Hash hash(JsonNode node, String name) {
        return Hash.fromHex(text(node, name));
    }

    static Hash optionalHash(JsonNode node, String name) {
        return node.hasNonNull(name) ? hash(node, name) : null;
    }
}
