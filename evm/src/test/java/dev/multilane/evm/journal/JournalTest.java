package dev.multilane.evm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal's bookkeeping that the state tests exercise only indirectly: lazily made slot maps,
 * undo entries skipped before the first checkpoint, EIP-2200 originals across writes, reverts and
 * re-creation, access-list slots of accounts not yet loaded, and always-warm addresses.
 */
class JournalTest {
    private static final Address CONTRACT = Address.ofNumber(0x1000);
    private static final Address USER = Address.ofNumber(0x2000);
    private static final Address ABSENT = Address.ofNumber(0x3000);
    private static final U256 KEY = U256.of(7);
    private static final U256 OTHER_KEY = U256.of(8);

    /** A fixed pre-state that counts what is read from it. */
    private static final class FixedState implements StateView {
        final Map<Address, AccountInfo> accounts = new HashMap<>();
        final Map<Address, Map<U256, U256>> storage = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public AccountInfo account(Address address) {
            reads.add("account " + address);
            return accounts.get(address);
        }

        @Override
        public byte[] code(Address address) {
            return new byte[0];
        }

        @Override
        public U256 storage(Address address, U256 slot) {
            reads.add("storage " + address + " " + slot);
            return storage.getOrDefault(address, Map.of()).getOrDefault(slot, U256.ZERO);
        }
    }

    private static FixedState state() {
        FixedState s = new FixedState();
        s.accounts.put(CONTRACT, new AccountInfo(1, U256.of(100), Keccak.of(new byte[] {0x00})));
        s.accounts.put(USER, new AccountInfo(5, U256.of(1_000), Keccak.EMPTY));
        s.storage.put(CONTRACT, Map.of(KEY, U256.of(42)));
        return s;
    }

    private static AccountChange changeOf(Journal j, Address address) {
        return j.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElse(null);
    }

    @Test
    void accountsWithoutStorageAccessGetNoSlotMap() {
        Journal j = new Journal(state());
        JournaledAccount user = j.account(USER);
        j.checkpoint();
        j.setNonce(user, 6);
        j.addBalance(user, U256.of(5));
        assertNull(user.slots);
        AccountChange c = changeOf(j, USER);
        assertEquals(new AccountInfo(6, U256.of(1_005), Keccak.EMPTY), c.info());
        assertTrue(c.storage().isEmpty());
    }

    @Test
    void storageReadsWritesAndOriginals() {
        FixedState s = state();
        Journal j = new Journal(s);
        JournaledAccount contract = j.account(CONTRACT);
        j.checkpoint();
        assertEquals(U256.of(42), j.storage(contract, KEY));
        StorageSlot slot = j.slot(contract, KEY);
        j.setStorage(slot, U256.of(43));
        j.setStorage(slot, U256.of(44));
        assertEquals(U256.of(44), j.storage(contract, slot));
        assertEquals(U256.of(42), j.originalStorage(contract, slot)); // EIP-2200: as of transaction start
        assertEquals(1, s.reads.stream().filter(r -> r.startsWith("storage")).count(), "original read once");
        assertEquals(Map.of(KEY, U256.of(44)), changeOf(j, CONTRACT).storage());
    }

    @Test
    void writingTheOriginalBackIsNoChange() {
        Journal j = new Journal(state());
        JournaledAccount contract = j.account(CONTRACT);
        j.checkpoint();
        StorageSlot slot = j.slot(contract, KEY);
        j.setStorage(slot, U256.of(1));
        j.setStorage(slot, U256.of(42));
        assertNull(changeOf(j, CONTRACT));
    }

    @Test
    void revertRestoresWrittenValuesAndWarmth() {
        Journal j = new Journal(state());
        JournaledAccount contract = j.account(CONTRACT);
        Journal.Checkpoint outer = j.checkpoint();
        StorageSlot slot = j.slot(contract, KEY);
        assertTrue(j.warmSlot(slot));
        j.setStorage(slot, U256.of(1));
        Journal.Checkpoint inner = j.checkpoint();
        j.setStorage(slot, U256.of(2));
        assertTrue(j.warmSlot(j.slot(contract, OTHER_KEY)));
        j.revertTo(inner);
        assertEquals(U256.of(1), j.storage(contract, KEY));
        assertFalse(j.warmSlot(slot), "warmed before the inner checkpoint");
        assertTrue(j.warmSlot(j.slot(contract, OTHER_KEY)), "warmed after it, so cold again");
        j.revertTo(outer);
        assertEquals(U256.of(42), j.storage(contract, KEY));
        assertTrue(j.warmSlot(slot));
        assertNull(changeOf(j, CONTRACT));
    }

