package dev.multilane.bench.defi;

import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;
import java.util.random.RandomGenerator;

/** Plain ETH transfers between users: no code runs, only balances and the sender's nonce change. */
final class NativeTransfers implements TxSource {
    static final long GAS = 21_000;
    private static final U256 MILLI_ETHER = BenchChain.ETHER.div(U256.of(1000));

    private final Users users;

    NativeTransfers(Users users) {
        this.users = users;
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        boolean hot = users.hot(random);
        int sender = users.sender(random);
        int recipient = users.recipient(random, sender, hot);
        U256 value = MILLI_ETHER.mul(U256.of(1 + random.nextInt(1000)));
        block.add(users.get(sender), users.get(recipient), value, Bytes.EMPTY, GAS);
    }
}
