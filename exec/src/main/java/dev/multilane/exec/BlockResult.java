package dev.multilane.exec;

import java.util.List;
import java.util.Map;

/**
 * The result of a block.
 *
 * @param outputs the output of each transaction, by index (of its final, validated incarnation)
 * @param writes the final value of every key any transaction wrote (deltas resolved against the
 *     base storage); keys only read are absent
 * @param stats how the block ran
 */
public record BlockResult<K, V, O>(List<O> outputs, Map<K, V> writes, ExecutionStats stats) {}
