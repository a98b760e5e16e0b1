package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.parallel.TestContracts.InitKind;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.Log;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The random blocks are only as good as their contracts: each one, run sequentially, does what
 * {@link TestContracts} says it does (otherwise the property test would compare two executors on
 * transactions that all fail at the first opcode).
 */
class TestContractsTest {
    private static final Address SENDER = Address.fromHex("0x00000000000000000000000000000000000a11ce");
    private static final Address BOB = Address.fromHex("0x0000000000000000000000000000000000000b0b");
    private static final Address COINBASE = Address.fromHex("0x000000000000000000000000000000000000c0b0");
    private static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000c0de0001");
    private static final Address OTHER = Address.fromHex("0x00000000000000000000000000000000c0de0002");

    private final TransactionProcessor processor = new TransactionProcessor(1);
    private InMemoryWorldState state = new InMemoryWorldState();

    private TxResult.Executed call(Fork fork, Address to, U256 value, byte[] data) {
        long nonce = state.account(SENDER).nonce();
        TxEnv tx = new TxEnv(2, SENDER, to, nonce, 1_000_000, value, data, null, U256.of(10), U256.ONE, List.of(),
                List.of(), null);
        BlockEnv block = new BlockEnv(COINBASE, 1, 1, 30_000_000, U256.ONE, U256.ZERO, 0, n -> null);
        TxResult.Executed r = (TxResult.Executed) processor.execute(fork, block, tx, state);
        state.apply(r.changes());
        return r;
    }

    private void deploy(Address at, byte[] code, U256 balance, Map<U256, U256> storage) {
        state.putAccount(at, 1, balance, code, storage);
    }

    private void fundSender() {
        state.putAccount(SENDER, 0, RandomPreState.RICH, null, null);
    }

    @Test
    void storageRunsItsOperationsAndRecordsWhatItRead() {
        fundSender();
        deploy(CONTRACT, TestContracts.storage(), U256.ZERO, Map.of(U256.of(4), U256.of(5)));
        byte[] ops = Bytes.concat(
                TestContracts.storageOp(TestContracts.STORAGE_WRITE, U256.of(3), U256.of(9)),
                TestContracts.storageOp(TestContracts.STORAGE_ADD, U256.of(3), U256.of(2)),
                TestContracts.storageOp(TestContracts.STORAGE_READ, U256.of(3), U256.ZERO),
                TestContracts.storageOp(TestContracts.STORAGE_READ, U256.of(4), U256.ZERO));
        TxResult.Executed r = call(Fork.CANCUN, CONTRACT, U256.ZERO, ops);
        assertTrue(r.success());
        assertEquals(U256.of(11), state.storage(CONTRACT, U256.of(3)));
        assertEquals(U256.of(16), state.storage(CONTRACT, SENDER.toU256()), "11 + 5 read");
        assertEquals(1, r.logs().size());
        assertEquals(SENDER.toU256(), r.logs().getFirst().topics().getFirst().toU256());
        assertArrayEquals(U256.of(16).toBytes(), r.logs().getFirst().data());
    }

    @Test
    void tokenTransfersLogsAndRevertsWhenShort() {
        fundSender();
        deploy(CONTRACT, TestContracts.token(), U256.ZERO, Map.of(TestContracts.tokenBalanceSlot(SENDER), U256.of(100)));
        TxResult.Executed ok = call(Fork.CANCUN, CONTRACT, U256.ZERO, TestContracts.tokenTransfer(BOB, U256.of(30)));
        assertTrue(ok.success());
        assertEquals(U256.ONE, U256.fromBytes(ok.output()));
        assertEquals(U256.of(70), state.storage(CONTRACT, TestContracts.tokenBalanceSlot(SENDER)));
        assertEquals(U256.of(30), state.storage(CONTRACT, TestContracts.tokenBalanceSlot(BOB)));
        Log log = ok.logs().getFirst();
        assertEquals(List.of(TestContracts.TRANSFER_EVENT, SENDER.toU256().toHash(), BOB.toU256().toHash()), log.topics());

        TxResult.Executed short_ = call(Fork.CANCUN, CONTRACT, U256.ZERO, TestContracts.tokenTransfer(BOB, U256.of(71)));
        assertFalse(short_.success());
        assertEquals(U256.of(70), state.storage(CONTRACT, TestContracts.tokenBalanceSlot(SENDER)));
    }

