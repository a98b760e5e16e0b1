package dev.multilane.chain.block;

import dev.multilane.chain.Transaction;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.List;

/** Synthetic headers and blocks with the fields each fork requires. */
final class TestBlocks {
    static final Address COINBASE = Address.fromHex("0xc0ffee0000000000000000000000000000000001");
    static final Hash BEACON_ROOT = Hash.fromHex("0x" + "ab".repeat(32));
    static final U256 BASE_FEE = U256.of(7);

    private TestBlocks() {}

    static BlockHeader header(Fork fork, long number, long timestamp, long gasLimit) {
        boolean london = fork.isEnabled(Fork.LONDON);
        boolean paris = fork.isEnabled(Fork.PARIS);
        boolean shanghai = fork.isEnabled(Fork.SHANGHAI);
        boolean cancun = fork.isEnabled(Fork.CANCUN);
        return new BlockHeader(Hash.fromHex("0x" + "11".repeat(32)), Keccak.EMPTY_LIST, COINBASE, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256],
                paris ? U256.ZERO : U256.of(1_000_000), number, gasLimit, 0, timestamp, new byte[0],
                Hash.fromHex("0x" + "22".repeat(32)), 0,
                london ? BASE_FEE : null,
                shanghai ? Keccak.EMPTY_TRIE_ROOT : null,
                cancun ? 0L : null,
                cancun ? 0L : null,
                cancun ? BEACON_ROOT : null);
    }

    static Block block(Fork fork, long gasLimit, List<Transaction> txs, List<Withdrawal> withdrawals) {
        return new Block(header(fork, 100, 1_000, gasLimit), txs, List.of(),
                fork.isEnabled(Fork.SHANGHAI) && withdrawals == null ? List.of() : withdrawals);
    }

    static ChainConfig config(Fork fork) {
        return new ChainConfig(1, ForkSchedule.fixed(fork));
    }
}
