package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Swaps through Uniswap v2's Router02 over {@code pools} token/WETH pools: half
 * swapExactETHForTokens (ETH in, wrapped by the router), half swapExactTokensForTokens selling
 * WETH the user holds. Every user starts with WETH and an unlimited approval for the router. Two
 * swaps conflict when they share a pool (its reserves, its token balances) or a sender.
 */
final class UniswapSwaps implements TxSource {
    static final U256 WETH_PER_USER = BenchChain.ETHER.mul(U256.of(100));
    /**
     * Swaps are 0.001 to 0.01 ETH into pools of 10,000 ETH, so even a block of 10,000 swaps into one
     * pool moves its price by about 1%: within the 5% slippage every swap allows.
     */
    private static final U256 MIN_SWAP = BenchChain.ETHER.div(U256.of(1000));
    private static final int SLIPPAGE_PERCENT = 5;

    private final Users users;
    private final UniswapV2 uniswap;
    /** Per pool, the WETH and token reserves in the pre-state, for the swaps' minimum outputs. */
    private final U256[][] reserves;

    UniswapSwaps(PreStateBuilder chain, Users users, int pools) {
        this.users = users;
        this.uniswap = UniswapV2.deploy(chain, pools);
        for (Address user : users.all()) {
            chain.send(user, uniswap.weth, WETH_PER_USER, Abi.call("deposit()"));
            chain.send(user, uniswap.weth, U256.ZERO, Tokens.approve(uniswap.router, Tokens.UNLIMITED));
        }
        reserves = new U256[pools][];
        for (int k = 0; k < pools; k++) {
            reserves[k] = UniswapV2.reserves(chain, uniswap.pairs.get(k), uniswap.weth, uniswap.tokens.get(k));
        }
    }

    UniswapV2 uniswap() {
        return uniswap;
    }

    @Override
    public void add(BlockBuilder block, RandomGenerator random) {
        add(block, random, false);
    }

    /**
     * A swap whose minimum output is twice what the pool can give: it reverts, as a swap does when
     * the price ran away.
     */
    void addFailing(BlockBuilder block, RandomGenerator random) {
        add(block, random, true);
    }

    private void add(BlockBuilder block, RandomGenerator random, boolean fail) {
        boolean hot = users.hot(random);
        int pool = Users.target(random, reserves.length, hot);
        Address sender = users.get(users.sender(random));
        U256 amountIn = MIN_SWAP.mul(U256.of(1 + random.nextInt(10)));
        U256 quote = UniswapV2.amountOut(amountIn, reserves[pool][0], reserves[pool][1]);
        U256 minOut = fail
                ? quote.mul(U256.of(2))
                : quote.mul(U256.of(100 - SLIPPAGE_PERCENT)).div(U256.of(100));
        List<Address> path = List.of(uniswap.weth, uniswap.tokens.get(pool));
        boolean withEth = random.nextBoolean();
        U256 value = withEth ? amountIn : U256.ZERO;
        byte[] data = withEth
                ? UniswapV2.swapExactETHForTokens(minOut, path, sender)
                : UniswapV2.swapExactTokensForTokens(amountIn, minOut, path, sender);
        if (fail) {
            block.addFailing(sender, uniswap.router, value, data, UniswapV2.SWAP_GAS);
        } else {
            block.add(sender, uniswap.router, value, data, UniswapV2.SWAP_GAS);
        }
    }
}