    @Test
    void nestedCallerForwardsEachKindOfCall() {
        fundSender();
        deploy(CONTRACT, TestContracts.nestedCaller(), U256.of(1_000), null);
        deploy(OTHER, TestContracts.storage(), U256.ZERO, null);
        byte[] write = TestContracts.storageOp(TestContracts.STORAGE_WRITE, U256.of(7), U256.of(8));

        // CALL with value: the callee's storage changes and it receives the value.
        assertTrue(call(Fork.CANCUN, CONTRACT, U256.ZERO,
                Bytes.concat(TestContracts.hop(TestContracts.HOP_CALL, 5, OTHER), write)).success());
        assertEquals(U256.of(8), state.storage(OTHER, U256.of(7)));
        assertEquals(U256.of(5), state.account(OTHER).balance());
        assertEquals(U256.ONE, state.storage(CONTRACT, U256.ONE), "one successful sub-call");

        // DELEGATECALL: the callee's code writes the caller's storage.
        assertTrue(call(Fork.CANCUN, CONTRACT, U256.ZERO,
                Bytes.concat(TestContracts.hop(TestContracts.HOP_DELEGATECALL, 0, OTHER), write)).success());
        assertEquals(U256.of(8), state.storage(CONTRACT, U256.of(7)));
        assertEquals(U256.of(2), state.storage(CONTRACT, U256.ONE));

        // STATICCALL: the write fails, the caller records the failure and carries on.
        assertTrue(call(Fork.CANCUN, CONTRACT, U256.ZERO,
                Bytes.concat(TestContracts.hop(TestContracts.HOP_STATICCALL, 0, OTHER), write)).success());
        assertEquals(U256.of(2), state.storage(CONTRACT, U256.ONE));

        // Two hops, through itself, to nobody: the last caller increments its own slot 0.
        assertTrue(call(Fork.CANCUN, CONTRACT, U256.ZERO, Bytes.concat(
                TestContracts.hop(TestContracts.HOP_CALL, 0, CONTRACT), TestContracts.hop(TestContracts.HOP_CALL, 0, CONTRACT))).success());
        assertEquals(U256.ONE, state.storage(CONTRACT, U256.ZERO));
    }

    @Test
    void creatorDeploysWithCreate2AndDestroysOnRequest() {
        fundSender();
        deploy(CONTRACT, TestContracts.creator(), U256.of(1_000), null);
        byte[] init = TestContracts.initCode(InitKind.STORE_AND_DEPLOY);
        Address child = Evm.create2Address(CONTRACT, U256.of(2), init);
        TxResult.Executed r = call(Fork.CANCUN, CONTRACT, U256.ZERO,
                TestContracts.creatorCall(TestContracts.CREATOR_CREATE2, 2, 5, init));
        assertTrue(r.success());
        assertEquals(child.toU256(), state.storage(CONTRACT, U256.ZERO));
        assertEquals(Keccak.of(TestContracts.child()), state.account(child).codeHash());
        assertEquals(U256.of(42), state.storage(child, U256.ZERO));
        assertEquals(U256.of(5), state.storage(child, U256.ONE), "SELFBALANCE in the constructor");

        // A second CREATE2 with the same salt collides; CREATE uses the creator's nonce instead.
        call(Fork.CANCUN, CONTRACT, U256.ZERO, TestContracts.creatorCall(TestContracts.CREATOR_CREATE2, 2, 0, init));
        assertEquals(U256.ZERO, state.storage(CONTRACT, U256.ZERO));
        Address created = Evm.createAddress(CONTRACT, state.account(CONTRACT).nonce());
        call(Fork.CANCUN, CONTRACT, U256.ZERO,
                TestContracts.creatorCall(TestContracts.CREATOR_CALL_CHILD, 0, 0, init));
        assertNull(state.account(created), "created and destroyed in one transaction (EIP-6780)");

        // The pre-existing child, called with no data, only gives its balance away under Cancun.
        state.putAccount(child, 1, U256.of(77), TestContracts.child(), Map.of(U256.ZERO, U256.ONE));
        call(Fork.CANCUN, child, U256.ZERO, Bytes.EMPTY);
        assertEquals(U256.ZERO, state.account(child).balance());
        assertEquals(Keccak.of(TestContracts.child()), state.account(child).codeHash());
    }

