package dev.multilane.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the transactions one after the other on the calling thread, each seeing the writes of all
 * earlier ones. The definition of a correct result: every test compares {@link ParallelExecutor}
 * against it, and the parallel executor falls back to it. Stateless and thread-safe.
 */
public final class SequentialExecutor implements BlockExecutor {

  @Override
  public <K, V, O> BlockResult<K, V, O> execute(
      List<? extends TxTask<K, V, O>> block, Storage<K, V> storage) {
    long start = System.nanoTime();
    Map<K, V> committed = new HashMap<>();
    List<O> outputs = run(block, storage, committed);
    long wall = System.nanoTime() - start;
    ExecutionStats stats =
        new ExecutionStats(
            ExecutionStats.Mode.SEQUENTIAL, null, block.size(), block.size(), 1, block.size(), 0, 0,
            0, 0, wall, 0, 0, wall);
    return new BlockResult<>(outputs, Collections.unmodifiableMap(committed), stats);
  }

  /**
   * Executes {@code block} in order, applying each transaction's writes to {@code committed}.
   *
   * @throws TaskFailedException when a task throws
   */
  static <K, V, O> List<O> run(
      List<? extends TxTask<K, V, O>> block, Storage<K, V> storage, Map<K, V> committed) {
    List<O> outputs = new ArrayList<>(block.size());
    run(block, 0, storage, committed, outputs);
    return Collections.unmodifiableList(outputs);
  }

  /**
   * Executes transactions {@code from}.. of {@code block} in order over {@code storage} (the
   * state before {@code from}), applying each one's writes to {@code committed} and appending its
   * output to {@code outputs}.
   *
   * @throws TaskFailedException when a task throws
   */
  static <K, V, O> void run(
      List<? extends TxTask<K, V, O>> block,
      int from,
      Storage<K, V> storage,
      Map<K, V> committed,
      List<O> outputs) {
    for (int txIndex = from; txIndex < block.size(); txIndex++) {
      SequentialTxView<K, V> view = new SequentialTxView<>(committed, storage);
      O output;
      try {
        output = block.get(txIndex).execute(txIndex, 0, view);
      } catch (RuntimeException | StackOverflowError e) {
        throw new TaskFailedException(txIndex, e);
      }
      outputs.add(output);
      for (Map.Entry<K, WriteOp<V>> write : view.writeSet().entrySet()) {
        K key = write.getKey();
        V value =
            switch (write.getValue()) {
              case WriteOp.Put<V>(V v) -> v;
              case WriteOp.Add<V>(Delta<V> delta) ->
                  delta.applyTo(SequentialTxView.valueBefore(committed, storage, key));
            };
        committed.put(key, value);
      }
    }
  }
}
