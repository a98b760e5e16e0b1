/**
 * Real-time chain data, as geth serves it: {@code eth_subscribe} over a WebSocket ({@code newHeads},
 * {@code logs}, {@code newPendingTransactions}) and the polling filters ({@code eth_newFilter},
 * {@code eth_newBlockFilter}, {@code eth_newPendingTransactionFilter}, {@code
 * eth_getFilterChanges}, {@code eth_getFilterLogs}, {@code eth_uninstallFilter}).
 *
 * <h2>Flow</h2>
 *
 * A node publishes through {@link dev.multilane.rpc.pubsub.ChainEvents}: each block after it is
 * committed, each rollback after it is done, each transaction the pool accepts. {@link dev.multilane.rpc.pubsub.EventHub} updates
 * the {@link dev.multilane.rpc.pubsub.Filters} on the publishing thread and hands notifications to
 * one notifier thread, which writes each result's JSON once and sends it to every matching
 * subscription's connection. Connections only queue (bounded), so no client can slow the miner.
 *
 * <h2>Differences from geth</h2>
 *
 * <ul>
 *   <li>The only reorg is evm_revert, which undoes blocks without a competing chain: log filters and
 *       {@code logs} subscriptions get the undone logs with {@code removed: true} (as geth sends a
 *       reorg's dropped logs), {@code newHeads} goes on with the next block, and block filters drop
 *       the hashes of undone blocks they had not returned yet.
 *   <li>Queued transactions (behind a nonce gap) are announced when they enter the pool, not when
 *       they become executable.
 *   <li>A filter with more than 100,000 unpolled changes is removed, as are filters past 10,000
 *       installed; connections hold at most 1,000 subscriptions. No {@code syncing} subscription.
 * </ul>
 */
package dev.multilane.rpc.pubsub;
