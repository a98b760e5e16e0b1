package dev.multilane.node.dev;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.chain.pool.AddResult;
import dev.multilane.chain.pool.PoolConfig;
import dev.multilane.chain.pool.PoolHead;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.RpcServer;
import dev.multilane.rpc.eth.DevChain;
import dev.multilane.rpc.eth.DevMethods;
import dev.multilane.rpc.eth.LocalAccounts;
import dev.multilane.rpc.eth.EthApi;
import dev.multilane.rpc.eth.RpcContext;
import dev.multilane.rpc.eth.TxMethods;
import dev.multilane.rpc.metrics.BlockTimings;
import dev.multilane.rpc.metrics.NodeMetrics;
import dev.multilane.rpc.pubsub.EventHub;
import dev.multilane.rpc.pubsub.PubSubMethods;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.Genesis;
import dev.multilane.store.PersistentWorldState;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A single-node development chain: the store in a data directory, a transaction pool, a {@link
 * BlockProducer} on one mining thread, and the JSON-RPC server.
 *
 * <p><b>Threads.</b> RPC worker threads add to the pool and ask for blocks; every block is produced
 * on the one {@code miner} thread, so blocks never race. In automine mode an accepted transaction
 * asks for a block and waits (up to {@link #MINE_WAIT_SECONDS}) until the miner has run, so its
 * receipt exists when eth_sendRawTransaction answers, as with Hardhat. Requests that arrive while
 * a run is queued share it ({@code scheduled}), so a burst of transactions becomes one block.
 *
 * <p><b>Shutdown</b> ({@link #close}): stop the miner (the running block finishes), stop the
 * server, close the executor and then the store, whose native memory must outlive every reader.
 */
public final class DevNode implements DevChain, AutoCloseable {
    static final long MINE_WAIT_SECONDS = 60;
    /** The fewest new pending transactions worth a run of {@link BlockProducer#executeAhead}. */
    static final int AHEAD_BATCH = Integer.getInteger("multilane.dev.aheadBatch", 256);

    private final DevConfig config;
    private final PrintStream log;
    private final ChainStore store;
    private final ParallelBlockExecutor executor;
    private final TransactionPool pool;
    private final BlockProducer producer;
    /** Subscriptions and filters (eth_subscribe, eth_newFilter...), fed by the producer and the pool. */
    private final EventHub events;
    private final NodeMetrics metrics;
    private final ScheduledExecutorService miner;
    /** evm_snapshot / evm_revert. */
    private final ChainSnapshots snapshots;
    private final RpcServer server;
    private final int port;
    private volatile boolean automine;
    /** Guards {@code scheduled}; never held while waiting for the miner. */
    private final Object scheduleLock = new Object();
    /** The queued automine run new requests may join; guarded by {@code scheduleLock}. */
    private CompletableFuture<Void> scheduled;
    /** Whether an {@link BlockProducer#executeAhead} run is queued on the miner and has not started. */
    private final java.util.concurrent.atomic.AtomicBoolean aheadQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** evm_mine calls waiting for the miner: work done ahead then only delays them. */
    private final java.util.concurrent.atomic.AtomicInteger minesWaiting = new java.util.concurrent.atomic.AtomicInteger();
    private boolean closed;

    private DevNode(DevConfig config, Genesis genesis, PrintStream log, ChainStore store,
            ParallelBlockExecutor executor, Map<Address, byte[]> unlocked) {
        this.config = config;
        this.log = log;
        this.store = store;
        this.executor = executor;
        PersistentWorldState world = PersistentWorldState.open(store);
        BlockHeader head = store.header(store.head().orElseThrow().hash()).orElseThrow();
        PoolHead poolHead = NextBlock.poolHead(genesis.config(), head, world.headState());
        this.pool = new TransactionPool(PoolConfig.defaults(poolHead.fork(), genesis.config().chainId(),
                head.gasLimit()).withLimits(config.txpoolPerSender(), config.txpoolMax()), poolHead);
        this.events = new EventHub(log::println);
        this.metrics = new NodeMetrics()
                .gauge("multilane_pool_pending", "Executable transactions in the pool.", pool::pendingCount)
                .gauge("multilane_pool_queued", "Pool transactions waiting behind a nonce gap.", pool::queuedCount)
                .gauge("multilane_pool_blobs", "Blobs held with pooled blob transactions.", pool::blobCount)
                .gauge("multilane_rpc_subscriptions", "Live eth_subscribe subscriptions.", events::subscriptionCount)
                .gauge("multilane_rpc_filters", "Installed polling filters.", () -> events.filters().size());
        this.producer = new BlockProducer(store, world, new BlockProcessor(genesis.config(), executor, true), pool,
                this::mined);
        this.miner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "multilane-miner");
            t.setDaemon(true);
            return t;
        });
        this.snapshots = new ChainSnapshots(store, genesis.config(), world, pool, events, miner, MINE_WAIT_SECONDS);
        this.automine = config.blockTimeMs() == 0;
        RpcContext ctx = new RpcContext(store, genesis.config());
        JsonRpcDispatcher dispatcher = EthApi.register(new JsonRpcDispatcher(), ctx);
        new TxMethods(ctx, pool, this::accepted).register(dispatcher);
        new DevMethods(this).register(dispatcher);
        new LocalAccounts(genesis.config().chainId(), unlocked, dispatcher).register(dispatcher);
        new PubSubMethods(store, events).register(dispatcher);
        metrics.observe(dispatcher);
        this.server = new RpcServer(dispatcher, config.host(), config.port(), metrics::render, log::println);
        this.port = server.start();
        if (config.blockTimeMs() > 0) {
            miner.scheduleAtFixedRate(this::timedBlock, config.blockTimeMs(),
                    config.blockTimeMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens (or creates) the chain in the data directory and starts mining and serving.
     *
     * @throws IllegalStateException when the directory holds another chain, or the port is taken
     */
    public static DevNode start(DevConfig config, PrintStream log) {
        Map<Address, byte[]> keys = new LinkedHashMap<>();
        DevAccounts.all().forEach(a -> keys.put(a.address(), a.privateKey()));
        return start(config, DevGenesis.build(config.chainId()), keys, log);
    }

    /**
     * Opens (or creates) the chain of {@code genesis} in the data directory and starts mining and
     * serving; {@code config.chainId()} is ignored in favour of the genesis's.
     *
     * @throws IllegalStateException when the directory holds another chain, or the port is taken
     */
    public static DevNode start(DevConfig config, Genesis genesis, PrintStream log) {
        return start(config, genesis, Map.of(), log);
    }

    /**
     * {@link #start(DevConfig, Genesis, PrintStream)} with accounts whose keys the node holds:
     * eth_accounts lists them and eth_sendTransaction signs for them, as anvil and Hardhat do for
     * their development accounts. The dev chain unlocks its ten prefunded accounts; a configured
     * chain none.
     */
    public static DevNode start(DevConfig config, Genesis genesis, Map<Address, byte[]> unlocked, PrintStream log) {
        ChainStore store = ChainStore.open(config.dataDir());
        ParallelBlockExecutor executor = null;
        try {
            CommitOutcome init = store.initialize(genesis);
            if (init instanceof CommitOutcome.Refused r) {
                throw new IllegalStateException(config.dataDir() + " holds another chain (" + r
                        + "); use another --data-dir, or the genesis (or --chain-id) it was created with");
            }
            executor = new ParallelBlockExecutor(genesis.config().chainId(), config.threads());
            return new DevNode(config, genesis, log, store, executor, unlocked);
        } catch (RuntimeException e) {
            if (executor != null) {
                executor.close();
            }
            store.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public ChainStore store() {
        return store;
    }

    public TransactionPool pool() {
        return pool;
    }

    // ---- DevChain ----

    @Override
    public String mine(Long timestamp) {
        // Runs of executeAhead that start meanwhile step aside, and the one running cuts short.
        minesWaiting.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable done = () -> {
            if (waiting.compareAndSet(true, false)) {
                minesWaiting.decrementAndGet();
            }
        };
        try {
            return onMiner(() -> {
                done.run();
                return report(producer.produce(timestamp, List.of()));
            });
        } finally {
            done.run(); // the task never ran (timeout, shutdown)
        }
    }

    @Override
    public boolean automine() {
        return automine;
    }

    @Override
    public void setAutomine(boolean on) {
        automine = on;
        if (on && pool.pendingCount() > 0) {
            requestBlocks();
        }
    }

    /**
     * The store writes state only with a block, so the new balance is carried by a block mined for
     * it (with whatever transactions are pending), as if a system change preceded them.
     */
    @Override
    public String setBalance(Address address, U256 balance) {
        return onMiner(() -> {
            AccountInfo current = store.state().account(address);
            AccountInfo info = current == null ? new AccountInfo(0, balance, Keccak.EMPTY) : current.withBalance(balance);
            return report(producer.produce(null, List.of(new AccountChange(address, info, null, false, Map.of()))));
        });
    }

    @Override
    public String snapshot() {
        return snapshots.take();
    }

    @Override
    public RevertOutcome revert(long id) {
        return snapshots.revert(id);
    }

    // ---- mining ----

    /** A committed block: to the metrics (with the engine's statistics of that run), then to subscribers. */
    private void mined(Block block, List<Receipt> receipts, BlockTimings timings) {
        metrics.recordBlock(block, timings, executor.lastStats(), executor.lastFallbackReason() != null);
        // The event indexes every log of the block (10,000 for a block of token transfers) and runs
        // on the miner, inside evm_mine; with nobody listening it would be built for nothing. A
        // filter or subscription made later only sees later blocks anyway.
        if (events.subscriptionCount() > 0 || events.filters().size() > 0) {
            events.onBlock(block, receipts);
        }
    }

    private void accepted(AddResult result) {
        // Announced before any block takes it, so subscribers see pending before mined.
        events.onAccepted(result, pool);
        boolean executable = result instanceof AddResult.Pending
                || (result instanceof AddResult.Replaced r && r.pending());
        if (!executable) {
            return;
        }
        if (!automine) {
            executeAhead();
            return;
        }
        try {
            requestBlocks().get(MINE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The transaction is pooled; a later block takes it. The miner has logged the cause.
        }
    }

    /** Asks the miner to mine until the pool has nothing executable; joins a run that has not started. */
    private CompletableFuture<Void> requestBlocks() {
        synchronized (scheduleLock) {
            return scheduleRun();
        }
    }

    private CompletableFuture<Void> scheduleRun() {
        if (scheduled != null) {
            return scheduled;
        }
        CompletableFuture<Void> run = new CompletableFuture<>();
        scheduled = run;
        try {
            miner.execute(() -> {
                synchronized (scheduleLock) {
                    scheduled = null;
                }
                try {
                    mineWhilePending();
                    run.complete(null);
                } catch (RuntimeException e) {
                    log.println("multilane dev: mining failed: " + e);
                    run.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled = null;
            run.completeExceptionally(e);
        }
        return run;
    }

    /** Blocks until the pool's executable transactions are in (bounded: a block that takes none ends it). */
    private void mineWhilePending() {
        for (int i = 0; i < 64 && pool.pendingCount() > 0; i++) {
            BlockProducer.Produced p = producer.produce(null, List.of());
            report(p);
            if (!(p instanceof BlockProducer.Produced.Mined m) || m.block().transactions().isEmpty()) {
                return;
            }
        }
    }

    /**
     * Queues a run of {@link BlockProducer#executeAhead} on the miner, unless one is queued already
     * (it will see this transaction too). A run executes nothing until {@link #AHEAD_BATCH}
     * transactions have come in since the last, since each run also re-hashes the tops of the
     * tries and writes a staged part; what is left when the block is mined, fewer than that, is
     * executed then.
     */
    private void executeAhead() {
        if (!aheadQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            miner.execute(() -> {
                aheadQueued.set(false);
                try {
                    if (!automine && minesWaiting.get() == 0
                            && pool.pendingCount() - producer.executedAhead() >= AHEAD_BATCH) {
                        producer.executeAhead(() -> minesWaiting.get() > 0);
                    }
                } catch (RuntimeException e) {
                    log.println("multilane dev: executing the pending block ahead failed: " + e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            aheadQueued.set(false); // shutting down
        }
    }

    /** One --block-time tick; an exception would cancel the schedule, so it is logged instead. */
    private void timedBlock() {
        try {
            report(producer.produce(null, List.of()));
        } catch (RuntimeException e) {
            log.println("multilane dev: mining failed: " + e);
        }
    }

    private String report(BlockProducer.Produced produced) {
        return switch (produced) {
            case BlockProducer.Produced.Mined m -> {
                BlockHeader h = m.block().header();
                log.println("block " + h.number() + " " + h.hash() + " txs=" + m.block().transactions().size()
                        + " gas=" + h.gasUsed());
                yield null;
            }
            case BlockProducer.Produced.Failed f -> {
                log.println("multilane dev: " + f.reason());
                yield f.reason();
            }
        };
    }

    /** Runs {@code task} on the miner thread and returns its error message (null: success). */
    private String onMiner(Supplier<String> task) {
        try {
            return miner.submit(task::get).get(MINE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "mining failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "mining did not finish within " + MINE_WAIT_SECONDS + " s";
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return "the node is shutting down";
        }
    }

    /** Stops mining, then the server, then closes the executor and the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        miner.shutdown();
        try {
            if (!miner.awaitTermination(MINE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                miner.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.stop();
        } finally {
            events.close();
            executor.close();
            // The pool's deferred pass reads the head state through the store: finish it (or see
            // that it finished) before the store's native memory goes.
            pool.applyDeferredHead();
            store.close();
        }
    }
}
