package dev.multilane.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Semantic JSON equality for conformance: object key order is ignored, numbers compare by value,
 * hex strings compare case-insensitively. One exception, named: {@code storageKeys} arrays compare
 * as sets, because geth builds access lists from Go maps and so orders them at random (the
 * execution-apis fixtures hold the same keys in both orders).
 */
public final class JsonMatch {
    private JsonMatch() {}

    public static boolean same(JsonNode expected, JsonNode actual) {
        return same(expected, actual, null);
    }

    private static boolean same(JsonNode e, JsonNode a, String field) {
        if (e == null || a == null) {
            return e == a;
        }
        if (e.isNumber() && a.isNumber()) {
            return e.decimalValue().compareTo(a.decimalValue()) == 0;
        }
        if (e.getNodeType() != a.getNodeType()) {
            return false;
        }
        if (e.isTextual()) {
            String x = e.asText();
            String y = a.asText();
            return x.startsWith("0x") ? x.equalsIgnoreCase(y) : x.equals(y);
        }
        if (e.isArray()) {
            if (e.size() != a.size()) {
                return false;
            }
            if ("storageKeys".equals(field)) {
                return unordered(e, a);
            }
            for (int i = 0; i < e.size(); i++) {
                if (!same(e.get(i), a.get(i), null)) {
                    return false;
                }
            }
            return true;
        }
        if (e.isObject()) {
            if (e.size() != a.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!same(f.getValue(), a.get(f.getKey()), f.getKey())) {
                    return false;
                }
            }
            return true;
        }
        return e.equals(a);
    }

    private static boolean unordered(JsonNode e, JsonNode a) {
        List<JsonNode> left = new ArrayList<>();
        a.forEach(left::add);
        for (JsonNode x : e) {
            boolean found = false;
            for (int i = 0; i < left.size(); i++) {
                if (same(x, left.get(i), null)) {
                    left.remove(i);
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
