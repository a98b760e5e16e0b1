package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.random.RandomGenerator;

/**
 * A block where every transaction depends on the one before: the users pass one batch of tokens
 * round a ring, user i to user i + 1. Only the current holder has any tokens, so transaction k
 * can only succeed after reading the balance transaction k - 1 wrote; nothing can run ahead. The
 * worst case for optimistic parallel execution, which must then cost little more than sequential.
 */
final class TokenRelay implements TxSource {
    static final long GAS = TokenTransfers.GAS;
    private static final U256 BATON = Tokens.units(1_000);

    private final Users users;
    private final Address token;
    private int holder;

    TokenRelay(PreStateBuilder chain, Users users) {
        this.users = users;
        this.token = Tokens.deploy(chain, Users.OWNER, "Relay", "RLY", 1_000);
        chain.send(Users.OWNER, token, U256.ZERO, Tokens.transfer(users.get(0), BATON));
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        int next = (holder + 1) % users.count();
        block.add(users.get(holder), token, U256.ZERO, Tokens.transfer(users.get(next), BATON), GAS);
        holder = next;
    }
}
