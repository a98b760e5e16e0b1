package dev.multilane.bench.defi;

import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * A Uniswap v2 deployment from the published npm builds: WETH9, the factory, Router02, and pools
 * pairing each of {@code pools} fresh tokens with WETH, created through the factory and seeded
 * through the router as a liquidity provider would.
 *
 * <p>Router02 finds a pair by computing its CREATE2 address from the init-code hash compiled into
 * it (mainnet's, {@code 0x96e8ac42...845f}); {@link #pairFor} computes it here from the npm pair
 * bytecode, and a test checks the two agree with the factory's.
 */
final class UniswapV2 {
    /**
     * A swap through Router02 uses 100k to 155k gas (the most when it is the first in its pool this
     * block, which updates the price accumulators); we ask 250k.
     */
    static final long SWAP_GAS = 250_000;
    static final long DEADLINE = BenchChain.BLOCK_TIMESTAMP + 1_200;
    /** Each pool starts with this much ETH and {@link #TOKENS_PER_ETH} times as many tokens. */
    static final long POOL_ETH = 10_000;
    static final long TOKENS_PER_ETH = 2_000;

    final Address weth;
    final Address factory;
    final Address router;
    /** Token k is paired with WETH in {@code pairs.get(k)}. */
    final List<Address> tokens = new ArrayList<>();
    final List<Address> pairs = new ArrayList<>();

    private UniswapV2(Address weth, Address factory, Address router) {
        this.weth = weth;
        this.factory = factory;
        this.router = router;
    }

    /** Deploys the contracts and {@code pools} token/WETH pools, all from {@link Users#OWNER}. */
    static UniswapV2 deploy(PreStateBuilder chain, int pools) {
        Address owner = Users.OWNER;
        Address weth = chain.deploy(owner, Contracts.creationCode(Contracts.WETH9));
        Address factory = chain.deploy(owner, Contracts.creationCode(Contracts.FACTORY), owner);
        Address router = chain.deploy(owner, Contracts.creationCode(Contracts.ROUTER02), factory, weth);
        UniswapV2 uniswap = new UniswapV2(weth, factory, router);
        for (int k = 0; k < pools; k++) {
            long tokens = POOL_ETH * TOKENS_PER_ETH;
            Address token = Tokens.deploy(chain, owner, "Swap Token " + k, "SW" + k, tokens);
            byte[] created = chain.send(owner, factory, U256.ZERO,
                    Abi.call("createPair(address,address)", token, weth));
            chain.send(owner, token, U256.ZERO, Tokens.approve(router, Tokens.UNLIMITED));
            chain.send(owner, router, BenchChain.ETHER.mul(U256.of(POOL_ETH)), Abi.call(
                    "addLiquidityETH(address,uint256,uint256,uint256,address,uint256)",
                    token, Tokens.units(tokens), 0L, 0L, owner, DEADLINE));
            uniswap.tokens.add(token);
            uniswap.pairs.add(Abi.word(created, 0).toAddress());
        }
        return uniswap;
    }

    /**
     * The pair's address as UniswapV2Library.pairFor computes it: CREATE2 by the factory, salt
     * keccak256(token0 ‖ token1) with the tokens sorted, over the pair's init code.
     */
    static Address pairFor(Address factory, Address tokenA, Address tokenB) {
        boolean aFirst = tokenA.compareTo(tokenB) < 0;
        Address token0 = aFirst ? tokenA : tokenB;
        Address token1 = aFirst ? tokenB : tokenA;
        U256 salt = U256.fromBytes(Keccak.hash(Bytes.concat(token0.bytes(), token1.bytes())));
        return Evm.create2Address(factory, salt, Contracts.creationCode(Contracts.PAIR));
    }

    /** The factory's {@code getPair(a, b)}. */
    static Address getPair(PreStateBuilder chain, Address factory, Address a, Address b) {
        return Abi.word(chain.view(factory, Abi.call("getPair(address,address)", a, b)), 0).toAddress();
    }

    /** The reserves of {@code inToken} and the other token of {@code pair}, as getReserves reports them. */
    static U256[] reserves(PreStateBuilder chain, Address pair, Address inToken, Address otherToken) {
        byte[] out = chain.view(pair, Abi.call("getReserves()"));
        boolean inIsToken0 = inToken.compareTo(otherToken) < 0;
        U256 r0 = Abi.word(out, 0);
        U256 r1 = Abi.word(out, 1);
        return inIsToken0 ? new U256[] {r0, r1} : new U256[] {r1, r0};
    }

    /** UniswapV2Library.getAmountOut: the constant-product output after the 0.3% fee. */
    static U256 amountOut(U256 amountIn, U256 reserveIn, U256 reserveOut) {
        U256 inWithFee = amountIn.mul(U256.of(997));
        return inWithFee.mul(reserveOut).div(reserveIn.mul(U256.of(1000)).add(inWithFee));
    }

    static byte[] swapExactETHForTokens(U256 amountOutMin, List<Address> path, Address to) {
        return Abi.call("swapExactETHForTokens(uint256,address[],address,uint256)", amountOutMin, path, to, DEADLINE);
    }

    static byte[] swapExactTokensForTokens(U256 amountIn, U256 amountOutMin, List<Address> path, Address to) {
        return Abi.call("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", amountIn, amountOutMin,
                path, to, DEADLINE);
    }
}
