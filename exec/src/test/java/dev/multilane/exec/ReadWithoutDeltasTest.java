package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads that ignore deltas ({@link TxView#readWithoutDeltas}): what they return, what validation
 * checks for them, and how a later full read of the same key in the same execution upgrades them.
 */
class ReadWithoutDeltasTest {

  private static final Storage<String, Long> STORAGE = key -> 1000L;

  private final MultiVersionMemory<String, Long> memory = new MultiVersionMemory<>(10);

  private static Map<String, WriteOp<Long>> writes(Object... keyValues) {
    return MultiVersionMemoryTest.puts(keyValues);
  }

  /** A fresh view for an incarnation of {@code txIndex}. */
  private SpeculativeTxView<String, Long> view(int txIndex) {
    return new SpeculativeTxView<>(memory, STORAGE, txIndex);
  }

  private static long value(ReadResult<Long> result) {
    @SuppressWarnings("unchecked")
    ReadResult.Value<Long> v = assertInstanceOf(ReadResult.Value.class, result);
    return v.value();
  }

  @Test
  void skipsDeltasDownToTheFullValueOrStorage() {
    memory.record(1, 0, Map.of(), writes("k", new LongAdd(5)));
    SpeculativeTxView<String, Long> overStorage = view(3);
    assertEquals(1000L, value(overStorage.readWithoutDeltas("k")));
    assertTrue(overStorage.readSet().origin(0).ignoresDeltas());

    memory.record(0, 0, Map.of(), writes("k", 7L));
    SpeculativeTxView<String, Long> overWrite = view(3);
    assertEquals(7L, value(overWrite.readWithoutDeltas("k")));
    assertEquals(ReadOrigin.withoutDeltas(Version.of(0, 0)), overWrite.readSet().origin(0));
    assertEquals(12L, value(view(3).read("k")), "a full read applies the delta");
  }

  @Test
  void validationIgnoresDeltasButNotTheFullWrite() {
    memory.record(0, 0, Map.of(), writes("k", 7L));
    memory.record(1, 0, Map.of(), writes("k", new LongAdd(5)));
    SpeculativeTxView<String, Long> v = view(3);
    v.readWithoutDeltas("k");
    memory.record(3, 0, v.readSet(), v.writeSet());
    assertTrue(memory.validateReadSet(3));

    // Another delta below, or a changed one: still valid.
    memory.record(2, 0, Map.of(), writes("k", new LongAdd(1)));
    memory.record(1, 1, Map.of(), writes("k", new LongAdd(9)));
    assertTrue(memory.validateReadSet(3));

    // An ESTIMATE below may become a full write: not valid.
    memory.convertWritesToEstimates(2);
    assertFalse(memory.validateReadSet(3));
    memory.record(2, 1, Map.of(), writes("k", new LongAdd(1)));
    assertTrue(memory.validateReadSet(3));

    // A new full write below: not valid.
    memory.record(2, 2, Map.of(), writes("k", 8L));
    assertFalse(memory.validateReadSet(3));
  }

  @Test
  void aFullReadAfterwardsUpgradesTheRecordedRead() {
    memory.record(0, 0, Map.of(), writes("k", 7L));
    memory.record(1, 0, Map.of(), writes("k", new LongAdd(5)));
    SpeculativeTxView<String, Long> v = view(3);
    assertEquals(7L, value(v.readWithoutDeltas("k")));
    assertEquals(12L, value(v.read("k")));
    assertEquals(12L, value(v.readWithoutDeltas("k")), "from then on the full value");
    assertEquals(12L, value(v.read("k")));
    assertEquals(2, v.readSet().size(), "both reads are validated");
    assertTrue(v.readSet().origin(0).ignoresDeltas());
    assertFalse(v.readSet().origin(1).ignoresDeltas());
    memory.record(3, 0, v.readSet(), v.writeSet());
    assertTrue(memory.validateReadSet(3));

    memory.record(1, 1, Map.of(), writes("k", new LongAdd(6)));
    assertFalse(memory.validateReadSet(3), "the full read depends on the delta");
  }

  @Test
  void aFullWriteBetweenThePartialAndTheFullReadFailsValidation() {
    // The partial read sees storage; then tx 1 writes a full value; the full read sees that. The
    // task used both, so no state of memory can validate both reads.
    SpeculativeTxView<String, Long> v = view(3);
    assertEquals(1000L, value(v.readWithoutDeltas("k")));
    memory.record(1, 0, Map.of(), writes("k", 7L));
    assertEquals(7L, value(v.read("k")));
    memory.record(3, 0, v.readSet(), v.writeSet());
    assertFalse(memory.validateReadSet(3));
  }

  @Test
  void manyReadsKeepTheUpgradedValueInTheIndex() {
    memory.record(0, 0, Map.of(), writes("k", 7L));
    memory.record(1, 0, Map.of(), writes("k", new LongAdd(5)));
    SpeculativeTxView<String, Long> v = view(3);
    for (int i = 0; i < 40; i++) {
      v.read("other" + i);
    }
    assertEquals(7L, value(v.readWithoutDeltas("k")));
    assertEquals(12L, value(v.read("k")));
    assertEquals(12L, value(v.readWithoutDeltas("k")));
    assertEquals(12L, value(v.read("k")));
    assertEquals(42, v.readSet().size());
  }

  @Test
  void ownFullWritesShadowAndOwnDeltasAreIgnored() {
    memory.record(0, 0, Map.of(), writes("k", 7L));
    SpeculativeTxView<String, Long> v = view(3);
    v.add("k", new LongAdd(5));
    assertEquals(7L, value(v.readWithoutDeltas("k")));
    assertEquals(12L, value(v.read("k")));
    v.write("j", 4L);
    assertEquals(4L, value(v.readWithoutDeltas("j")));
    assertEquals(2, v.readSet().size(), "k without deltas and in full; an own write is not a read");
  }

  @Test
  void anEstimateBlocksTheRead() {
    memory.record(1, 0, Map.of(), writes("k", new LongAdd(5)));
    memory.convertWritesToEstimates(1);
    SpeculativeTxView<String, Long> v = view(3);
    assertEquals(1, ((ReadResult.Dependency<Long>) assertInstanceOf(ReadResult.Dependency.class, v.readWithoutDeltas("k")))
        .blockingTxIndex());
    assertTrue(v.blocked());
  }

  @Test
  void theDefaultReadsInFull() {
    TxView<String, Long> sequential = new SequentialTxView<>(new java.util.HashMap<>(), key -> 1000L);
    sequential.add("k", new LongAdd(5));
    assertEquals(1000L, value(sequential.readWithoutDeltas("k")), "own deltas are ignored everywhere");
  }

  @Test
  void findsTheFullValueUnderManyDeltasAndFollowsEntriesChangingKind() {
    MultiVersionMemory<String, Long> big = new MultiVersionMemory<>(300);
    big.record(0, 0, Map.of(), writes("k", 7L));
    for (int t = 1; t < 200; t++) {
      big.record(t, 0, Map.of(), writes("k", new LongAdd(1)));
    }
    SpeculativeTxView<String, Long> v = new SpeculativeTxView<>(big, STORAGE, 250);
    assertEquals(7L, value(v.readWithoutDeltas("k")));
    big.record(250, 0, v.readSet(), v.writeSet());
    assertTrue(big.validateReadSet(250));
    assertEquals(7L + 199, value(new SpeculativeTxView<>(big, STORAGE, 250).read("k")));

    big.record(100, 1, Map.of(), writes("k", 50L)); // a delta becomes a value
    assertFalse(big.validateReadSet(250));
    SpeculativeTxView<String, Long> again = new SpeculativeTxView<>(big, STORAGE, 250);
    assertEquals(50L, value(again.readWithoutDeltas("k")));
    big.record(250, 1, again.readSet(), again.writeSet());
    assertTrue(big.validateReadSet(250));

    big.record(100, 2, Map.of(), writes("k", new LongAdd(1))); // and back
    assertFalse(big.validateReadSet(250));
    SpeculativeTxView<String, Long> third = new SpeculativeTxView<>(big, STORAGE, 250);
    assertEquals(7L, value(third.readWithoutDeltas("k")));
    assertEquals(7L + 199, value(third.read("k")));
  }
}
