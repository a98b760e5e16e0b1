package dev.multilane.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one request body came from: the connection (null over HTTP), and what to run once the
 * body's reply has been queued on it. A new subscription starts delivering only then, so the client
 * always sees the subscription id before the first notification, as with geth.
 *
 * <p>One per request body; the dispatcher fills it on the thread that handles the body and the
 * transport drains it on the same thread, so it needs no locking.
 */
public final class CallContext {
    /** For bodies that arrive without a connection (HTTP, tests, the conformance runner). */
    public static CallContext none() {
        return new CallContext(null);
    }

    private final Connection connection;
    private final List<Runnable> afterReply = new ArrayList<>();

    public CallContext(Connection connection) {
        this.connection = connection;
    }

    /** The connection, or null when the transport cannot push messages. */
    public Connection connection() {
        return connection;
    }

    /** Runs {@code action} after the reply is queued (at once from {@link #replied}). */
    public void afterReply(Runnable action) {
        afterReply.add(action);
    }

    /** Called by the transport after queuing the reply (or when there was none to queue). */
    public void replied() {
        for (Runnable r : afterReply) {
            r.run();
        }
        afterReply.clear();
    }
}
