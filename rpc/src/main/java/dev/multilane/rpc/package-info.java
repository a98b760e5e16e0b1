/**
 * Ethereum JSON-RPC for Multilane: a transport-independent JSON-RPC 2.0 dispatcher, the eth_,
 * net_, web3_ and debug_ methods over the store ({@code dev.multilane.rpc.eth}), a Vert.x HTTP and
 * WebSocket server, and the execution-apis conformance runner ({@code dev.multilane.rpc.conformance}).
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link dev.multilane.rpc.JsonRpcDispatcher}: body in, body out. Single requests and batches,
 *       notifications, the standard error codes, a size limit checked before parsing (5 MiB, geth's)
 *       and a batch limit (1000). Never throws on client input.
 *   <li>{@link dev.multilane.rpc.Params} and {@link dev.multilane.rpc.RpcHex}: geth's hexutil
 *       rules (quantities without leading zeros, even-length data, fixed-size hashes and addresses)
 *       and its error messages, which clients and the conformance cases see verbatim.
 *   <li>{@link dev.multilane.rpc.MethodResult}: methods return a result or an error as a value.
 *       Parameter decoding alone throws ({@link dev.multilane.rpc.RpcException}), because it happens
 *       deep in argument lists; the dispatcher turns it into -32602.
 *   <li>{@link dev.multilane.rpc.RpcServer}: POST JSON and WebSocket text frames on one port;
 *       handlers run on worker threads; CORS open (geth's {@code --http.corsdomain "*"}); {@code GET
 *       /metrics} for Prometheus ({@code dev.multilane.rpc.metrics}).
 *   <li>{@link dev.multilane.rpc.Connection} and {@link dev.multilane.rpc.CallContext}: what a
 *       method registered with {@code registerWithCaller} learns about its caller, so
 *       subscriptions ({@code dev.multilane.rpc.pubsub}) can push over the caller's WebSocket.
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>State at any block the store holds: the store keeps per-block history, so balance, nonce,
 *       code, storage, proofs and eth_call work at earlier blocks too.
 *   <li>safe, finalized and pending all mean the head.
 *   <li>eth_sendRawTransaction and the dev methods (evm_mine, setBalance...) are registered by the
 *       dev node ({@code eth.TxMethods}, {@code eth.DevMethods}), which owns the transaction pool.
 *   <li>eth_subscribe/eth_unsubscribe and the polling filters are served by {@code
 *       dev.multilane.rpc.pubsub}, fed by the dev node; the {@code syncing} subscription is not.
 * </ul>
 */
package dev.multilane.rpc;
