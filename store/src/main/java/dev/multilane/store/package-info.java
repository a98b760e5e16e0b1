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
 *   <li>{@link dev.multilane.store.ChainImporter}: {@code geth import} for RLP block files, each
 *       block fully validated before it is committed.
 *   <li>History: per-block change sets and an index over them give the state at any earlier block
 *       ({@link dev.multilane.store.StateSnapshot#at}), EIP-1186 proofs at any block ({@link
 *       dev.multilane.store.StateSnapshot#proof}) and rollbacks ({@link
 *       dev.multilane.store.ChainStore#rollback}, used by evm_revert).
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
 *                                             legacy tx inline, typed tx as an RLP string), or a
 *                                             reference to staged parts (below)
 * receipts   blockHash                        RLP list of rlp[type, status, cumulativeGas, logs],
 *                                             one per receipt (the bloom is recomputed on read),
 *                                             or a reference to staged parts
 * tx_index   txHash                           number(8) ‖ blockHash(32) ‖ index(4)
 * blooms     number                           the block's 256-byte logs bloom
 * accounts   address                          RLP [nonce, balance, codeHash]
 * storage    address ‖ slot(32)               minimal big-endian value (zero slots absent)
 * code       codeHash                         code
 * changesets number                           RLP [[address...], [address ‖ slot...]]: the keys
 *                                             the block changed
 * account_history  address ‖ number           the account before that block (empty: absent)
 * storage_history  address ‖ slot ‖ number    the slot before that block (empty: zero)
 * state_diffs number                          the block's state changes (StateDiff), from its
 *                                             commit until the applier has written them; or a
 *                                             reference to staged parts and the changes after
 * staged     stage(8) ‖ part(4)               RLP [[tx...], [receipt...]]: part of a block written
 *                                             while it was built (StagedRecords)
 *            stage(8) ‖ part(4) ‖ 1           the state-diff items that part changed; deleted by
 *                                             the applier
 * meta       "head"                           number(8) ‖ blockHash(32)
 *            "state"                          number(8) ‖ blockHash(32) of the block whose
 *                                             post-state the flat state holds (≤ head)
 *            "chainId"                        8 bytes
 *            "genesis"                        genesis hash
 *            "schema"                         4 bytes, ChainStore.SCHEMA_VERSION
 *            "stage"                          the newest stage id a committed block refers to
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
 * <h2>History and rollback</h2>
 *
 * A commit also records, in the same batch, what the block changed and the value each changed key
 * had before it: the block's change set. Reading key K at block N seeks {@code K ‖ N+1} in the
 * history column: the first entry for K is its value before the first later block that changed
 * it, that is its value at N; no entry means the flat state's value still holds. Rolling back to N
 * applies the change sets of head..N+1 in reverse and deletes those blocks, one batch again. A
 * deleted account or a storage reset records every slot the account had, so the undo is exact.
 * History is never pruned: it grows with every block (a few dozen bytes per changed key).
 *
 * <h2>Atomicity and crash safety</h2>
 *
 * A block's commit is one {@code WriteBatch} written with {@code sync}: header, canonical entry,
 * body, receipts, bloom, the new head, and the block's state changes as one value (its {@code
 * StateDiff}, one entry per account). The block is durable when the commit returns. The flat
 * state, the change set, the history entries, the code and the block's transaction-index entries
 * follow in a second batch that the store's applier thread writes afterwards, together with the
 * "state" marker and the deletion of the diff; until then the store's latest state view reads the
 * diff from memory, transaction lookups read the index entries kept with it, and snapshots,
 * rollbacks and whole-state scans wait for the applier (one block's apply, tens of milliseconds).
 * This takes the flat state's tens of thousands of keys per block, and one index key per
 * transaction, out of the time a block takes to commit. The index entries are derived from the
 * body, so an open after a crash rebuilds those of the blocks it re-applies from their stored
 * bodies.
 *
 * <p>A block built in parts (the dev node's pending block, executed as its transactions arrive)
 * is staged as it grows: each part's transactions, receipts and state-diff items go to the
 * {@code staged} column in an unsynced write, and a background thread syncs the log. The block's
 * synced batch then refers to the parts ({@code StagedRecords}: 0x00 ‖ stage ‖ parts ‖ the rest,
 * where an RLP value never starts with 0x00) and carries only what came after the last part, a
 * few hundred kilobytes instead of megabytes. Its sync also makes every earlier log record
 * durable, the parts included. The diff items of a part hold the accounts changed since the part
 * before, with the slots written since; an open merges the parts in order ({@code
 * StateDiff.merge}). Parts no committed block refers to (a block begun and given up, or being
 * built when the node stopped) are deleted: by the producer when it gives the block up, and at
 * open above the newest stage a commit recorded. A rollback deletes its blocks' parts.
 *
 * <p>RocksDB appends a batch to its write-ahead log as one record and replays only whole records
 * at open, in order, so a process killed at any instant leaves a prefix of the batches: a block
 * entirely or not at all, and a state marker at or below the head whose blocks above it all have
 * their diffs stored. Open applies those diffs, oldest first, before anything reads the store, so
 * the flat state is the head's again. The second batch is not synced for that reason: a later
 * synced batch (or the reapplying open) covers it. A rollback waits for the applier, then undoes
 * in one synced batch, moving head and marker together. The crash tests kill a writer (one that
 * only commits, and one that also rolls back) with SIGKILL at random moments and check this;
 * {@code DeferredStateTest} holds the applier back, checks the reads meanwhile and simulates
 * crashes with diffs pending. Commits whose changes name an account twice (lists applied in
 * order) skip the diff and write everything in the block's batch, after the applier is done.
 *
 * <h2>The state root and what is not persisted</h2>
 *
 * Only the flat state is on disk. The state trie and the storage tries are rebuilt in memory from it
 * when {@code PersistentWorldState} opens (and checked against the head header's stateRoot), then
 * updated incrementally per block with the state module's {@code MerklePatriciaTrie}. Reopening
 * costs time and memory in proportion to the whole state, fine for a dev chain's thousands of
 * accounts and far from fine for mainnet. A proof (eth_getProof) rebuilds the tries of its block
 * from the flat state and the change sets, so it too costs time in proportion to the state (the
 * last block's tries are kept for the next proof). Persisting trie nodes (or a path-based trie
 * store like geth's) is future work.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>One chain: a block must extend the head. No side chains and no finality labels; a reorg
 *       is a rollback followed by the other branch's blocks.
 *   <li>{@code PersistentWorldState} must be the only writer, or its tries fall behind the flat
 *       state (detected at the next open).
 * </ul>
 */
package dev.multilane.store;
