package dev.multilane.exec;

/**
 * One worker's counters for one block. Plain fields: each instance is written only by its worker
 * and read by the caller after the worker finished (the latch in {@link ParallelExecutor} orders
 * the two). Not padded: each worker allocates its own instance on its own thread, so instances sit
 * in different thread-local allocation buffers, not on one cache line.
 */
final class WorkerCounters {
  long executions;
  long validations;
  long validationAborts;
  long dependencyWaits;
  long executionNanos;
  long validationNanos;
  long commitNanos;
}
