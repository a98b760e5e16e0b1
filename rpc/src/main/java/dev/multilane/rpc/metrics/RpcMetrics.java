package dev.multilane.rpc.metrics;

import dev.multilane.rpc.JsonRpcDispatcher;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * JSON-RPC calls and errors per method. The dispatcher reports unregistered names as {@code
 * unknown}, so the label set stays bounded whatever clients send.
 */
final class RpcMetrics implements JsonRpcDispatcher.CallObserver {
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    @Override
    public void called(String method, boolean error) {
        calls.computeIfAbsent(method, k -> new LongAdder()).increment();
        if (error) {
            errors.computeIfAbsent(method, k -> new LongAdder()).increment();
        }
    }

    void write(Exposition out) {
        writeFamily(out, "multilane_rpc_requests_total", "JSON-RPC calls by method.", calls);
        writeFamily(out, "multilane_rpc_errors_total", "JSON-RPC calls answered with an error, by method.", errors);
    }

    private static void writeFamily(Exposition out, String name, String help, Map<String, LongAdder> counts) {
        out.family(name, "counter", help);
        // Sorted, so successive scrapes list methods in the same order.
        new TreeMap<>(counts).forEach((method, n) -> out.sample(name, Exposition.label("method", method), n.sum()));
    }
}