    @Test
    void failingConstructorsCreateNothing() {
        for (InitKind kind : List.of(InitKind.REVERT, InitKind.OUT_OF_GAS, InitKind.INVALID_CODE,
                InitKind.DESTROY_IN_CONSTRUCTOR)) {
            state = new InMemoryWorldState();
            fundSender();
            Address at = Evm.createAddress(SENDER, 0);
            call(Fork.CANCUN, null, U256.ZERO, TestContracts.initCode(kind));
            assertNull(state.account(at), kind.name());
        }
        state = new InMemoryWorldState();
        fundSender();
        Address at = Evm.createAddress(SENDER, 0);
        assertTrue(call(Fork.CANCUN, null, U256.ZERO, TestContracts.initCode(InitKind.STORE_EMPTY_CODE)).success());
        assertEquals(Keccak.EMPTY, state.account(at).codeHash());
        assertEquals(U256.of(7), state.storage(at, U256.ZERO));
    }

    @Test
    void reverterBurnerAndSelfDestructorFailOrDestroyAsTold() {
        fundSender();
        deploy(CONTRACT, TestContracts.reverter(), U256.ZERO, Map.of(U256.of(2), U256.of(6)));
        TxResult.Executed reverted = call(Fork.CANCUN, CONTRACT, U256.ZERO, U256.of(2).toBytes());
        assertFalse(reverted.success());
        assertArrayEquals(U256.of(7).toBytes(), reverted.output());
        assertEquals(U256.of(6), state.storage(CONTRACT, U256.of(2)));

        deploy(OTHER, TestContracts.gasBurner(), U256.ZERO, null);
        TxResult.Executed burnt = call(Fork.CANCUN, OTHER, U256.ZERO, Bytes.EMPTY);
        assertFalse(burnt.success());
        assertEquals(1_000_000, burnt.gasUsed());

        Address destructor = Address.fromHex("0x00000000000000000000000000000000c0de0003");
        deploy(destructor, TestContracts.selfDestructor(), U256.of(50), Map.of(U256.ZERO, U256.ONE));
        assertTrue(call(Fork.CANCUN, destructor, U256.ZERO, TestContracts.word(BOB)).success());
        assertEquals(U256.of(50), state.account(BOB).balance());
        assertNotEquals(null, state.account(destructor), "Cancun: a pre-existing contract survives");
        assertEquals(U256.ONE, state.storage(destructor, U256.ZERO));

        assertTrue(call(Fork.SHANGHAI, destructor, U256.of(3), Bytes.EMPTY).success());
        assertNull(state.account(destructor), "Shanghai: SELFDESTRUCT deletes it");
        assertEquals(Map.of(), state.storageOf(destructor));
    }

    @Test
    void readerRecordsBalancesAndCodeHashes() {
        fundSender();
        deploy(CONTRACT, TestContracts.reader(), U256.of(3), null);
        state.putAccount(COINBASE, 0, U256.of(1_000), null, null);
        TxResult.Executed r = call(Fork.CANCUN, CONTRACT, U256.ZERO, TestContracts.addressWords(List.of(BOB, CONTRACT)));
        assertTrue(r.success());
        // acc = coinbase + self; then for BOB (absent): acc*31 + 0, ^ 0, + 0; for CONTRACT: acc*31 + 3, ^ hash, + size.
        U256 acc = U256.of(1_003).mul(U256.of(31));
        acc = acc.mul(U256.of(31)).add(U256.of(3)).xor(Keccak.of(TestContracts.reader()).toU256())
                .add(U256.of(TestContracts.reader().length));
        assertEquals(acc, state.storage(CONTRACT, SENDER.toU256()));
        assertArrayEquals(acc.toBytes(), r.logs().getFirst().data());
        assertEquals(List.<Hash>of(), r.logs().getFirst().topics());
    }
}
