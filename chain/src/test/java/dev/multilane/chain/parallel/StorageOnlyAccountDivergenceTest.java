package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.chain.block.TransactionsExecutor;
import dev.multilane.chain.parallel.TestContracts.InitKind;
import dev.multilane.evm.Fork;
import dev.multilane.evm.Opcodes;
import dev.multilane.evm.asm.Asm;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A divergence between {@link ParallelBlockExecutor} and {@link SequentialBlockExecutor}, found by
 * {@link ParallelMatchesSequentialTest}'s generator and reduced to two transactions.
 *
 * <p>An account X with storage but no code, nonce or balance (mainnet has a few; they are why
 * EIP-7610 exists) is empty under EIP-161, so a transaction that touches it deletes it, storage
 * and all. If a later transaction of the same block brings X back (a value transfer, or a
 * creation at X, which the deletion makes possible), X must come back with empty storage.
 *
 * <p>Sequentially that is what happens: the deletion removes the account from the world state, and
 * the re-created account starts clean. In parallel, multi-version memory holds X's header (ABSENT,
 * then the new header) and the slots written in the block, but "every slot of X is gone" is
 * nowhere: {@code EvmTxTask} drops {@code AccountChange.storageCleared}, and {@code
 * ParallelBlockExecutor.changesOf} turns X's final header into an {@code AccountChange} with
 * {@code storageCleared = false}. The world state then keeps X's pre-block slots under the new
 * header, and the state root differs. Reads are affected too: a slot of X read after the deletion
 * resolves to the pre-block value in storage rather than zero.
 *
 * <p>The adapter now falls back to sequential execution when a transaction clears the storage of,
 * or credits, an account that held storage before the block ({@code EvmTxTask}); these tests keep
 * that divergence from coming back.
 */
class StorageOnlyAccountDivergenceTest {
    private static final Address SENDER = Address.fromHex("0x00000000000000000000000000000000000a11ce");
    private static final Address COINBASE = Address.fromHex("0x000000000000000000000000000000000000c0b0");
    private static final Signature DUMMY_SIGNATURE = new Signature(0, U256.ONE, U256.ONE);
    private static final Map<U256, U256> OLD_STORAGE = Map.of(U256.ONE, U256.of(0x51));

    /** tx 0 sends X nothing (a touch: X is deleted); tx 1 sends X 5 wei (X is created again). */
    @ParameterizedTest
    @EnumSource(value = Fork.class, names = {"SHANGHAI", "CANCUN"})
    void touchedThenCreditedAccountLosesItsOldStorage(Fork fork) {
        Address x = Address.fromHex("0x00000000000000000000000000000000000000bb");
        List<Transaction> txs = List.of(transfer(0, x, U256.ZERO), transfer(1, x, U256.of(5)));

        InMemoryWorldState sequential = run(fork, x, txs, new SequentialBlockExecutor(1));
        assertEquals(Map.of(), sequential.storageOf(x), "EIP-161 deleted X with its storage");
        assertEquals(U256.of(5), sequential.account(x).balance());

        InMemoryWorldState parallel = runParallel(fork, x, txs);
        assertEquals(sequential.storageOf(x), parallel.storageOf(x), "X's storage after the block");
        assertEquals(sequential.stateRoot(), parallel.stateRoot(), "post-state root");
    }

    /** tx 0 touches X (deleted); tx 1 creates a contract at X, which no longer collides (EIP-7610). */
    @ParameterizedTest
    @EnumSource(value = Fork.class, names = {"SHANGHAI", "CANCUN"})
    void touchedThenCreatedAccountStartsWithEmptyStorage(Fork fork) {
        Address x = Evm.createAddress(SENDER, 1);
        byte[] initCode = TestContracts.initCode(InitKind.DEPLOY);
        List<Transaction> txs = List.of(transfer(0, x, U256.ZERO),
                UnsignedTransaction.legacy(1L, 1, U256.of(10), 200_000, null, U256.ZERO, initCode)
                        .withSignature(DUMMY_SIGNATURE));

        InMemoryWorldState sequential = run(fork, x, txs, new SequentialBlockExecutor(1));
        assertEquals(Map.of(), sequential.storageOf(x), "the new contract starts with empty storage");
        assertEquals(Keccak.of(TestContracts.child()), sequential.account(x).codeHash(), "the creation succeeded");

        InMemoryWorldState parallel = runParallel(fork, x, txs);
        assertEquals(sequential.storageOf(x), parallel.storageOf(x), "X's storage after the block");
        assertEquals(sequential.stateRoot(), parallel.stateRoot(), "post-state root");
    }

