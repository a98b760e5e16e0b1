/**
 * The Ethereum methods, grouped by what they read: {@code ChainMethods} (blocks, transactions,
 * receipts, logs, raw encodings), {@code StateMethods} (accounts at the head), {@code FeeMethods}
 * and {@code CallMethods} (eth_call, eth_estimateGas, eth_createAccessList on a snapshot of the
 * head). JSON shapes follow geth ({@code EthJson}); {@code EthApi} registers them all.
 */
package dev.multilane.rpc.eth;
