package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One committed block's state changes that are not yet in the flat state (see {@link ChainStore}:
 * the block's batch carries them as one value, and a background thread applies them afterwards).
 * Held in memory so that reads of the latest state see them meanwhile; each account appears once.
 *
 * <p>The stored value is RLP [[address, flags, account, code, [slot, value, slot, value, ...]],
 * ...]: flags bit 0 = deleted, bit 1 = storage cleared; account is the flat encoding (empty when
 * deleted); code is the deployed code or empty; slots and values are RLP integers.
 */
final class StateDiff {
    private static final int DELETED = 1;
    private static final int CLEARED = 2;

    final long number;
    final Hash blockHash;
    /** The changes as a list (null when {@link #overlay} holds them), and by address. */
    private final List<AccountChange> changes;
    private final Map<Address, AccountChange> byAddress;
    private final OverlayChanges overlay;
    private final Map<Hash, byte[]> code;
    /**
     * The block's transaction-index entries (hash to {@link StoreKeys#txLocation}), which the
     * applier writes with the state; null for a diff read back at open, whose entries come from the
     * stored body. Set before the diff is published to readers.
     */
    Map<Hash, byte[]> txIndex;
    /**
     * The stage whose parts hold most of the stored diff's items ({@link StagedRecords}), and how
     * many parts: the applier deletes their diff items. -1 and 0 for a diff stored whole.
     */
    long stage = -1;
    int stagedParts;

    private StateDiff(long number, Hash blockHash, List<AccountChange> changes, Map<Address, AccountChange> byAddress,
            OverlayChanges overlay, Map<Hash, byte[]> code) {
        this.number = number;
        this.blockHash = blockHash;
        this.changes = changes;
        this.byAddress = byAddress;
        this.overlay = overlay;
        this.code = code;
    }

    /** The diff of a committed overlay, read through its maps ({@link OverlayChanges}). */
    static StateDiff of(long number, Hash blockHash, OverlayChanges overlay) {
        return new StateDiff(number, blockHash, null, null, overlay, overlay.code());
    }

    /** The block's changes, one per account. */
    List<AccountChange> changes() {
        return overlay != null ? overlay.list() : changes;
    }

    /** The diff of {@code changes}, or null when an account appears in them twice (no diff then). */
    static StateDiff of(long number, Hash blockHash, List<AccountChange> changes) {
        Map<Address, AccountChange> byAddress = HashMap.newHashMap(changes.size());
        Map<Hash, byte[]> deployed = Map.of();
        for (AccountChange c : changes) {
            if (byAddress.put(c.address(), c) != null) {
                return null;
            }
            if (c.code() != null && c.code().length > 0) {
                if (deployed.isEmpty()) {
                    deployed = new HashMap<>();
                }
                deployed.put(c.info().codeHash(), c.code());
            }
        }
        return new StateDiff(number, blockHash, changes, byAddress, null, deployed);
    }

    /** The block's change to {@code address}, or null when it did not touch it. */
    AccountChange get(Address address) {
        return overlay != null ? overlay.get(address) : byAddress.get(address);
    }

