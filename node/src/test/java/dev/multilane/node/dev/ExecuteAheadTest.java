package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.chain.pool.AddResult;
import dev.multilane.chain.pool.PoolConfig;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import dev.multilane.store.PersistentWorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block mined from the pending block executed ahead ({@link BlockProducer#executeAhead}) against
 * the same block mined in one go on a second chain: the headers (so every root, the gas, the bloom
 * and the timestamp) must be equal, block after block, whether the transactions arrived in many
 * batches, the selection was reordered by a higher tip arriving late, the block's timestamp moved
 * after the work ahead (with and without a transaction that reads TIMESTAMP). It also checks that the work ahead was used where it may be, so
 * the equality is not that of two plain runs.
 */
class ExecuteAheadTest {
    private static final long CHAIN_ID = 1337;
    private static final U256 GWEI = U256.of(1_000_000_000L);
    /** Init code of a contract whose runtime stores TIMESTAMP in slot 0: TIMESTAMP PUSH0 SSTORE STOP. */
    private static final byte[] CLOCK_INIT = Hex.decode("0x63425f55005f526004601cf3");

    @TempDir
    Path dir;

    /** One chain: store, world, pool and producer, as the dev node wires them. */
    private static final class Chain implements AutoCloseable {
        final ChainStore store;
        final ParallelBlockExecutor executor;
        final TransactionPool pool;
        final BlockProducer producer;

        Chain(Path path, Genesis genesis) {
            store = ChainStore.open(path);
            store.initialize(genesis);
            executor = new ParallelBlockExecutor(CHAIN_ID, 2);
            PersistentWorldState world = PersistentWorldState.open(store);
            BlockHeader head = store.header(store.head().orElseThrow().hash()).orElseThrow();
            var poolHead = NextBlock.poolHead(genesis.config(), head, world.headState());
            pool = new TransactionPool(PoolConfig.defaults(poolHead.fork(), CHAIN_ID, head.gasLimit()), poolHead);
            producer = new BlockProducer(store, world, new BlockProcessor(genesis.config(), executor, true), pool);
        }

        void add(List<Transaction> txs) {
            for (Transaction tx : txs) {
                AddResult r = pool.add(tx);
                assertTrue(r instanceof AddResult.Pending, r::toString);
            }
        }

        /** Mines a block with {@code timestamp}; its hash, which covers every header field. */
        String mine(long timestamp) {
            BlockProducer.Produced p = producer.produce(timestamp, List.of());
            BlockHeader h = assertInstanceOf(BlockProducer.Produced.Mined.class, p, p::toString).block().header();
            return "block " + h.number() + " " + h.hash() + " stateRoot " + h.stateRoot() + " gasUsed " + h.gasUsed()
                    + " txs " + ((BlockProducer.Produced.Mined) p).block().transactions().size();
        }

        @Override
        public void close() {
            pool.applyDeferredHead();
            executor.close();
            store.close();
        }
    }

    private final long[] nonces = new long[10];

    private Transaction tx(int account, Address to, U256 tip, long gas, byte[] data, U256 value) {
        UnsignedTransaction body = UnsignedTransaction.dynamicFee(CHAIN_ID, nonces[account]++, tip,
                GWEI.mul(U256.of(100)), gas, to, value, data, List.of());
        return body.sign(DevAccounts.account(account).privateKey());
    }

    private Transaction transfer(int account, Random random) {
        return tx(account, DevAccounts.account(random.nextInt(10)).address(), GWEI, 21_000, new byte[0],
                U256.of(1 + random.nextInt(1000)));
    }

    @Test
    void blocksMinedFromWorkDoneAheadEqualBlocksMinedInOneGo() {
        Genesis genesis = DevGenesis.build(CHAIN_ID);
        Random random = new Random(42);
        try (Chain ahead = new Chain(dir.resolve("ahead"), genesis);
                Chain plain = new Chain(dir.resolve("plain"), genesis)) {
            long time = ahead.store.header(0).orElseThrow().timestamp() + 100;
            // Block 1 deploys the clock contract; both chains mine it in one go.
            Address clock = Evm.createAddress(DevAccounts.account(9).address(), nonces[9]);
            List<Transaction> deploy = List.of(tx(9, null, GWEI, 200_000, CLOCK_INIT, U256.ZERO));
            ahead.add(deploy);
            plain.add(deploy);
            assertEquals(plain.mine(++time), ahead.mine(time));

            int reused = 0;
            for (int block = 0; block < 8; block++) {
                boolean readsClock = block % 4 == 1;
                boolean laterTimestamp = block % 2 == 1; // mined with a timestamp the work ahead did not use
                boolean higherTipLate = block == 4;
                List<List<Transaction>> batches = new ArrayList<>();
                for (int b = 0; b < 4; b++) {
                    List<Transaction> batch = new ArrayList<>();
                    for (int t = 0; t < 5 + random.nextInt(20); t++) {
                        batch.add(transfer(random.nextInt(9), random));
                    }
                    if (readsClock && b == 2) {
                        batch.add(tx(9, clock, GWEI, 50_000, new byte[0], U256.ZERO));
                    }
                    batches.add(batch);
                }
                if (higherTipLate) { // sorts before what ran ahead: the block is begun again
                    batches.add(List.of(tx(9, clock, GWEI.mul(U256.of(5)), 50_000, new byte[0], U256.ZERO)));
                }
                for (List<Transaction> batch : batches) {
                    ahead.add(batch);
                    plain.add(batch);
                    ahead.producer.executeAhead(() -> false);
                }
                // The work ahead began at the wall clock's second; the block takes a later one when
                // asked to, and otherwise that same second, so both paths are tried.
                long aheadTime = Math.max(System.currentTimeMillis() / 1000,
                        ahead.store.header(ahead.store.head().orElseThrow().hash()).orElseThrow().timestamp() + 1);
                long blockTime = laterTimestamp ? Math.max(time + 1, aheadTime + 7) : aheadTime;
                time = blockTime;
                int before = ahead.producer.minedFromAhead();
                String mined = ahead.mine(blockTime);
                assertEquals(plain.mine(blockTime), mined);
                boolean usedAhead = ahead.producer.minedFromAhead() > before;
                if (usedAhead) {
                    reused++;
                }
                if (laterTimestamp && readsClock) {
                    assertTrue(!usedAhead, mined + " read TIMESTAMP yet kept the work ahead");
                }
            }
            assertTrue(reused >= 4, "only " + reused + " of 8 blocks were mined from the work done ahead");
        }
    }
}
