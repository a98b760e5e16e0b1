package dev.multilane.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client that stops reading is dropped once the limit of unsent messages is reached. */
class BoundedConnectionTest {
    /** A transport whose writes complete only when the test says so. */
    private static final class FakeSink implements BoundedConnection.Sink {
        final List<String> written = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        String closedWith;

        @Override
        public void write(String message, Runnable done) {
            written.add(message);
            pending.add(done);
        }

        @Override
        public void close(String reason) {
            closedWith = reason;
        }

        void completeAll() {
            pending.forEach(Runnable::run);
            pending.clear();
        }
    }

    @Test
    void completedWritesFreeRoom() {
        FakeSink sink = new FakeSink();
        List<String> log = new ArrayList<>();
        BoundedConnection c = new BoundedConnection(sink, 2, "peer", log::add);
        for (int i = 0; i < 10; i++) {
            assertTrue(c.send("m" + i));
            assertTrue(c.send("n" + i));
            assertEquals(2, c.queued());
            sink.completeAll();
            assertEquals(0, c.queued());
        }
        assertEquals(20, sink.written.size());
        assertTrue(c.isOpen());
        assertTrue(log.isEmpty());
    }

    @Test
    void overflowDropsTheConnectionOnceAndRunsCloseActions() {
        FakeSink sink = new FakeSink();
        List<String> log = new ArrayList<>();
        BoundedConnection c = new BoundedConnection(sink, 3, "peer", log::add);
        int[] closeActions = {0};
        c.onClose(() -> closeActions[0]++);
        assertTrue(c.send("a"));
        assertTrue(c.send("b"));
        assertTrue(c.send("c"));
        assertFalse(c.send("d"), "the fourth unsent message overflows");
        assertFalse(c.isOpen());
        assertEquals(List.of("a", "b", "c"), sink.written);
        assertTrue(sink.closedWith.startsWith("slow consumer"), sink.closedWith);
        assertEquals(1, closeActions[0]);
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("peer"), log.get(0));
        // Later sends are refused without another close; a late close action runs at once.
        assertFalse(c.send("e"));
        c.closed();
        assertEquals(1, closeActions[0]);
        c.onClose(() -> closeActions[0]++);
        assertEquals(2, closeActions[0]);
        assertEquals(1, log.size());
    }

    @Test
    void clientCloseRunsActionsWithoutLogging() {
        FakeSink sink = new FakeSink();
        List<String> log = new ArrayList<>();
        BoundedConnection c = new BoundedConnection(sink, 3, "peer", log::add);
        int[] closeActions = {0};
        c.onClose(() -> closeActions[0]++);
        c.closed();
        assertEquals(1, closeActions[0]);
        assertFalse(c.send("x"));
        assertTrue(sink.written.isEmpty());
        assertTrue(log.isEmpty());
        assertEquals(null, sink.closedWith);
    }
}
