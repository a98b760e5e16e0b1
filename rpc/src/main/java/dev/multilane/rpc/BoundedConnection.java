package dev.multilane.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Connection} whose unsent messages are bounded: a client that stops reading is
 * disconnected once {@code limit} messages wait for it, instead of growing memory without bound or
 * making publishers wait (geth drops such clients too, on a write timeout).
 *
 * <p><b>Concurrency.</b> {@code queued} counts messages handed to the sink and not yet written; it
 * is incremented by any sending thread and decremented by the sink's completion callback. {@code
 * open} flips once, from true to false, by compare-and-set, so the close actions run exactly once;
 * they are kept under {@code this} so one registered during the flip is not lost.
 */
final class BoundedConnection implements Connection {
    /** Where messages go: a transport that completes writes asynchronously. */
    interface Sink {
        /** Writes {@code message} in order after earlier ones; runs {@code written} when done (or failed). */
        void write(String message, Runnable written);

        /** Closes the transport because the client fell behind. */
        void close(String reason);
    }

    private final Sink sink;
    private final int limit;
    private final String name;
    private final Consumer<String> log;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean open = true;
    private List<Runnable> closeActions = new ArrayList<>();

    /**
     * @param limit how many messages may wait to be written before the connection is dropped
     * @param name how the log names the connection (the peer's address)
     */
    BoundedConnection(Sink sink, int limit, String name, Consumer<String> log) {
        this.sink = sink;
        this.limit = limit;
        this.name = name;
        this.log = log;
    }

    @Override
    public boolean send(String message) {
        if (!open) {
            return false;
        }
        int waiting = queued.incrementAndGet();
        if (waiting > limit) {
            queued.decrementAndGet();
            close("slow consumer: " + limit + " messages waiting to be written");
            return false;
        }
        sink.write(message, queued::decrementAndGet);
        return true;
    }

    /** Messages handed to the transport and not yet written. */
    int queued() {
        return queued.get();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (closeActions != null) {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    @Override
    public void close(String reason) {
        if (markClosed()) {
            log.accept("rpc: dropping websocket " + name + ": " + reason);
            sink.close(reason.length() > 100 ? reason.substring(0, 100) : reason);
        }
    }

    /** The transport closed (the client left, or after {@link Sink#close}). */
    void closed() {
        markClosed();
    }

    /** Flips to closed and runs the close actions; false when already closed. */
    private boolean markClosed() {
        List<Runnable> actions;
        synchronized (this) {
            if (closeActions == null) {
                return false;
            }
            open = false;
            actions = closeActions;
            closeActions = null;
        }
        for (Runnable r : actions) {
            r.run();
        }
        return true;
    }
}
