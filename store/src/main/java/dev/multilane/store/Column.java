package dev.multilane.store;

import java.nio.charset.StandardCharsets;

/**
 * The column families of a {@link ChainStore} database, one per kind of record. The layout of each
 * key and value is in the package documentation; {@link StoreKeys} builds the keys.
 *
 * <p>The names are written into the database: renaming one orphans its data, so a change here is a
 * schema change ({@link ChainStore#SCHEMA_VERSION}).
 */
enum Column {
    /** Block hash → header RLP. */
    HEADERS("headers"),
    /** Block number (8 bytes, big-endian) → hash of the canonical block at that height. */
    CANONICAL("canonical"),
    /** Block hash → body RLP [transactions, ommers, withdrawals?], as in a block's wire form. */
    BODIES("bodies"),
    /** Block hash → RLP list of the receipts' consensus encodings. */
    RECEIPTS("receipts"),
    /** Transaction hash → block number (8) ‖ block hash (32) ‖ index in the block (4). */
    TX_INDEX("tx_index"),
    /** Block number (8) → the canonical block's 256-byte logs bloom, for eth_getLogs range scans. */
    BLOOMS("blooms"),
    /** Address (20) → RLP [nonce, balance, codeHash] of the account at head. */
    ACCOUNTS("accounts"),
    /** Address (20) ‖ slot (32) → minimal big-endian value at head; zero slots are absent. */
    STORAGE("storage"),
    /** Code hash (32) → code. Never deleted: code is shared by hash and costs little to keep. */
    CODE("code"),
    /** A short ASCII name → a value: head, the flat state's block, chain id, genesis hash, schema version. */
    META("meta"),
    /**
     * Block number (8) → what the block changed: RLP [[address...], [address ‖ slot...]], the keys
     * whose values before the block {@link #ACCOUNT_HISTORY} and {@link #STORAGE_HISTORY} hold.
     */
    CHANGESETS("changesets"),
    /** Address (20) ‖ block number (8) → the account before that block changed it (empty: absent). */
    ACCOUNT_HISTORY("account_history"),
    /** Address (20) ‖ slot (32) ‖ block number (8) → the slot before that block changed it (empty: zero). */
    STORAGE_HISTORY("storage_history"),
    /**
     * Block number (8) → the block's state changes ({@link StateDiff}), from its commit until the
     * applier has written them into the flat state.
     */
    STATE_DIFFS("state_diffs"),
    /**
     * Stage id (8) ‖ part (4) → RLP [[transaction...], [receipt...]]: a block's transactions and
     * receipts written part by part while it is built ({@link BlockEncoding}, {@link
     * ChainStore#stage}); a committed block's body and receipts that {@link StagedRecords} refer to.
     * Stage id ‖ part ‖ 1 → the RLP list of the state diff's items the part changed ({@link
     * StateDiff#merge}), until the applier has written the block's state.
     */
    STAGED("staged");

    private final byte[] id;

    Column(String name) {
        this.id = name.getBytes(StandardCharsets.US_ASCII);
    }

    /** The column family's name in the database. */
    byte[] id() {
        return id.clone();
    }
}