    @Test
    void changesBeforeTheFirstCheckpointCannotBeRolledBack() {
        Journal j = new Journal(state());
        JournaledAccount user = j.account(USER);
        j.subBalance(user, U256.of(10));
        j.setNonce(user, 6);
        assertTrue(j.warmAddress(CONTRACT));
        Journal.Checkpoint cp = j.checkpoint();
        j.subBalance(user, U256.of(20));
        assertTrue(j.warmAddress(ABSENT));
        j.revertTo(cp);
        assertEquals(U256.of(990), user.balance());
        assertEquals(6, user.nonce());
        assertFalse(j.warmAddress(CONTRACT));
        assertTrue(j.warmAddress(ABSENT));
    }

    @Test
    void recreationClearsWrittenStorageAndRevertBringsItBack() {
        Journal j = new Journal(state());
        JournaledAccount contract = j.account(CONTRACT);
        j.checkpoint();
        StorageSlot slot = j.slot(contract, KEY);
        j.setStorage(slot, U256.of(9));
        Journal.Checkpoint cp = j.checkpoint();
        j.createAccount(contract);
        assertEquals(U256.ZERO, j.storage(contract, KEY));
        assertEquals(U256.ZERO, j.originalStorage(contract, slot));
        j.setStorage(j.slot(contract, OTHER_KEY), U256.of(3));
        AccountChange recreated = changeOf(j, CONTRACT);
        assertTrue(recreated.storageCleared());
        assertEquals(Map.of(OTHER_KEY, U256.of(3)), recreated.storage());
        j.revertTo(cp);
        assertFalse(contract.createdInTx());
        assertEquals(U256.of(9), j.storage(contract, KEY));
        assertEquals(U256.of(42), j.originalStorage(contract, slot));
        assertEquals(U256.ZERO, j.storage(contract, OTHER_KEY));
        AccountChange after = changeOf(j, CONTRACT);
        assertFalse(after.storageCleared());
        assertEquals(Map.of(KEY, U256.of(9)), after.storage());
    }

    @Test
    void selfDestructIsUndone() {
        Journal j = new Journal(state());
        JournaledAccount contract = j.account(CONTRACT);
        Journal.Checkpoint cp = j.checkpoint();
        j.markSelfDestructed(contract);
        assertTrue(changeOf(j, CONTRACT).deleted());
        j.revertTo(cp);
        assertFalse(contract.selfDestructed());
        assertNull(changeOf(j, CONTRACT));
    }

    @Test
    void accessListSlotsReadNoStateAndStayWarmWhenTheAccountLoads() {
        FixedState s = state();
        Journal j = new Journal(s);
        assertTrue(j.warmSlot(CONTRACT, KEY));
        assertFalse(j.warmSlot(CONTRACT, KEY));
        assertTrue(s.reads.isEmpty(), "warming read " + s.reads);
        JournaledAccount contract = j.account(CONTRACT);
        j.checkpoint();
        assertFalse(j.warmSlot(j.slot(contract, KEY)));
        assertTrue(j.warmSlot(j.slot(contract, OTHER_KEY)));
        assertEquals(U256.of(42), j.storage(contract, KEY));
        // Once loaded, warming by address finds the account's own slot.
        assertFalse(j.warmSlot(CONTRACT, OTHER_KEY));
    }

    @Test
    void alwaysWarmAddressesAreNeverCold() {
        Journal j = new Journal(state());
        j.keepWarm(a -> a.equals(Address.ofNumber(1)));
        assertTrue(j.isWarm(Address.ofNumber(1)));
        assertFalse(j.warmAddress(Address.ofNumber(1)));
        assertFalse(j.isWarm(Address.ofNumber(2)));
        assertTrue(j.warmAddress(Address.ofNumber(2)));
        assertTrue(j.isWarm(Address.ofNumber(2)));
    }

    @Test
    void zeroValueTransferTouchesAndCreates() {
        Journal j = new Journal(state());
        JournaledAccount user = j.account(USER);
        JournaledAccount absent = j.account(ABSENT);
        Journal.Checkpoint cp = j.checkpoint();
        U256 before = user.balance();
        assertTrue(j.transfer(user, absent, U256.ZERO));
        assertSame(before, user.balance());
        assertTrue(absent.exists());
        // EIP-161: the touched empty account is reported deleted.
        assertTrue(changeOf(j, ABSENT).deleted());
        j.revertTo(cp);
        assertFalse(absent.exists());
        assertNull(changeOf(j, ABSENT));
    }

    @Test
    void theLastAccountIsFoundByEqualAddressToo() {
        Journal j = new Journal(state());
        JournaledAccount first = j.account(USER);
        assertSame(first, j.account(Address.fromHex(USER.toString())));
        assertSame(first, j.account(USER));
        assertSame(j.account(CONTRACT), j.account(Address.fromHex(CONTRACT.toString())));
    }
}
