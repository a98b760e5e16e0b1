package dev.multilane.exec;

/**
 * One transaction of a block, as the executors see it: a deterministic function of the state it
 * reads through its {@link TxView}. The engine never looks inside; an EVM transaction, a mock in a
 * test or a token transfer all fit behind this interface.
 *
 * <p>Contract, which Block-STM needs to be correct (paper §2):
 *
 * <ul>
 *   <li>Determinism: the writes and the output depend only on {@code txIndex} and on the values
 *       returned by {@link TxView#read}; never on {@code incarnation}, time or other threads.
 *   <li>All state goes through the view: reads with {@link TxView#read}, writes with {@link
 *       TxView#write} or {@link TxView#add}. The view discards the writes of an aborted incarnation.
 *   <li>On {@link ReadResult.Dependency} the task should return at once (any output; it is thrown
 *       away). Continuing is harmless but wasted work: every later read returns the same dependency.
 *   <li>Termination on any input: a speculative incarnation can read a combination of values that
 *       no sequential order produces (Block-STM does not give opacity). It may compute nonsense or
 *       throw, but it must return or throw in bounded time (an EVM has gas for this).
 *   <li>Failures of the transaction itself (reverts, invalid transactions) belong in the output.
 *       An exception thrown by the incarnation that validates is a bug in the task; both executors
 *       then report it as {@link TaskFailedException}.
 * </ul>
 *
 * @param <K> state key
 * @param <V> state value (non-null)
 * @param <O> the transaction's output, e.g. a receipt
 */
@FunctionalInterface
public interface TxTask<K, V, O> {

  /**
   * Runs one incarnation of the transaction at {@code txIndex} of the block.
   *
   * @param incarnation 0 for the first execution, +1 for each re-execution; for logs only
   */
  O execute(int txIndex, int incarnation, TxView<K, V> view);
}
