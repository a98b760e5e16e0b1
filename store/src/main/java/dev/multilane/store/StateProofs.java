package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EIP-1186 Merkle proofs (eth_getProof) of an account and some of its slots at any block.
 *
 * <p>Trie nodes are not persisted (see the package documentation), so the tries of the block are
 * built here: from the snapshot's flat state, then moved back to the block with the change sets of
 * the blocks after it, as a rollback would, and checked against the block's state root. That costs
 * time in proportion to the whole state, fine for a dev chain; the tries of the last block asked
 * for are kept, so repeated proofs at one block (the usual case: the head) build them once.
 */
public final class StateProofs {
    private StateProofs() {}

    /** The tries of one block, read-only once built (their nodes are immutable). */
    record Cached(Hash blockHash, StateTries tries) {}

    static AccountProof prove(StateSnapshot snapshot, ChainStore store, long number, Address address,
            List<U256> slots) {
        Hash blockHash = snapshot.canonicalHash(number)
                .orElseThrow(() -> new IllegalArgumentException("no block " + number));
        StateTries tries = tries(snapshot, store, number, blockHash);
        AccountInfo info = snapshot.at(number).account(address);
        MerklePatriciaTrie storage = tries.storageTrie(address);
        List<SlotProof> slotProofs = new ArrayList<>(slots.size());
        for (U256 slot : slots) {
            List<byte[]> proof = storage == null ? List.of() : storage.prove(StateTries.slotKey(slot));
            slotProofs.add(new SlotProof(slot, snapshot.at(number).storage(address, slot), proof));
        }
        return new AccountProof(address, info, storage == null ? Keccak.EMPTY_TRIE_ROOT : storage.rootHash(),
                tries.proveAccount(address), slotProofs);
    }

    private static StateTries tries(StateSnapshot snapshot, ChainStore store, long number, Hash blockHash) {
        Cached cached = store.proofTries();
        if (cached != null && cached.blockHash().equals(blockHash)) {
            return cached.tries();
        }
        StateTries tries = StateTries.build(snapshot.flat());
        long head = snapshot.head().number();
        if (number < head) {
            Map<Address, PendingAccount> reverse = new LinkedHashMap<>();
            for (AccountChange c : store.history().reverseChanges(snapshot.readOptions(), head, number)) {
                PendingAccount p = new PendingAccount(c.info());
                p.storageCleared = c.deleted();
                if (c.storage() != null) {
                    p.slots.putAll(c.storage());
                }
                reverse.put(c.address(), p);
            }
            tries.install(tries.prepare(reverse));
        }
        Hash expected = store.header(blockHash).orElseThrow().stateRoot();
        if (!tries.root().equals(expected)) {
            throw new StoreException("the state of block " + number + " rebuilt for a proof has root " + tries.root()
                    + ", not " + expected);
        }
        store.proofTries(new Cached(blockHash, tries));
        return tries;
    }

    /**
     * An account's proof.
     *
     * @param account the account, null when it does not exist (the proof then shows its absence)
     * @param storageRoot the root of its storage trie (the empty root when it has no storage)
     * @param accountProof the state trie nodes from the root to the account, RLP each
     * @param storage one proof per slot asked for, in the order asked
     */
    public record AccountProof(Address address, AccountInfo account, Hash storageRoot, List<byte[]> accountProof,
            List<SlotProof> storage) {}

    /** A slot's value (zero when unset) and the storage trie nodes from the root toward it. */
    public record SlotProof(U256 slot, U256 value, List<byte[]> proof) {}
}
