package dev.multilane.rpc.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.rpc.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A connection that records what it is sent. */
final class FakeConnection implements Connection {
    private static final ObjectMapper JSON = new ObjectMapper();

    final LinkedBlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean open = true;
    String closedWith;

    @Override
    public synchronized boolean send(String message) {
        if (!open) {
            return false;
        }
        sent.add(message);
        return true;
    }

    @Override
    public synchronized void onClose(Runnable action) {
        if (open) {
            closeActions.add(action);
        } else {
            action.run();
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public void close(String reason) {
        closedWith = reason;
        clientLeft();
    }

    void clientLeft() {
        List<Runnable> actions;
        synchronized (this) {
            open = false;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    /** The next message, waiting at most 30 s (the notifier thread sends asynchronously). */
    JsonNode next() throws Exception {
        String m = sent.poll(30, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 30 s");
        }
        return JSON.readTree(m);
    }
}