    /**
     * As above, then tx 2 calls the new contract, which logs SLOAD(1): zero, since the contract was
     * created on empty storage. The parallel run reads X's pre-block slot instead, so even the
     * receipts (what a replay against a header checks) differ, not only the state root.
     */
    @ParameterizedTest
    @EnumSource(value = Fork.class, names = {"SHANGHAI", "CANCUN"})
    void recreatedContractReadsZeroFromItsOldSlots(Fork fork) {
        Address x = Evm.createAddress(SENDER, 1);
        byte[] logSlot1 = new Asm().push(1).op(Opcodes.SLOAD).push(0).op(Opcodes.MSTORE).push(32).push(0).log(0)
                .op(Opcodes.STOP).build();
        List<Transaction> txs = List.of(transfer(0, x, U256.ZERO),
                UnsignedTransaction.legacy(1L, 1, U256.of(10), 200_000, null, U256.ZERO,
                        TestContracts.deploying(logSlot1)).withSignature(DUMMY_SIGNATURE),
                UnsignedTransaction.legacy(1L, 2, U256.of(10), 100_000, x, U256.ZERO, Bytes.EMPTY)
                        .withSignature(DUMMY_SIGNATURE));

        BlockOutcome sequential = outcome(fork, x, txs, new SequentialBlockExecutor(1));
        BlockOutcome.Processed processed = assertInstanceOf(BlockOutcome.Processed.class, sequential);
        assertArrayEquals(new byte[32], processed.result().receipts().get(2).logs().getFirst().data(),
                "the new contract's slot 1 is zero");

        try (ParallelBlockExecutor executor = new ParallelBlockExecutor(new TransactionProcessor(1),
                new ParallelExecutor(1, ExecutorConfig.alwaysParallel()))) {
            BlockOutcome parallel = outcome(fork, x, txs, executor);
            assertEquals(List.of(), BlockComparison.differences(sequential, parallel));
        }
    }

    private static InMemoryWorldState runParallel(Fork fork, Address x, List<Transaction> txs) {
        try (ParallelBlockExecutor parallel = new ParallelBlockExecutor(new TransactionProcessor(1),
                new ParallelExecutor(1, ExecutorConfig.alwaysParallel()))) {
            InMemoryWorldState state = run(fork, x, txs, parallel);
            // Multi-version memory cannot express "every slot of X is gone", so the adapter must
            // notice and re-run the block sequentially; the states are then compared as usual.
            assertNotNull(parallel.lastFallbackReason(), "the block fell back to sequential execution");
            return state;
        }
    }

    /** Runs the block on a pre-state holding SENDER and a storage-only X; returns the post-state. */
    private static InMemoryWorldState run(Fork fork, Address x, List<Transaction> txs, TransactionsExecutor executor) {
        InMemoryWorldState state = preState(x);
        BlockOutcome outcome = process(fork, txs, executor, state);
        assertInstanceOf(BlockOutcome.Processed.class, outcome, () -> executor.name() + ": " + outcome);
        return state;
    }

    private static BlockOutcome outcome(Fork fork, Address x, List<Transaction> txs, TransactionsExecutor executor) {
        return process(fork, txs, executor, preState(x));
    }

    private static InMemoryWorldState preState(Address x) {
        InMemoryWorldState state = new InMemoryWorldState();
        state.putAccount(SENDER, 0, RandomPreState.RICH, null, null);
        state.putAccount(x, 0, U256.ZERO, null, OLD_STORAGE);
        return state;
    }

    private static BlockOutcome process(Fork fork, List<Transaction> txs, TransactionsExecutor executor,
            InMemoryWorldState state) {
        boolean cancun = fork.isEnabled(Fork.CANCUN);
        BlockHeader header = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, COINBASE, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, 1, 30_000_000, 0, 1,
                new byte[0], Hash.ZERO, 0, U256.ONE, Keccak.EMPTY_TRIE_ROOT, cancun ? 0L : null,
                cancun ? 0L : null, cancun ? Hash.ZERO : null);
        Block block = new Block(header, txs, List.of(), List.of());
        BlockProcessor processor = new BlockProcessor(new ChainConfig(1, ForkSchedule.fixed(fork)), executor, true);
        return processor.process(block, new InMemoryWorldStateAdapter(state), null,
                txs.stream().map(t -> SENDER).toList());
    }

    private static Transaction transfer(long nonce, Address to, U256 value) {
        return UnsignedTransaction.legacy(1L, nonce, U256.of(10), 21_000, to, value, Bytes.EMPTY)
                .withSignature(DUMMY_SIGNATURE);
    }
}
