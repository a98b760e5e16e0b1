package dev.multilane.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scheduler's moves, one at a time, on one thread. */
class SchedulerTest {

  private static SchedulerTask exec(int tx, int inc) {
    return SchedulerTask.execute(tx, inc);
  }

  private static SchedulerTask val(int tx, int inc) {
    return SchedulerTask.validate(tx, inc);
  }

  private static TxStatus status(Scheduler s, int tx) {
    return TxStatus.of(s.statusWord(tx));
  }

  @Test
  void emptyBlockIsDoneAtOnce() {
    Scheduler s = new Scheduler(0);
    assertTrue(s.done());
    assertNull(s.nextTask());
  }

  /**
   * The next task, skipping the empty answers the scheduler gives while it moves the validation
   * index over transactions still executing (as a worker's loop would).
   */
  private static SchedulerTask next(Scheduler s) {
    for (int i = 0; i < 10; i++) {
      SchedulerTask task = s.nextTask();
      if (task != null) {
        return task;
      }
    }
    return null;
  }

  @Test
  void conflictFreeRunExecutesThenValidatesEachTransactionOnce() {
    Scheduler s = new Scheduler(2);
    assertEquals(exec(0, 0), next(s));
    assertEquals(exec(1, 0), next(s));
    assertEquals(val(0, 0), s.finishExecution(0, 0, false), "validation index already past 0");
    assertNull(s.finishValidation(0, false));
    assertNull(s.finishExecution(1, 0, false), "validation index at 1: validated via next_task");
    assertEquals(val(1, 0), next(s));
    assertNull(s.finishValidation(1, false));
    assertFalse(s.done());
    assertNull(s.nextTask());
    assertTrue(s.done());
    assertEquals(0, s.activeTasks());
  }

  @Test
  void validationAbortReExecutesAndRevalidatesEverythingAbove() {
    Scheduler s = new Scheduler(3);
    assertEquals(exec(0, 0), next(s));
    assertNull(s.finishExecution(0, 0, true));
    assertEquals(val(0, 0), next(s));
    assertNull(s.finishValidation(0, false));
    assertEquals(exec(1, 0), next(s));
    assertNull(s.finishExecution(1, 0, true));
    SchedulerTask validation1 = next(s);
    assertEquals(val(1, 0), validation1);
    assertEquals(exec(2, 0), next(s));
    assertNull(s.finishExecution(2, 0, true));
    assertEquals(val(2, 0), next(s));
    // Both validations in flight; tx 1's fails.
    assertTrue(s.tryValidationAbort(1, 0));
    assertFalse(s.tryValidationAbort(1, 0), "only one validator aborts an incarnation");
    assertEquals(TxStatus.ABORTING, status(s, 1));
    assertEquals(exec(1, 1), s.finishValidation(1, true), "re-execution handed back at once");
    assertNull(s.finishValidation(2, false), "tx 2 passed, but against tx 1's old writes");
    assertEquals(val(1, 1), s.finishExecution(1, 1, false), "same keys: validate only itself");
    assertNull(s.finishValidation(1, false));
    assertEquals(val(2, 0), next(s), "tx 2 is validated again after tx 1's abort");
    assertNull(s.finishValidation(2, false));
    assertNull(s.nextTask());
    assertTrue(s.done());
  }

  @Test
  void dependencyParksUntilTheBlockerFinishes() {
    Scheduler s = new Scheduler(3);
    assertEquals(exec(0, 0), next(s));
    assertEquals(exec(1, 0), next(s));
    assertEquals(exec(2, 0), next(s));
    assertTrue(s.addDependency(2, 1), "tx 1 is still executing");
    assertEquals(TxStatus.ABORTING, status(s, 2));
    assertEquals(2, s.activeTasks(), "the parked execution is no longer active");
    assertEquals(val(0, 0), s.finishExecution(0, 0, false));
    assertNull(s.finishValidation(0, false));
    assertEquals(TxStatus.ABORTING, status(s, 2), "tx 0 is not the blocker");
    assertEquals(val(1, 0), s.finishExecution(1, 0, false));
    assertEquals(TxStatus.READY_TO_EXECUTE, status(s, 2));
    assertEquals(1, TxStatus.incarnation(s.statusWord(2)));
    assertNull(s.finishValidation(1, false));
    assertEquals(exec(2, 1), next(s), "execution index was pulled back to the dependent");
    assertNull(s.finishExecution(2, 1, false));
    assertEquals(val(2, 1), next(s));
    assertNull(s.finishValidation(2, false));
    assertNull(s.nextTask());
    assertTrue(s.done());
  }

  @Test
  void dependencyOnAnExecutedBlockerIsRefused() {
    Scheduler s = new Scheduler(2);
    assertEquals(exec(0, 0), next(s));
    assertEquals(exec(1, 0), next(s));
    assertEquals(val(0, 0), s.finishExecution(0, 0, false));
    assertFalse(s.addDependency(1, 0), "blocker already executed: retry instead");
    assertEquals(TxStatus.EXECUTING, status(s, 1));
  }

  @Test
  void newLocationRevalidatesFromTheWriter() {
    Scheduler s = new Scheduler(2);
    assertEquals(exec(0, 0), next(s));
    assertEquals(exec(1, 0), next(s));
    assertTrue(s.addDependency(1, 0));
    assertNull(s.finishExecution(0, 0, true), "wrote a new key: validation index pulled to 0");
    assertEquals(val(0, 0), next(s));
    assertNull(s.finishValidation(0, false));
    assertEquals(exec(1, 1), next(s));
    assertNull(s.finishExecution(1, 1, true));
    assertEquals(val(1, 1), next(s));
    assertNull(s.finishValidation(1, false));
    assertNull(s.nextTask());
    assertTrue(s.done());
  }

  @Test
  void transitionsFromTheWrongStateAreInvariantViolations() {
    Scheduler s = new Scheduler(3);
    assertThrows(InvariantViolation.class, () -> s.finishExecution(0, 0, false), "not executing");
    assertEquals(exec(0, 0), next(s));
    assertThrows(InvariantViolation.class, () -> s.finishExecution(0, 1, false), "wrong incarnation");
    assertThrows(InvariantViolation.class, () -> s.finishValidation(0, true), "not aborting");
    assertThrows(InvariantViolation.class, () -> s.addDependency(0, 0), "self dependency");
    assertThrows(InvariantViolation.class, () -> s.addDependency(1, 0), "not executing");
  }

  @Test
  void haltStopsTheRun() {
    Scheduler s = new Scheduler(5);
    assertEquals(exec(0, 0), next(s));
    s.halt();
    assertTrue(s.done());
  }
}
