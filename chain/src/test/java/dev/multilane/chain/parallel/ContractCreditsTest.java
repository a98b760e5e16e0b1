package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import dev.multilane.evm.Fork;
import dev.multilane.evm.Opcodes;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.asm.Asm;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Value paid to a contract that never looks at its own balance (WETH9's deposit, a router passing
 * ETH on) is a deferred credit in the parallel engine: the payers do not conflict with each other,
 * a later reader of the balance sees every credit, and the block equals the sequential one.
 */
class ContractCreditsTest {
    private static final Address COINBASE = Address.fromHex("0x000000000000000000000000000000000000c0b0");
    private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000051c0");
    private static final Address READER = Address.fromHex("0x00000000000000000000000000000000000000ed");
    private static final Signature DUMMY_SIGNATURE = new Signature(0, U256.ONE, U256.ONE);
    private static final int PAYERS = 64;

    /** Stores CALLVALUE under the caller: storage writes that differ per payer, no balance read. */
    private static final byte[] SINK_CODE = new Asm().op(Opcodes.CALLVALUE, Opcodes.CALLER, Opcodes.SSTORE)
            .op(Opcodes.STOP).build();
    /** Stores BALANCE(SINK) at slot 0 and logs it: a full read of the credited balance. */
    private static final byte[] READER_CODE = new Asm().push(SINK).op(Opcodes.BALANCE).op(Opcodes.DUP1)
            .push(0).op(Opcodes.SSTORE).push(0).op(Opcodes.MSTORE).push(32).push(0).log(0).op(Opcodes.STOP).build();

    @Test
    void payersOfOneContractDoNotConflict() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < PAYERS; i++) {
            txs.add(call(SINK, U256.of(i + 1)));
        }
        BlockOutcome sequential = process(txs, new SequentialBlockExecutor(1));
        try (ParallelBlockExecutor parallel = new ParallelBlockExecutor(new TransactionProcessor(1),
                new ParallelExecutor(2, ExecutorConfig.alwaysParallel()))) {
            for (int run = 0; run < 20; run++) {
                BlockOutcome outcome = process(txs, parallel);
                assertEquals(List.of(), BlockComparison.differences(sequential, outcome));
                assertNull(parallel.lastFallbackReason(), "the storage-holding contract's credits stay parallel");
                assertEquals(0, parallel.lastStats().reExecutions(), "credits do not conflict, run " + run);
            }
        }
    }

    @Test
    void aReaderAfterThePayersSeesEveryCredit() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < PAYERS; i++) {
            txs.add(call(i % 8 == 7 ? READER : SINK, U256.of(i + 1)));
        }
        txs.add(call(READER, U256.ZERO));
        BlockOutcome sequential = process(txs, new SequentialBlockExecutor(1));
        BlockOutcome.Processed processed = assertInstanceOf(BlockOutcome.Processed.class, sequential);
        U256 expected = U256.of(100);
        for (int i = 0; i < PAYERS; i++) {
            if (i % 8 != 7) {
                expected = expected.add(U256.of(i + 1));
            }
        }
        assertEquals(expected, U256.fromBytes(processed.result().receipts().get(PAYERS).logs().getFirst().data()));
        for (int threads : new int[] {1, 2, 4}) {
            try (ParallelBlockExecutor parallel = new ParallelBlockExecutor(new TransactionProcessor(1),
                    new ParallelExecutor(threads, ExecutorConfig.alwaysParallel()))) {
                for (int run = 0; run < 10; run++) {
                    assertEquals(List.of(), BlockComparison.differences(sequential, process(txs, parallel)),
                            threads + " threads, run " + run);
                }
            }
        }
    }

    private static Transaction call(Address to, U256 value) {
        return UnsignedTransaction.legacy(1L, 0, U256.of(10), 100_000, to, value, Bytes.EMPTY)
                .withSignature(DUMMY_SIGNATURE);
    }

    private static Address payer(int i) {
        return Address.ofNumber(0x10000 + i);
    }

    private static BlockOutcome process(List<Transaction> txs, TransactionsExecutor executor) {
        InMemoryWorldState state = new InMemoryWorldState();
        for (int i = 0; i < txs.size(); i++) {
            state.putAccount(payer(i), 0, RandomPreState.RICH, null, null);
        }
        state.putAccount(SINK, 1, U256.of(100), SINK_CODE, Map.of(U256.ONE, U256.of(0x51)));
        state.putAccount(READER, 1, U256.ZERO, READER_CODE, null);
        BlockHeader header = new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST, COINBASE, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, 1, 30_000_000, 0, 1,
                new byte[0], Hash.ZERO, 0, U256.ONE, Keccak.EMPTY_TRIE_ROOT, 0L, 0L, Hash.ZERO);
        Block block = new Block(header, txs, List.of(), List.of());
        BlockProcessor processor = new BlockProcessor(new ChainConfig(1, ForkSchedule.fixed(Fork.CANCUN)), executor,
                true);
        List<Address> senders = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            senders.add(payer(i));
        }
        return processor.process(block, new InMemoryWorldStateAdapter(state), null, senders);
    }
}
