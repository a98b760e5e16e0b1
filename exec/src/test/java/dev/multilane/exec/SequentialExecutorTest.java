package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference semantics every parallel run is compared with. */
class SequentialExecutorTest {

  private static final Storage<String, Long> STORAGE = key -> 10L;

  private static long get(TxView<String, Long> view, String key) {
    return ((ReadResult.Value<Long>) view.read(key)).value();
  }

  @Test
  void eachTransactionSeesTheWritesOfTheEarlierOnes() {
    List<TxTask<String, Long, Long>> block =
        List.of(
            (i, inc, view) -> {
              view.write("a", get(view, "a") + 1);
              return get(view, "a"); // its own write
            },
            (i, inc, view) -> {
              long a = get(view, "a");
              view.write("b", a * 2);
              return a;
            });
    BlockResult<String, Long, Long> result = new SequentialExecutor().execute(block, STORAGE);
    assertEquals(List.of(11L, 11L), result.outputs());
    assertEquals(Map.of("a", 11L, "b", 22L), result.writes());
    assertEquals(ExecutionStats.Mode.SEQUENTIAL, result.stats().mode());
    assertEquals(2, result.stats().executions());
  }

  @Test
  void deltasComposeWithValuesInProgramOrder() {
    List<TxTask<String, Long, Long>> block =
        List.of(
            (i, inc, view) -> {
              view.add("h", new LongAdd(5)); // over storage: 15
              view.add("h", new LongAdd(1)); // combined: 16
              return get(view, "h");
            },
            (i, inc, view) -> {
              view.write("h", 100L);
              view.add("h", new LongAdd(3)); // put then add: a put of 103
              return get(view, "h");
            },
            (i, inc, view) -> {
              view.add("h", new LongAdd(7));
              view.add("fresh", new LongAdd(1));
              return get(view, "h"); // 110: what is below plus its own delta
            },
            (i, inc, view) -> {
              view.add("h", new LongAdd(2));
              view.write("h", 1L); // a put after an add replaces it
              return get(view, "h");
            });
    BlockResult<String, Long, Long> result = new SequentialExecutor().execute(block, STORAGE);
    assertEquals(List.of(16L, 103L, 110L, 1L), result.outputs());
    assertEquals(Map.of("h", 1L, "fresh", 11L), result.writes());
  }

  @Test
  void sequentialViewIsNeverBlocked() {
    List<TxTask<String, Long, Boolean>> block =
        List.of((i, inc, view) -> view.read("x") instanceof ReadResult.Value && !view.blocked());
    assertEquals(List.of(true), new SequentialExecutor().execute(block, STORAGE).outputs());
  }

  @Test
  void aThrowingTaskIsReportedWithItsIndex() {
    List<TxTask<String, Long, Long>> block =
        List.of(
            (i, inc, view) -> 1L,
            (i, inc, view) -> {
              throw new ArithmeticException("boom");
            });
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class, () -> new SequentialExecutor().execute(block, STORAGE));
    assertEquals(1, e.txIndex());
    assertEquals(ArithmeticException.class, e.getCause().getClass());
  }

  @Test
  void nullValuesAreRejected() {
    List<TxTask<String, Long, Long>> block =
        List.of(
            (i, inc, view) -> {
              view.write("a", null);
              return 0L;
            });
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class, () -> new SequentialExecutor().execute(block, STORAGE));
    assertFalse(e.getMessage().isEmpty());
  }
}
