package dev.multilane.exec;

import java.util.List;

/**
 * Executes a block of transactions with the effect of running them one after the other in index
 * order. {@link SequentialExecutor} does exactly that; {@link ParallelExecutor} runs Block-STM and
 * returns the same result.
 */
public interface BlockExecutor {

  /**
   * Runs the block over {@code storage}.
   *
   * @return each transaction's output, the final value of every key the block wrote, and stats
   * @throws TaskFailedException when a task throws on the input a sequential run gives it
   */
  <K, V, O> BlockResult<K, V, O> execute(List<? extends TxTask<K, V, O>> block, Storage<K, V> storage);
}
