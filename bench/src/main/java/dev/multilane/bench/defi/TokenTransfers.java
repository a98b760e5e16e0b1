package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ERC-20 transfers between users over one or more OpenZeppelin tokens, every user holding a balance
 * of each. Each transfer rewrites two balance slots; two transfers conflict when they share a
 * sender (nonce) or a holder of the same token.
 */
final class TokenTransfers implements TxSource {
    /** A transfer uses 34k to 52k gas (52k when the recipient's balance was zero); wallets ask 65k. */
    static final long GAS = 65_000;
    static final long BALANCE = 1_000_000;

    private final Users users;
    private final List<Address> tokens = new ArrayList<>();

    TokenTransfers(PreStateBuilder chain, Users users, int tokenCount) {
        this.users = users;
        for (int t = 0; t < tokenCount; t++) {
            Address token = Tokens.deploy(chain, Users.OWNER, "Token " + t, "TK" + t, BALANCE * (users.count() + 1L));
            Tokens.distribute(chain, token, Users.OWNER, users.all(), Tokens.units(BALANCE));
            tokens.add(token);
        }
    }

    /** The tokens, token 0 being the hot one. */
    List<Address> tokens() {
        return tokens;
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        boolean hot = users.hot(random);
        int sender = users.sender(random);
        int recipient = users.recipient(random, sender, hot);
        Address token = tokens.get(Users.target(random, tokens.size(), hot));
        // 1 to 100 tokens in wei steps: a sender can make 10,000 transfers before running short.
        U256 amount = Tokens.UNIT.div(U256.of(1000)).mul(U256.of(1 + random.nextInt(100_000)));
        block.add(users.get(sender), token, U256.ZERO, Tokens.transfer(users.get(recipient), amount), GAS);
    }
}
