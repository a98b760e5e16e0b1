package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;

/**
 * Encodings of the flat state's values and of the account leaves of the state trie.
 *
 * <p>A flat account is RLP [nonce, balance, codeHash], without the storage root the trie leaf
 * carries: the root is derived from the storage slots, which the in-memory tries own, and a copy
 * kept here could only go stale.
 */
final class AccountCodec {
    private AccountCodec() {}

    static byte[] encodeFlat(AccountInfo info) {
        return Rlp.encodeList(Rlp.encodeLong(info.nonce()), Rlp.encodeU256(info.balance()),
                Rlp.encodeBytes(info.codeHash().bytes()));
    }

    static AccountInfo decodeFlat(byte[] value) {
        RlpReader r = RlpReader.ofSingleList(value);
        AccountInfo info = new AccountInfo(r.readLong(), r.readU256(), r.readHash());
        r.expectEnd();
        return info;
    }

    /** The state trie leaf rlp([nonce, balance, storageRoot, codeHash]) (Yellow Paper section 4.1). */
    static byte[] trieLeaf(AccountInfo info, Hash storageRoot) {
        return Rlp.encodeList(Rlp.encodeLong(info.nonce()), Rlp.encodeU256(info.balance()),
                Rlp.encodeBytes(storageRoot.bytes()), Rlp.encodeBytes(info.codeHash().bytes()));
    }

    /** A storage slot's value in the storage trie: the RLP of its minimal big-endian bytes. */
    static byte[] trieSlot(U256 value) {
        return Rlp.encodeU256(value);
    }

    /** A storage value in the flat state: its minimal big-endian bytes (never zero, so never empty). */
    static byte[] encodeSlot(U256 value) {
        return value.toMinimalBytes();
    }

    static U256 decodeSlot(byte[] value) {
        return U256.fromBytes(value);
    }
}