    /** The newest change to {@code address} among {@code diffs} (oldest first), or null when none touched it. */
    static AccountChange newest(StateDiff[] diffs, Address address) {
        for (int i = diffs.length - 1; i >= 0; i--) {
            AccountChange c = diffs[i].get(address);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /**
     * The slot's value as {@code diffs} (oldest first) decide it: the newest write to it, or zero
     * when a newer block deleted the account or reset its storage; null when they leave it to the
     * state below them.
     */
    static U256 slot(StateDiff[] diffs, Address address, U256 slot) {
        for (int i = diffs.length - 1; i >= 0; i--) {
            AccountChange c = diffs[i].get(address);
            if (c != null) {
                U256 written = c.storage() == null ? null : c.storage().get(slot);
                if (written != null) {
                    return written;
                }
                if (c.deleted() || c.storageCleared()) {
                    return U256.ZERO;
                }
            }
        }
        return null;
    }

    /** Code the block deployed under {@code codeHash}, or null. */
    byte[] code(Hash codeHash) {
        return code.get(codeHash);
    }

    /** The stored form: an RLP list of {@link #encodeItem} per change. */
    static byte[] encode(List<AccountChange> changes) {
        return encode(changes, null);
    }

    /**
     * {@link #encode(List)}, taking each change's item from {@code encoded} where it is non-null
     * (a caller that encoded them ahead, as {@link #encodeItem} does), and encoding the others,
     * in parallel when there are many.
     */
    static byte[] encode(List<AccountChange> changes, byte[][] encoded) {
        int n = changes.size();
        byte[][] items = new byte[n][];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, n);
        (n >= 1024 ? range.parallel() : range).forEach(i -> {
            byte[] ready = encoded == null ? null : encoded[i];
            items[i] = ready != null ? ready : encodeItem(changes.get(i));
        });
        int payload = 0;
        for (byte[] item : items) {
            payload += item.length;
        }
        byte[] out = new byte[Rlp.headerLength(payload) + payload];
        int pos = Rlp.writeHeader(out, 0, 0xc0, payload);
        for (byte[] item : items) {
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }

    /**
     * One change as an RLP list [address, flags, flat account, code, [slot, value, ...]], written
     * straight into one array (two passes: lengths, then bytes).
     */
    static byte[] encodeItem(AccountChange c) {
        byte[] account = c.deleted() ? new byte[0] : AccountCodec.encodeFlat(c.info());
        Map<U256, U256> storage = c.storage() == null ? Map.of() : c.storage();
        byte[][] words = new byte[storage.size() * 2][];
        int w = 0;
        int slotsPayload = 0;
        for (Map.Entry<U256, U256> e : storage.entrySet()) {
            words[w] = e.getKey().toMinimalBytes();
            slotsPayload += Rlp.encodedBytesLength(words[w++]);
            words[w] = e.getValue().toMinimalBytes();
            slotsPayload += Rlp.encodedBytesLength(words[w++]);
        }
        byte[] code = c.code() == null ? new byte[0] : c.code();
        int itemPayload = 1 + Address.SIZE + 1 + Rlp.encodedBytesLength(account) + Rlp.encodedBytesLength(code)
                + Rlp.headerLength(slotsPayload) + slotsPayload;
        byte[] out = new byte[Rlp.headerLength(itemPayload) + itemPayload];
        int pos = Rlp.writeHeader(out, 0, 0xc0, itemPayload);
        pos = Rlp.writeBytes(out, pos, c.address().bytes());
        int flags = (c.deleted() ? DELETED : 0) | (c.storageCleared() ? CLEARED : 0);
        out[pos++] = flags == 0 ? (byte) 0x80 : (byte) flags;
        pos = Rlp.writeBytes(out, pos, account);
        pos = Rlp.writeBytes(out, pos, code);
        pos = Rlp.writeHeader(out, pos, 0xc0, slotsPayload);
        for (byte[] word : words) {
            pos = Rlp.writeBytes(out, pos, word);
        }
        if (pos != out.length) {
            throw new IllegalStateException("state diff item encoded to " + pos + " of " + out.length + " bytes");
        }
        return out;
    }

    /**
     * One block's changes from the lists its staged parts and its commit stored, oldest first:
     * each list holds an item per account changed since the list before, with the slots written
     * since, and the storage-cleared flag when the storage was reset since (the account deleted,
     * or re-created). Merged as applying them in order would: the newest account and code, and the
     * slots written after the newest reset.
     */
    static List<AccountChange> merge(List<List<AccountChange>> inOrder) {
        Map<Address, AccountChange> merged = new LinkedHashMap<>();
        for (List<AccountChange> list : inOrder) {
            for (AccountChange c : list) {
                AccountChange before = merged.get(c.address());
                if (before == null) {
                    merged.put(c.address(), c);
                    continue;
                }
                boolean reset = c.deleted() || c.storageCleared();
                Map<U256, U256> slots = new LinkedHashMap<>();
                if (!reset && before.storage() != null) {
                    slots.putAll(before.storage());
                }
                if (c.storage() != null) {
                    slots.putAll(c.storage());
                }
                byte[] code = c.deleted() ? null : c.code() != null ? c.code() : before.code();
                merged.put(c.address(), new AccountChange(c.address(), c.info(), code,
                        reset || before.storageCleared(), slots));
            }
        }
        return new ArrayList<>(merged.values());
    }

    static List<AccountChange> decode(byte[] value) {
        RlpReader r = RlpReader.ofSingleList(value);
        List<AccountChange> changes = new ArrayList<>();
        while (r.hasNext()) {
            RlpReader c = r.enterList();
            Address address = Address.wrap(c.readBytes());
            long flags = c.readLong();
            byte[] account = c.readBytes();
            byte[] code = c.readBytes();
            RlpReader s = c.enterList();
            Map<U256, U256> storage = new LinkedHashMap<>();
            while (s.hasNext()) {
                U256 slot = s.readU256();
                storage.put(slot, s.readU256());
            }
            c.expectEnd();
            AccountInfo info = (flags & DELETED) != 0 ? null : AccountCodec.decodeFlat(account);
            changes.add(new AccountChange(address, info, code.length == 0 ? null : code, (flags & CLEARED) != 0,
                    storage));
        }
        r.expectEnd();
        return changes;
    }
}
