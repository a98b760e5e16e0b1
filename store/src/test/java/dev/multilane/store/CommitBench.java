package dev.multilane.store;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.Log;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.TrieRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: the state root and commit of an ERC-20 block as the node mines it, phase
 * by phase. {@code txs} senders each pay gas and move tokens to a fresh recipient of one token
 * contract, so a block updates {@code txs} accounts, the coinbase and the token, and {@code 2 × txs}
 * slots of one storage trie, half of them new.
 *
 * <p>Timer scopes: "apply" is {@link PersistentWorldState#apply}, "root" its {@code root()}
 * ({@link StateTries#prepare}), "commit" its {@code commit} (change set, history, flat state,
 * block records, the synced write, trie install, cache update). The "dissect" columns time the
 * commit's parts on a scratch batch (encoded in Java, see {@link EncodedBatch}) that is never
 * written, before the real commit.
 *
 * <p>Run: {@code java -cp store/target/test-classes:store/target/classes:$(cat cp.txt)
 * dev.multilane.store.CommitBench [txs] [blocks] [dir]}.
 */
final class CommitBench {
    private static final Address COINBASE = Address.fromHex("0x" + "cb".repeat(20));
    private static final Address TOKEN = Address.fromHex("0x" + "70".repeat(20));
    private static final U256 ETHER = U256.of(1_000_000_000_000_000_000L);

    public static void main(String[] args) throws Exception {
        int txs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("commitbench");
        Path db = Files.createTempDirectory(dir, "db");
        try (ChainStore store = ChainStore.open(db)) {
            store.initialize(TestChain.genesis());
            PersistentWorldState world = PersistentWorldState.open(store);
            Address[] senders = new Address[txs];
            for (int i = 0; i < txs; i++) {
                senders[i] = Address.ofNumber(0x10_0000 + i);
            }
            List<Transaction> transactions = transactions(txs);
            List<Receipt> receipts = receipts(txs);
            BlockHeader head = store.header(0).orElseThrow();
            head = commit(world, setupChanges(senders), head, transactions, receipts);
            System.out.printf("setup: %d accounts, token with %d slots%n", txs + 2, 2 * txs);
            System.out.println("block  apply   root  commit | changeset history  state records");
            List<double[]> rows = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                List<AccountChange> changes = blockChanges(senders, b, world);
                long t0 = System.nanoTime();
                world.apply(changes);
                long t1 = System.nanoTime();
                long c1 = cpu();
                Hash root = world.root();
                long t2 = System.nanoTime();
                long c2 = cpu();
                // The root again on the same overlay (an empty apply drops the cached tries): the
                // best of five is less at the mercy of whoever else uses the cores.
                long best = t2 - t1;
                for (int rep = 0; rep < 4; rep++) {
                    world.apply(List.of());
                    long r0 = System.nanoTime();
                    if (!world.root().equals(root)) {
                        throw new IllegalStateException("root changed on recomputation");
                    }
                    best = Math.min(best, System.nanoTime() - r0);
                }
                double[] parts = dissect(store, world, head.number() + 1, transactions, receipts);
                Block block = block(head, transactions, receipts, root);
                long t3 = System.nanoTime();
                long c3 = cpu();
                if (!(world.commit(block, receipts) instanceof CommitOutcome.Committed)) {
                    throw new IllegalStateException("block " + block.number() + " refused");
                }
                long t4 = System.nanoTime();
                long c4 = cpu();
                head = block.header();
                double[] row = {ms(t1 - t0), ms(t2 - t1), ms(t4 - t3), parts[0], parts[1], parts[2], parts[3],
                    ms(c2 - c1), ms(c4 - c3), ms(best)};
                rows.add(row);
                System.out.printf("%5d %6.1f %6.1f %7.1f | %9.1f %7.1f %6.1f %7.1f | cpu root %6.1f commit %6.1f"
                        + " | root best of 5 %6.1f%n", block.number(), row[0], row[1], row[2], row[3], row[4], row[5],
                        row[6], row[7], row[8], row[9]);
            }
            List<double[]> measured = rows.subList(Math.min(rows.size() - 1, rows.size() / 3), rows.size());
            double[] median = new double[10];
            double[] min = new double[10];
            for (int c = 0; c < 10; c++) {
                final int col = c;
                double[] v = measured.stream().mapToDouble(r -> r[col]).sorted().toArray();
                median[c] = v[v.length / 2];
                min[c] = v[0];
            }
            System.out.printf("median of the last %d: apply %.1f root %.1f commit %.1f | changeset %.1f history %.1f"
                    + " state %.1f records %.1f | cpu root %.1f commit %.1f | root best of 5 %.1f%n", measured.size(),
                    median[0], median[1], median[2], median[3], median[4], median[5], median[6], median[7], median[8],
                    median[9]);
            System.out.printf("min    of the last %d: apply %.1f root %.1f commit %.1f | changeset %.1f history %.1f"
                    + " state %.1f records %.1f | cpu root %.1f commit %.1f | root best of 5 %.1f%n", measured.size(),
                    min[0], min[1], min[2], min[3], min[4], min[5], min[6], min[7], min[8], min[9]);
        }
    }

    /** The commit's parts on a scratch batch, as {@link ChainStore#commit} runs them; in ms. */
    private static double[] dissect(ChainStore store, PersistentWorldState world, long number,
            List<Transaction> transactions, List<Receipt> receipts) {
        List<AccountChange> changes = world.pendingChanges();
        StateView prior = world.headState();
        int[] ids = new int[Column.values().length];
        for (Column c : Column.values()) {
            ids[c.ordinal()] = store.handle(c).getID();
        }
        EncodedBatch batch = new EncodedBatch(ids, 0);
        long t0 = System.nanoTime();
        ChangeSet changeSet = ChangeSet.of(changes, prior, store.state());
        long t1 = System.nanoTime();
        new StateHistory(store).record(number, changeSet).sorted().encodeTo(batch);
        long t2 = System.nanoTime();
        store.stateWrites(changes).encodeTo(batch);
        long t3 = System.nanoTime();
        BlockRecords records = BlockRecords.of(new Block(store.header(0).orElseThrow(), transactions, List.of(),
                List.of()), Hash.ZERO, receipts);
        records.writes().sorted().encodeTo(batch);
        long t4 = System.nanoTime();
        return new double[] {ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3)};
    }

    private static BlockHeader commit(PersistentWorldState world, List<AccountChange> changes, BlockHeader head,
            List<Transaction> txs, List<Receipt> receipts) {
        world.apply(changes);
        Block block = block(head, txs, receipts, world.root());
        if (!(world.commit(block, receipts) instanceof CommitOutcome.Committed)) {
            throw new IllegalStateException("setup block refused");
        }
        return block.header();
    }

    /** Every sender funded with ether and tokens; the token holds one balance slot per sender. */
    private static List<AccountChange> setupChanges(Address[] senders) {
        List<AccountChange> changes = new ArrayList<>();
        Map<U256, U256> slots = new HashMap<>();
        for (Address s : senders) {
            changes.add(new AccountChange(s, new AccountInfo(0, ETHER, Keccak.EMPTY), null, false, Map.of()));
            slots.put(balanceSlot(s), U256.of(1_000_000_000L));
            // A second slot per sender, as allowances and past recipients fill a real token.
            slots.put(balanceSlot(Address.fromHashTail(Keccak.hash(s.bytes()))), U256.of(7));
        }
        byte[] code = {0x60, 0x00, 0x54, 0x00};
        changes.add(new AccountChange(TOKEN, new AccountInfo(1, U256.ZERO, Keccak.of(code)), code, false, slots));
        return changes;
    }

    /**
     * Block {@code b}: each sender's nonce and balance, its token balance and a fresh recipient's,
     * then the coinbase. The slots are read first, as execution would have read them.
     */
    private static List<AccountChange> blockChanges(Address[] senders, int b, PersistentWorldState world) {
        List<AccountChange> changes = new ArrayList<>(senders.length + 2);
        Map<U256, U256> slots = new HashMap<>();
        for (int i = 0; i < senders.length; i++) {
            Address s = senders[i];
            AccountInfo info = world.account(s);
            changes.add(new AccountChange(s, info.withNonce(info.nonce() + 1).withBalance(info.balance().sub(
                    U256.of(50_000_000_000_000L))), null, false, Map.of()));
            U256 from = balanceSlot(s);
            U256 to = balanceSlot(Address.ofNumber(0x4000_0000 + b * senders.length + i));
            slots.put(from, world.storage(TOKEN, from).sub(U256.ONE));
            slots.put(to, world.storage(TOKEN, to).add(U256.ONE));
        }
        changes.add(new AccountChange(TOKEN, world.account(TOKEN), null, false, slots));
        AccountInfo coinbase = world.account(COINBASE);
        U256 before = coinbase == null ? U256.ZERO : coinbase.balance();
        changes.add(new AccountChange(COINBASE, new AccountInfo(0, before.add(ETHER), Keccak.EMPTY), null, false,
                Map.of()));
        return changes;
    }

    /** The OpenZeppelin ERC-20 balance slot of {@code holder}: keccak(holder ‖ 0). */
    private static U256 balanceSlot(Address holder) {
        byte[] preimage = new byte[64];
        System.arraycopy(holder.bytes(), 0, preimage, 12, 20);
        return U256.fromBytes(Keccak.hash(preimage));
    }

    private static List<Transaction> transactions(int count) {
        byte[] data = new byte[68];
        data[0] = (byte) 0xa9;
        data[1] = 0x05;
        data[2] = (byte) 0x9c;
        data[3] = (byte) 0xbb;
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            data[67] = (byte) i;
            txs.add(UnsignedTransaction.legacy(TestChain.CHAIN_ID, i, TestChain.GWEI, 60_000, TOKEN, U256.ZERO,
                    data.clone()).sign(TestChain.KEY));
        }
        return txs;
    }

    private static List<Receipt> receipts(int count) {
        Hash transfer = Hash.wrap(Keccak.hash("Transfer(address,address,uint256)".getBytes()));
        List<Receipt> receipts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Log log = new Log(TOKEN, List.of(transfer, U256.of(i).toHash(), U256.of(i + 1).toHash()),
                    U256.ONE.toBytes());
            receipts.add(Receipt.of(Transaction.LEGACY, true, 35_000L * (i + 1), List.of(log)));
        }
        return receipts;
    }

    private static final Map<Integer, Hash[]> ROOTS = new HashMap<>();

    private static Block block(BlockHeader parent, List<Transaction> txs, List<Receipt> receipts, Hash stateRoot) {
        Hash[] roots = ROOTS.computeIfAbsent(txs.size(), n -> {
            List<byte[]> encoded = receipts.stream().map(Receipt::encode).toList();
            return new Hash[] {new Block(parent, txs, List.of(), List.of()).computeTransactionsRoot(),
                TrieRoots.ordered(encoded)};
        });
        LogsBloom bloom = new LogsBloom();
        receipts.forEach(r -> bloom.or(r.bloom()));
        BlockHeader header = new BlockHeader(parent.hash(), Keccak.EMPTY_LIST, COINBASE, stateRoot, roots[0],
                roots[1], bloom.toBytes(), U256.ZERO, parent.number() + 1, parent.gasLimit(),
                receipts.getLast().cumulativeGasUsed(), parent.timestamp() + 12, new byte[0], Hash.ZERO, 0,
                U256.of(7), TrieRoots.ordered(List.of()), 0L, 0L, Hash.ZERO);
        return new Block(header, txs, List.of(), List.of());
    }

    /** CPU time of the whole process (every thread, the collector's included), in ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
