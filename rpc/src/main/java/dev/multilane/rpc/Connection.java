package dev.multilane.rpc;

/**
 * A client connection that can receive messages it did not ask for (a WebSocket): what
 * subscriptions need from the transport. HTTP has none, so methods that need one fail there.
 *
 * <p>Implementations are thread-safe and never block: {@link #send} only queues, so a slow client
 * cannot hold up whoever publishes (the miner thread, in the end).
 */
public interface Connection {

    /**
     * Queues a text message for the client, in order after every message queued before it.
     *
     * @return false when the connection is closed (or was just closed for falling behind), so the
     *     caller can stop publishing to it
     */
    boolean send(String message);

    /** Runs {@code action} once the connection has closed; at once when it already has. */
    void onClose(Runnable action);

    boolean isOpen();

    /** Closes the connection from the server's side, logging {@code reason}; the close actions run. */
    void close(String reason);
}
