package dev.multilane.store;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashSafetyTest}: opens (or creates) a database, then commits blocks
 * forever, printing each block's number on its own line once {@code commit} has returned. Each
 * block carries transactions, receipts with logs, withdrawals and a few hundred state writes
 * (balances, slot writes and deletions, account deletions, storage resets), so a batch is large
 * enough for a kill to land inside its write.
 *
 * <p>With a third argument {@code rollbacks}, about one step in four rolls the chain back by one
 * to five blocks instead: it prints {@code R <target>} before the rollback and the new head's number
 * after it, so the parent knows which head an interrupted rollback may leave.
 *
 * <p>Usage: {@code CrashWriter <database dir> <seed> [rollbacks]}. Exits 2 if a commit or rollback
 * is refused.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        boolean rollbacks = args.length > 2 && args[2].equals("rollbacks");
        try (ChainStore store = ChainStore.open(dir)) {
            if (!(store.initialize(TestChain.genesis()) instanceof CommitOutcome.Committed)) {
                System.exit(2);
            }
            PersistentWorldState world = PersistentWorldState.open(store);
            BlockHeader parent = store.header(store.head().orElseThrow().hash()).orElseThrow();
            while (true) {
                if (rollbacks && parent.number() > 1 && random.nextInt(4) == 0) {
                    long target = Math.max(0, parent.number() - 1 - random.nextInt(5));
                    System.out.println("R " + target);
                    System.out.flush();
                    CommitOutcome outcome = world.rollback(target);
                    if (!(outcome instanceof CommitOutcome.Committed)) {
                        System.err.println("refused: " + outcome);
                        System.exit(2);
                    }
                    System.out.println(target);
                    System.out.flush();
                    parent = store.header(target).orElseThrow();
                    continue;
                }
                long number = parent.number() + 1;
                long nonce = world.account(TestChain.SENDER).nonce();
                List<Transaction> txs = TestChain.transactions(nonce, 1 + random.nextInt(4));
                List<Receipt> receipts = TestChain.receipts(txs, number);
                world.apply(changes(random, world, txs.size()));
                Block block = TestChain.block(parent, txs, receipts, world.root(),
                        TestChain.withdrawals(number * 16, random.nextInt(3), random));
                CommitOutcome outcome = world.commit(block, receipts);
                if (!(outcome instanceof CommitOutcome.Committed)) {
                    System.err.println("refused: " + outcome);
                    System.exit(2);
                }
                System.out.println(number);
                System.out.flush();
                parent = block.header();
            }
        }
    }

    /** The sender's nonce moves past the block's transactions; twenty accounts get random writes. */
    private static List<AccountChange> changes(Random random, PersistentWorldState world, int txCount) {
        List<AccountChange> changes = new ArrayList<>();
        AccountInfo sender = world.account(TestChain.SENDER);
        changes.add(new AccountChange(TestChain.SENDER, sender.withNonce(sender.nonce() + txCount), null, false, Map.of()));
        for (int i = 0; i < 20; i++) {
            Address a = Address.ofNumber(0x1000 + random.nextInt(64));
            AccountInfo current = world.account(a);
            int op = random.nextInt(20);
            if (op == 0 && current != null) {
                changes.add(new AccountChange(a, null, null, true, Map.of()));
                continue;
            }
            Map<U256, U256> slots = new HashMap<>();
            for (int s = 0; s < 15; s++) {
                slots.put(U256.of(random.nextInt(40)), random.nextInt(4) == 0 ? U256.ZERO : U256.of(random.nextLong()));
            }
            AccountInfo next = new AccountInfo(current == null ? 0 : current.nonce() + 1, U256.of(random.nextInt(1 << 30)),
                    Keccak.EMPTY);
            changes.add(new AccountChange(a, next, null, op == 1, slots));
        }
        return changes;
    }
}
