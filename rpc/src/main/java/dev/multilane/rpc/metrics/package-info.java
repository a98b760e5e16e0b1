/**
 * The node's Prometheus metrics, written by hand in the text exposition format 0.0.4 and served at
 * {@code GET /metrics}. Every name starts with {@code multilane_}; times are in seconds.
 *
 * <ul>
 *   <li>Block production: {@code multilane_block_phase_seconds} (histogram per phase:
 *       pool_selection, sender_recovery, execution, state_root, commit, pool_update), {@code
 *       multilane_block_phase_last_seconds}, {@code multilane_block_production_seconds}, {@code
 *       multilane_blocks_mined_total}, {@code
 *       multilane_transactions_mined_total}, {@code multilane_gas_used_total}, {@code
 *       multilane_head_block_number}, {@code multilane_transactions_per_second}.
 *   <li>Block-STM: {@code multilane_parallel_blocks_total{mode}}, {@code
 *       multilane_parallel_executions_total}, {@code multilane_parallel_reexecutions_total}, {@code
 *       multilane_parallel_validation_aborts_total}, {@code multilane_parallel_dependency_waits_total},
 *       {@code multilane_parallel_fallbacks_total{level}}, {@code
 *       multilane_parallel_last_reexecution_rate}.
 *   <li>JSON-RPC: {@code multilane_rpc_requests_total{method}}, {@code
 *       multilane_rpc_errors_total{method}}.
 *   <li>Gauges the node adds: pool sizes, live subscriptions, installed filters.
 * </ul>
 */
package dev.multilane.rpc.metrics;
