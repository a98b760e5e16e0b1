/**
 * The node's persistent storage: the canonical chain, its indexes and the state at its head, in
 * one embedded RocksDB database.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link dev.multilane.store.ChainStore}: the database. {@code initialize(genesis)} once, then
 *       {@code commit(block, receipts, stateChanges, stateRoot)} per block; reads of headers,
 *       blocks, receipts, the transaction index, logs and the flat state.
 *   <li>{@link dev.multilane.store.PersistentWorldState}: the {@code WorldState} a block executes
 *       on. Reads fall through an in-memory overlay of the uncommitted block to the flat state;
 *       the state root comes from in-memory tries (below); {@code commit(block, receipts)} hands
 *       the overlay to the store as the block's state changes.
 *   <li>{@link dev.multilane.store.Genesis}: a geth {@code genesis.json} as a {@code ChainConfig},
 *       block 0 and the alloc, with the hash geth computes.
 * </ul>
 *
 * <h2>Layout</h2>
 *
 * One column family per kind of record ({@code Column}). Numbers in keys are 8-byte unsigned
 * big-endian, so key order is numeric order; hashes and addresses are their raw 32 and 20 bytes.
 *
 * <pre>
 * column     key                              value
 * headers    blockHash                        header RLP (BlockHeader.encode)
 * canonical  number                           blockHash
 * bodies     blockHash                        RLP [txs, ommers, withdrawals?] (the wire body:
 *                                             legacy tx inline, typed tx as an RLP string)
 * receipts   blockHash                        RLP list of RLP strings, each a receipt's consensus
 *                                             encoding (Receipt.encode, bloom included)
 * tx_index   txHash                           number(8) ‖ blockHash(32) ‖ index(4)
 * blooms     number                           the block's 256-byte logs bloom
 * accounts   address                          RLP [nonce, balance, codeHash]
 * storage    address ‖ slot(32)               minimal big-endian value (zero slots absent)
 * code       codeHash                         code
 * meta       "head"                           number(8) ‖ blockHash(32)
 *            "chainId"                        8 bytes
 *            "genesis"                        genesis hash
 *            "schema"                         4 bytes, ChainStore.SCHEMA_VERSION
 * </pre>
 *
 * <p>A flat account carries no storage root: that root is derived from the slots and belongs to the
 * tries; a stored copy could only go stale. An account's slots are one contiguous key range, so
 * deleting an account or resetting its storage is a single range tombstone, and {@code hasStorage}
 * is one seek.
 *
 * <p>Logs (eth_getLogs): {@code blooms} keyed by number makes a block range one sequential scan of
 * 256-byte values; only blocks whose bloom may match have their receipts (which hold the logs) and
 * body (for the transaction hashes) read and filtered exactly. No per-address or per-topic index:
 * on a dev chain a bloom scan over the whole chain is milliseconds, and the bloom is what the
 * header commits to anyway. A chain with millions of blocks would want geth's bloom bits
 * (per-section bit vectors) or an address/topic index.
 *
 * <h2>Atomicity and crash safety</h2>
 *
 * Everything a block brings (header, canonical entry, body, receipts, index entries, bloom, state
 * changes, code, new head) goes into one {@code WriteBatch} written with {@code sync}. RocksDB
 * appends a batch to its write-ahead log as one record and replays only whole records at open, so
 * a process killed at any instant leaves either the whole block or nothing, across all column
 * families; {@code sync} makes a returned commit survive power loss too (fsync of the log before
 * returning). The head is one key in the same batch, so it never points at a block that is not
 * there, and the flat state is always exactly the head's post-state. The crash test kills a
 * writer with SIGKILL at random moments and checks this.
 *
 * <h2>The state root and what is not persisted</h2>
 *
 * Only the flat state is on disk. The state trie and the storage tries are rebuilt in memory from it
 * when {@code PersistentWorldState} opens (and checked against the head header's stateRoot), then
 * updated incrementally per block with the state module's {@code MerklePatriciaTrie}. Reopening
 * costs time and memory in proportion to the whole state, fine for a dev chain's thousands of
 * accounts and far from fine for mainnet. Persisting trie nodes (or a path-based trie store like
 * geth's), and with them eth_getProof and historical state, is future work.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>One chain: a block must extend the head. No reorgs, no side chains, no finality labels;
 *       undoing a block would need per-block reverse diffs of the flat state.
 *   <li>State at the head only: no historical balances or storage ("eth_getBalance at block n").
 *   <li>{@code PersistentWorldState} must be the only writer, or its tries fall behind the flat
 *       state (detected at the next open).
 * </ul>
 */
package dev.multilane.store;
