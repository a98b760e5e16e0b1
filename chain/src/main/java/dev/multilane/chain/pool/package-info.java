/**
 * The transaction pool: where signed transactions wait between eth_sendRawTransaction and a block.
 *
 * <p>{@link dev.multilane.chain.pool.TransactionPool#add} runs the stateless checks of {@link
 * dev.multilane.chain.TransactionValidator} (with sender recovery, cached on the transaction),
 * then the pool's own: nonce against the head state, balance against value + gasLimit · maxFee of
 * all the sender's pooled transactions, the replacement bump (10%, geth and reth), the per-sender
 * and global limits. Per sender, the transactions from the state nonce on without a gap are
 * <em>pending</em> (executable in order now); those behind a gap are <em>queued</em> and promoted
 * when it fills. {@link dev.multilane.chain.pool.TransactionPool#selectForBlock} orders pending
 * transactions for a block as geth's miner does (a price-and-nonce heap by EIP-1559 effective
 * tip); {@link dev.multilane.chain.pool.TransactionPool#onNewHead} moves the pool to the next
 * block's {@link dev.multilane.chain.pool.PoolHead} (state, fork, base fee, blob base fee) and drops
 * what was mined, has become unaffordable, or the new fork's rules refuse. Blob (type 3, EIP-4844)
 * transactions come with a {@link dev.multilane.chain.pool.BlobSidecar} whose KZG proofs are
 * verified on entry, and follow geth's blobpool rules (no nonce gap, 100% replacement bump, a
 * sender holds blob transactions or others, a bound on blobs held).
 */
package dev.multilane.chain.pool;
