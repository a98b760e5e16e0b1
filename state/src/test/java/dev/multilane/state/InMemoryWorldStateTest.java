package dev.multilane.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.TrieRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryWorldStateTest {
    private static final Address A = Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    private static final Address B = Address.fromHex("0x095e7baea6a6c7c4c2dfeb977efac326af552d87");
    private static final U256 ETHER = U256.of(1_000_000_000_000_000_000L);

    @Test
    void emptyWorldHasTheEmptyRoot() {
        assertEquals(Keccak.EMPTY_TRIE_ROOT, new InMemoryWorldState().stateRoot());
    }

    /**
     * One account, worked out by hand: the state trie is a single leaf whose path is all 64 nibbles
     * of keccak(address) (hex prefix 0x20 for an even leaf) and whose value is the account RLP.
     */
    @Test
    void singleAccountRootByHand() {
        InMemoryWorldState world = new InMemoryWorldState();
        world.putAccount(A, 0, ETHER, null, null);

        byte[] account = Rlp.encodeList(
                Rlp.encodeLong(0),
                Rlp.encodeBytes(Hex.decode("0x0de0b6b3a7640000")),
                Rlp.encodeBytes(Keccak.EMPTY_TRIE_ROOT.bytes()),
                Rlp.encodeBytes(Keccak.EMPTY.bytes()));
        byte[] path = new byte[33];
        path[0] = 0x20;
        System.arraycopy(Keccak.hash(A.bytes()), 0, path, 1, 32);
        byte[] leaf = Rlp.encodeList(Rlp.encodeBytes(path), Rlp.encodeBytes(account));
        assertEquals(Keccak.of(leaf), world.stateRoot());
        assertEquals(TrieRoots.secure(List.of(Map.entry(A.bytes(), account))), world.stateRoot());
    }

    /**
     * The genesis of the execution-apis test chain (accounts with code, storage and nonces) must
     * give the stateRoot of its block 0 as a real client reported it.
     */
    @Test
    void executionApisGenesisStateRoot() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode alloc = json.readTree(Fixtures.resolve("execution-apis/tests/genesis.json").toFile()).get("alloc");
        InMemoryWorldState world = new InMemoryWorldState();
        for (Map.Entry<String, JsonNode> e : alloc.properties()) {
            JsonNode acct = e.getValue();
            Map<U256, U256> storage = new HashMap<>();
            if (acct.has("storage")) {
                acct.get("storage").properties().forEach(s -> storage.put(U256.parse(s.getKey()), U256.parse(s.getValue().asText())));
            }
            world.putAccount(
                    Address.fromHex(e.getKey()),
                    acct.has("nonce") ? U256.parse(acct.get("nonce").asText()).clampedLong() : 0,
                    U256.parse(acct.path("balance").asText("0x0")),
                    acct.has("code") ? Hex.decode(acct.get("code").asText()) : null,
                    storage);
        }
        String io = Files.readString(Fixtures.resolve("execution-apis/tests/eth_getBlockByNumber/get-genesis.io"));
        String response = io.lines().filter(l -> l.startsWith("<< ")).findFirst().orElseThrow().substring(3);
        Hash expected = Hash.fromHex(json.readTree(response).get("result").get("stateRoot").asText());
        assertEquals(expected, world.stateRoot());
        assertEquals(expected, world.copy().stateRoot());
    }

    @Test
    void readsThroughStateView() {
        InMemoryWorldState world = new InMemoryWorldState();
        byte[] code = Hex.decode("0x6001600055");
        world.putAccount(A, 3, ETHER, code, Map.of(U256.ONE, U256.of(7), U256.of(2), U256.ZERO));
        AccountInfo info = world.account(A);
        assertEquals(3, info.nonce());
        assertEquals(ETHER, info.balance());
        assertEquals(Keccak.of(code), info.codeHash());
        assertArrayEquals(code, world.code(A));
        assertEquals(U256.of(7), world.storage(A, U256.ONE));
        assertEquals(U256.ZERO, world.storage(A, U256.of(2)));
        assertEquals(Map.of(U256.ONE, U256.of(7)), world.storageOf(A));
        assertTrue(world.hasStorage(A));
        assertNull(world.account(B));
        assertArrayEquals(new byte[0], world.code(B));
        assertEquals(U256.ZERO, world.storage(B, U256.ONE));
        assertFalse(world.hasStorage(B));
        assertEquals(java.util.Set.of(A), world.addresses());
    }

    @Test
    void applyDeletesAccountAndItsStorage() {
        InMemoryWorldState world = new InMemoryWorldState();
        world.putAccount(A, 1, ETHER, null, null);
        world.putAccount(B, 1, U256.ONE, Hex.decode("0x00"), Map.of(U256.ONE, U256.ONE));
        Hash withB = world.stateRoot();
        world.apply(List.of(new AccountChange(B, null, null, true, Map.of())));
        assertNull(world.account(B));
        assertEquals(Map.of(), world.storageOf(B));
        assertEquals(rootOf(Map.of(A, new Acct(1, ETHER, null, Map.of()))), world.stateRoot());
        assertNotEquals(withB, world.stateRoot());

        // Re-created in a later transaction: nothing of the old storage survives.
        AccountInfo fresh = new AccountInfo(1, U256.ZERO, Keccak.EMPTY);
        world.apply(List.of(new AccountChange(B, fresh, null, false, Map.of(U256.of(5), U256.of(6)))));
        assertEquals(U256.ZERO, world.storage(B, U256.ONE));
        assertEquals(rootOf(Map.of(
                A, new Acct(1, ETHER, null, Map.of()),
                B, new Acct(1, U256.ZERO, null, Map.of(U256.of(5), U256.of(6))))), world.stateRoot());
    }

    @Test
    void applyClearsStorageBeforeWritingNewSlots() {
        InMemoryWorldState world = new InMemoryWorldState();
        world.putAccount(B, 1, U256.ZERO, null, Map.of(U256.ONE, U256.ONE, U256.of(2), U256.of(2)));
        world.stateRoot();
        byte[] code = Hex.decode("0x60006000f3");
        AccountInfo info = new AccountInfo(1, U256.of(9), Keccak.of(code));
        world.apply(List.of(new AccountChange(B, info, code, true, Map.of(U256.of(2), U256.of(3)))));
        assertEquals(Map.of(U256.of(2), U256.of(3)), world.storageOf(B));
        assertArrayEquals(code, world.code(B));
        assertEquals(rootOf(Map.of(B, new Acct(1, U256.of(9), code, Map.of(U256.of(2), U256.of(3))))), world.stateRoot());
    }

    @Test
    void zeroSlotIsRemoved() {
        InMemoryWorldState world = new InMemoryWorldState();
        world.putAccount(B, 1, U256.ZERO, null, Map.of(U256.ONE, U256.ONE, U256.of(2), U256.of(2)));
        world.stateRoot();
        AccountInfo info = world.account(B);
        world.apply(List.of(new AccountChange(B, info, null, false, Map.of(U256.ONE, U256.ZERO))));
        assertEquals(Map.of(U256.of(2), U256.of(2)), world.storageOf(B));
        assertTrue(world.hasStorage(B));
        assertEquals(rootOf(Map.of(B, new Acct(1, U256.ZERO, null, Map.of(U256.of(2), U256.of(2))))), world.stateRoot());
        world.apply(List.of(new AccountChange(B, info, null, false, Map.of(U256.of(2), U256.ZERO))));
        assertFalse(world.hasStorage(B));
        assertEquals(rootOf(Map.of(B, new Acct(1, U256.ZERO, null, Map.of()))), world.stateRoot());
    }

    @Test
    void codeThatDoesNotMatchItsHashIsRejected() {
        InMemoryWorldState world = new InMemoryWorldState();
        AccountInfo info = new AccountInfo(1, U256.ZERO, Keccak.EMPTY);
        assertThrows(IllegalArgumentException.class,
                () -> world.apply(List.of(new AccountChange(B, info, new byte[] {1}, false, Map.of()))));
    }

    @Test
    void copiesAreIndependent() {
        InMemoryWorldState world = new InMemoryWorldState();
        world.putAccount(A, 1, ETHER, null, Map.of(U256.ONE, U256.ONE));
        Hash root = world.stateRoot();
        InMemoryWorldState copy = world.copy();
        copy.apply(List.of(
                new AccountChange(A, new AccountInfo(2, U256.ONE, Keccak.EMPTY), null, false, Map.of(U256.ONE, U256.of(5))),
                new AccountChange(B, new AccountInfo(0, U256.ONE, Keccak.EMPTY), null, false, Map.of())));
        assertNotEquals(root, copy.stateRoot());
        assertEquals(root, world.stateRoot());
        assertEquals(U256.ONE, world.storage(A, U256.ONE));
        assertNull(world.account(B));
        // And the other way round: writes to the original do not reach the copy.
        Hash copyRoot = copy.stateRoot();
        world.apply(List.of(new AccountChange(A, null, null, true, Map.of())));
        assertEquals(copyRoot, copy.stateRoot());
        assertEquals(U256.of(5), copy.storage(A, U256.ONE));
    }

    /**
     * Random transactions over a few hundred accounts: after each block the incrementally kept root
     * must equal the root of a world rebuilt from scratch out of the same contents, and that of an
     * independent model built with {@link TrieRoots} alone.
     */
    @Test
    void incrementalStateRootsMatchRebuiltRoots() {
        Random random = new Random(7);
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[20];
            random.nextBytes(b);
            addresses.add(Address.wrap(b));
        }
        InMemoryWorldState world = new InMemoryWorldState();
        Map<Address, Acct> model = new HashMap<>();
        for (int block = 0; block < 30; block++) {
            for (int tx = 0; tx < 20; tx++) {
                List<AccountChange> changes = new ArrayList<>();
                for (int c = 0; c < 1 + random.nextInt(4); c++) {
                    Address a = addresses.get(random.nextInt(addresses.size()));
                    changes.add(randomChange(random, a, model));
                }
                world.apply(changes);
            }
            Hash root = world.stateRoot();
            assertEquals(rootOf(model), root, "block " + block);
            assertEquals(rebuild(world).stateRoot(), root, "block " + block);
        }
    }

    private static AccountChange randomChange(Random random, Address a, Map<Address, Acct> model) {
        Acct old = model.get(a);
        int kind = random.nextInt(10);
        if (kind == 0) {
            model.remove(a);
            return new AccountChange(a, null, null, true, Map.of());
        }
        boolean clear = kind == 1 || old == null;
        Map<U256, U256> storage = new HashMap<>(clear ? Map.of() : old.storage());
        Map<U256, U256> writes = new HashMap<>();
        for (int s = 0; s < random.nextInt(5); s++) {
            U256 slot = U256.of(random.nextInt(12));
            U256 value = random.nextInt(3) == 0 ? U256.ZERO : U256.of(random.nextLong() >>> random.nextInt(64));
            writes.put(slot, value);
            if (value.isZero()) {
                storage.remove(slot);
            } else {
                storage.put(slot, value);
            }
        }
        byte[] code = old == null ? null : old.code();
        byte[] newCode = null;
        if (kind == 2) {
            newCode = new byte[random.nextInt(3) * 20];
            random.nextBytes(newCode);
            code = newCode;
        }
        long nonce = random.nextInt(1000);
        U256 balance = random.nextInt(5) == 0 ? U256.ZERO : U256.of(random.nextLong() >>> 1);
        Hash codeHash = code == null ? Keccak.EMPTY : Keccak.of(code);
        model.put(a, new Acct(nonce, balance, code, storage));
        return new AccountChange(a, new AccountInfo(nonce, balance, codeHash), newCode, clear, writes);
    }

    private static InMemoryWorldState rebuild(InMemoryWorldState world) {
        InMemoryWorldState fresh = new InMemoryWorldState();
        for (Address a : world.addresses()) {
            AccountInfo info = world.account(a);
            fresh.putAccount(a, info.nonce(), info.balance(), world.code(a), world.storageOf(a));
        }
        return fresh;
    }

    /** Expected contents of one account in a model world. */
    private record Acct(long nonce, U256 balance, byte[] code, Map<U256, U256> storage) {}

    /** The state root of a model world, built from TrieRoots and RLP alone. */
    private static Hash rootOf(Map<Address, Acct> accounts) {
        List<Map.Entry<byte[], byte[]>> leaves = new ArrayList<>();
        accounts.forEach((address, acct) -> {
            List<Map.Entry<byte[], byte[]>> slots = new ArrayList<>();
            acct.storage().forEach((k, v) -> slots.add(Map.entry(k.toBytes(), Rlp.encodeU256(v))));
            byte[] code = acct.code() == null ? new byte[0] : acct.code();
            byte[] rlp = Rlp.encodeList(
                    Rlp.encodeLong(acct.nonce()),
                    Rlp.encodeU256(acct.balance()),
                    Rlp.encodeBytes(TrieRoots.secure(slots).bytes()),
                    Rlp.encodeBytes(Keccak.of(code).bytes()));
            leaves.add(Map.entry(address.bytes(), rlp));
        });
        return TrieRoots.secure(leaves);
    }
}
