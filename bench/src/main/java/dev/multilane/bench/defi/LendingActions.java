package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Deposits, borrows, repayments and liquidations on our Compound-style {@code LendingPool} over
 * {@code markets} markets, in the proportions 40 / 25 / 25 / 10.
 *
 * <p>Setup: each market has its own token, seeded with the owner's liquidity. User i supplies and
 * borrows in its home market (i mod markets) and in market 0, the hot one. For liquidations there
 * are separate borrowers who posted a volatile collateral token and borrowed close to their limit
 * in one market; the owner then marks that collateral down 20%, which leaves each of them
 * liquidatable. A liquidation repays a tenth of one such borrower's debt and seizes collateral;
 * each borrower is liquidated at most once per block, so every liquidation succeeds.
 */
final class LendingActions implements TxSource {
    /** Measured at most 101k, 138k, 99k and 225k gas; the limits leave the usual wallet margin. */
    static final long DEPOSIT_GAS = 150_000;
    static final long BORROW_GAS = 200_000;
    static final long REPAY_GAS = 150_000;
    static final long LIQUIDATE_GAS = 350_000;
    static final int LIQUIDATE_PERCENT = 10;

    private static final long SUPPLY = 1_000_000_000_000L;
    private static final long USER_TOKENS = 1_000_000;
    private static final long USER_DEPOSIT = 500_000;
    private static final long USER_BORROW = 100_000;
    private static final long RISKY_COLLATERAL = 1_000;
    private static final long RISKY_BORROW = 700; // collateral factor 75%: the limit is 750
    private static final long LIQUIDATION = 70;
    private static final int COLLATERAL_FACTOR_BPS = 7_500;
    private static final U256 PRICE = BenchChain.ETHER;

    private final Users users;
    private final Address pool;
    private final List<Address> markets = new ArrayList<>();
    private final Address collateral;
    /** Per market, the liquidatable borrowers not yet liquidated in the block being built. */
    private final List<ArrayDeque<Address>> underwater = new ArrayList<>();

    /** @param expectedTxs about how many lending transactions the block will hold, to size the liquidatable set */
    LendingActions(PreStateBuilder chain, Users users, int marketCount, int expectedTxs, double hotRatio) {
        this.users = users;
        Address owner = Users.OWNER;
        pool = chain.deploy(owner, Contracts.creationCode(Contracts.LENDING_POOL));
        for (int k = 0; k < marketCount; k++) {
            markets.add(listed(chain, "Lend Token " + k, "LT" + k, PRICE));
            Address token = markets.get(k);
            chain.send(owner, token, U256.ZERO, Tokens.approve(pool, Tokens.UNLIMITED));
            chain.send(owner, pool, U256.ZERO, deposit(token, Tokens.units(SUPPLY / 2)));
        }
        collateral = listed(chain, "Volatile Collateral", "VOL", PRICE);

        for (int i = 0; i < users.count(); i++) {
            Address user = users.get(i);
            for (int k : userMarkets(i)) {
                Address token = markets.get(k);
                chain.send(owner, token, U256.ZERO, Tokens.transfer(user, Tokens.units(USER_TOKENS)));
                chain.send(user, token, U256.ZERO, Tokens.approve(pool, Tokens.UNLIMITED));
                chain.send(user, pool, U256.ZERO, deposit(token, Tokens.units(USER_DEPOSIT)));
                chain.send(user, pool, U256.ZERO, borrow(token, Tokens.units(USER_BORROW)));
            }
        }

        double expectedLiquidations = expectedTxs * LIQUIDATE_PERCENT / 100.0;
        int serial = 0;
        for (int k = 0; k < marketCount; k++) {
            double share = (1 - hotRatio) / marketCount + (k == 0 ? hotRatio : 0);
            int count = (int) Math.ceil(expectedLiquidations * share * 1.5) + 2;
            ArrayDeque<Address> borrowers = new ArrayDeque<>(count);
            for (int j = 0; j < count; j++) {
                borrowers.add(openRiskyBorrow(chain, serial++, markets.get(k)));
            }
            underwater.add(borrowers);
        }
        chain.send(owner, pool, U256.ZERO, Abi.call("setPrice(address,uint256)", collateral,
                PRICE.mul(U256.of(80)).div(U256.of(100))));
    }

    private Address listed(PreStateBuilder chain, String name, String symbol, U256 price) {
        Address token = Tokens.deploy(chain, Users.OWNER, name, symbol, SUPPLY);
        chain.send(Users.OWNER, pool, U256.ZERO, Abi.call("listMarket(address,uint32,uint256)", token,
                COLLATERAL_FACTOR_BPS, price));
        return token;
    }

    /** A borrower at 700 of a 750 limit: under water once the collateral's price drops. */
    private Address openRiskyBorrow(PreStateBuilder chain, int serial, Address debtToken) {
        Address borrower = Users.account("risky borrower " + serial);
        chain.fund(borrower, BenchChain.ETHER);
        chain.send(Users.OWNER, collateral, U256.ZERO, Tokens.transfer(borrower, Tokens.units(RISKY_COLLATERAL)));
        chain.send(borrower, collateral, U256.ZERO, Tokens.approve(pool, Tokens.UNLIMITED));
        chain.send(borrower, pool, U256.ZERO, deposit(collateral, Tokens.units(RISKY_COLLATERAL)));
        chain.send(borrower, pool, U256.ZERO, borrow(debtToken, Tokens.units(RISKY_BORROW)));
        return borrower;
    }

    /** Markets user {@code i} has positions in: its home market and the hot market 0. */
    private Set<Integer> userMarkets(int i) {
        Set<Integer> ks = new LinkedHashSet<>();
        ks.add(i % markets.size());
        ks.add(0);
        return ks;
    }

    Address pool() {
        return pool;
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        boolean hot = users.hot(random);
        int senderIndex = users.sender(random);
        Address sender = users.get(senderIndex);
        int market = hot ? 0 : senderIndex % markets.size();
        Address token = markets.get(market);
        U256 amount = Tokens.units(1 + random.nextInt(100));
        int roll = random.nextInt(100);
        if (roll >= 100 - LIQUIDATE_PERCENT) {
            Address borrower = underwater.get(market).poll();
            if (borrower != null) {
                block.add(sender, pool, U256.ZERO, Abi.call("liquidate(address,address,uint256,address)", borrower,
                        token, Tokens.units(LIQUIDATION), collateral), LIQUIDATE_GAS);
                return;
            }
            roll = 0; // every liquidatable borrower of this market is taken: deposit instead
        }
        if (roll < 40) {
            block.add(sender, pool, U256.ZERO, deposit(token, amount), DEPOSIT_GAS);
        } else if (roll < 65) {
            block.add(sender, pool, U256.ZERO, borrow(token, amount), BORROW_GAS);
        } else {
            block.add(sender, pool, U256.ZERO, Abi.call("repay(address,uint256)", token, amount), REPAY_GAS);
        }
    }

    private static byte[] deposit(Address token, U256 amount) {
        return Abi.call("deposit(address,uint256)", token, amount);
    }

    private static byte[] borrow(Address token, U256 amount) {
        return Abi.call("borrow(address,uint256)", token, amount);
    }
}
