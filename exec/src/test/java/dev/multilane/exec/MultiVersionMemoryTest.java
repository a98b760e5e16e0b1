package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of multi-version memory: what each reader sees, and validation. */
class MultiVersionMemoryTest {

  private static final Storage<String, Long> STORAGE = key -> 1000L;

  private final MultiVersionMemory<String, Long> memory = new MultiVersionMemory<>(10);

  /** Writes from key, value pairs; a {@link LongAdd} value is a delta. Shared with other tests. */
  static Map<String, WriteOp<Long>> puts(Object... keyValues) {
    Map<String, WriteOp<Long>> writes = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      writes.put(
          (String) keyValues[i],
          v instanceof LongAdd add ? new WriteOp.Add<>(add) : new WriteOp.Put<>((Long) v));
    }
    return writes;
  }

  private Resolution.Resolved<Long> resolved(String key, int txIndex) {
    Resolution<Long> resolution = memory.resolve(key, txIndex);
    if (resolution instanceof Resolution.Resolved<Long> r) {
      return r;
    }
    throw new AssertionError(key + " read by tx " + txIndex + ": " + resolution);
  }

  private long valueAt(String key, int txIndex) {
    Resolution.Resolved<Long> r = resolved(key, txIndex);
    return r.value(r.fromStorage() ? STORAGE.read(key) : null);
  }

  private ReadOrigin originAt(String key, int txIndex) {
    return resolved(key, txIndex).origin();
  }

  @Test
  void readsTheHighestWriteBelowTheReader() {
    memory.record(2, 0, Map.of(), puts("k", 20L));
    memory.record(5, 0, Map.of(), puts("k", 50L));
    assertEquals(1000L, valueAt("k", 0));
    assertEquals(1000L, valueAt("k", 2), "a transaction does not read its own entry");
    assertEquals(20L, valueAt("k", 3));
    assertEquals(20L, valueAt("k", 5));
    assertEquals(50L, valueAt("k", 6));
    assertSame(ReadOrigin.STORAGE, originAt("k", 1));
    assertEquals(ReadOrigin.of(Version.of(5, 0)), originAt("k", 9));
    assertSame(ReadOrigin.STORAGE, originAt("other", 9));
  }

  @Test
  void deltasResolveDownToTheNearestFullValue() {
    memory.record(1, 0, Map.of(), puts("k", 100L));
    memory.record(3, 0, Map.of(), puts("k", new LongAdd(5)));
    memory.record(5, 2, Map.of(), puts("k", new LongAdd(7)));
    assertEquals(112L, valueAt("k", 6));
    assertEquals(105L, valueAt("k", 4));
    assertEquals(100L, valueAt("k", 3));
    assertEquals(1000L, valueAt("k", 1));
    assertEquals(
        ReadOrigin.of(Version.of(1, 0), new long[] {Version.of(3, 0), Version.of(5, 2)}),
        originAt("k", 9));
  }

  @Test
  void deltasOverStorageAndUnderAFullValue() {
    memory.record(2, 0, Map.of(), puts("k", new LongAdd(3)));
    memory.record(4, 0, Map.of(), puts("k", new LongAdd(4)));
    assertEquals(1007L, valueAt("k", 5));
    assertEquals(
        ReadOrigin.of(Version.STORAGE, new long[] {Version.of(2, 0), Version.of(4, 0)}),
        originAt("k", 5));
    memory.record(3, 0, Map.of(), puts("k", 1L));
    assertEquals(5L, valueAt("k", 5), "the full value of tx 3 hides the delta of tx 2");
    assertEquals(Map.of("k", 5L), memory.finalValues(STORAGE));
  }

  @Test
  void estimatesBlockReadersAboveOnly() {
    memory.record(1, 0, Map.of(), puts("k", 100L));
    memory.record(3, 0, Map.of(), puts("k", new LongAdd(5), "j", 9L));
    memory.convertWritesToEstimates(3);
    assertEquals(new Resolution.Blocked<Long>(3), memory.resolve("k", 4));
    assertEquals(new Resolution.Blocked<Long>(3), memory.resolve("j", 9));
    assertEquals(100L, valueAt("k", 3));
    memory.record(7, 0, Map.of(), puts("k", new LongAdd(1)));
    assertEquals(new Resolution.Blocked<Long>(3), memory.resolve("k", 8), "found under a delta");
    assertThrows(InvariantViolation.class, () -> memory.finalValues(STORAGE));
    memory.record(3, 1, Map.of(), puts("k", new LongAdd(6)));
    assertEquals(107L, valueAt("k", 8));
    assertEquals(Map.of("k", 107L), memory.finalValues(STORAGE), "j is no longer written");
  }

  @Test
  void recordReportsNewLocationsAndDropsStaleOnes() {
    assertTrue(memory.record(4, 0, Map.of(), puts("a", 1L, "b", 2L)));
    assertFalse(memory.record(4, 1, Map.of(), puts("a", 3L, "b", 4L)), "same keys");
    assertFalse(memory.record(4, 2, Map.of(), puts("a", 5L)), "fewer keys");
    assertEquals(1000L, valueAt("b", 9), "b's entry of tx 4 is gone");
    assertTrue(memory.record(4, 3, Map.of(), puts("a", 5L, "c", new LongAdd(1))), "c is new");
    assertEquals(java.util.Set.of("a", "c"), memory.lastWrittenKeys(4));
    assertFalse(memory.record(4, 4, Map.of(), puts("c", 1L, "a", new LongAdd(2))), "kind changed");
  }

  @Test
  void validationComparesVersionsOfEveryRead() {
    memory.record(1, 0, Map.of(), puts("k", 100L));
    memory.record(2, 0, Map.of(), puts("d", new LongAdd(1)));
    Map<String, ReadOrigin> reads = new LinkedHashMap<>();
    reads.put("k", originAt("k", 5));
    reads.put("d", originAt("d", 5));
    reads.put("s", originAt("s", 5));
    memory.record(5, 0, reads, puts());
    assertTrue(memory.validateReadSet(5));

    memory.record(7, 0, Map.of(), puts("k", 1L, "d", 1L, "s", 1L));
    assertTrue(memory.validateReadSet(5), "writes above the reader do not matter");

    memory.record(2, 1, Map.of(), puts("d", new LongAdd(1)));
    assertFalse(memory.validateReadSet(5), "same delta, new incarnation: a different version");
    memory.record(5, 1, Map.of("d", originAt("d", 5), "s", originAt("s", 5)), puts());
    assertTrue(memory.validateReadSet(5));

    memory.record(3, 0, Map.of(), puts("d", new LongAdd(0)));
    assertFalse(memory.validateReadSet(5), "a new delta under the reader");
    memory.record(5, 2, Map.of("s", originAt("s", 5)), puts());
    memory.record(4, 0, Map.of(), puts("s", 1L));
    assertFalse(memory.validateReadSet(5), "storage read now shadowed");
    memory.record(5, 3, Map.of("s", originAt("s", 5)), puts());
    assertTrue(memory.validateReadSet(5));
    memory.convertWritesToEstimates(4);
    assertFalse(memory.validateReadSet(5), "an ESTIMATE fails validation");
  }

  @Test
  void validatingATransactionThatNeverRecordedIsAnInvariantViolation() {
    assertThrows(InvariantViolation.class, () -> memory.validateReadSet(3));
  }
}
