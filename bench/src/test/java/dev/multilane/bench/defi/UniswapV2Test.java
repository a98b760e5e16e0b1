package dev.multilane.bench.defi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Router02 never asks the factory where a pair is: it computes the CREATE2 address from the
 * init-code hash compiled into it. Swaps through it work only if the npm pair bytecode the
 * factory deploys hashes to that constant, which must also be mainnet's.
 */
class UniswapV2Test {
    /** UniswapV2Library.pairFor's constant, and the hash of the pair code the mainnet factory deploys. */
    static final Hash MAINNET_INIT_CODE_HASH =
            Hash.fromHex("0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f");

    @Test
    void pairInitCodeHashesToTheConstantRouter02Hardcodes() {
        assertEquals(MAINNET_INIT_CODE_HASH, Keccak.of(Contracts.creationCode(Contracts.PAIR)));
        String router = Hex.encode(Contracts.creationCode(Contracts.ROUTER02));
        assertTrue(router.contains(Hex.encode(MAINNET_INIT_CODE_HASH.bytes()).substring(2)),
                "Router02's code embeds the init-code hash");
    }

    @Test
    void pairForGivesMainnetAddresses() {
        // USDC/WETH, the first pair on mainnet's Uniswap v2 factory (etherscan).
        Address factory = Address.fromHex("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f");
        Address usdc = Address.fromHex("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");
        Address weth = Address.fromHex("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2");
        Address pair = Address.fromHex("0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc");
        assertEquals(pair, UniswapV2.pairFor(factory, usdc, weth));
        assertEquals(pair, UniswapV2.pairFor(factory, weth, usdc));
    }

    @Test
    void pairsTheFactoryCreatesAreWhereTheRouterLooks() {
        PreStateBuilder chain = new PreStateBuilder();
        chain.fund(Users.OWNER, BlockWorkload.OWNER_ETH);
        UniswapV2 uniswap = UniswapV2.deploy(chain, 3);
        U256 oneEth = BenchChain.ETHER;
        for (int k = 0; k < 3; k++) {
            Address token = uniswap.tokens.get(k);
            Address created = uniswap.pairs.get(k);
            assertEquals(UniswapV2.pairFor(uniswap.factory, token, uniswap.weth), created, "pool " + k);
            assertEquals(created, UniswapV2.getPair(chain, uniswap.factory, uniswap.weth, token));
            assertTrue(chain.state().code(created).length > 0);
            // The router quotes from the reserves at the address it computes; equal to the quote from
            // the reserves at the factory's address, it looked at the same pair.
            U256[] reserves = UniswapV2.reserves(chain, created, uniswap.weth, token);
            assertEquals(BenchChain.ETHER.mul(U256.of(UniswapV2.POOL_ETH)), reserves[0]);
            byte[] amounts = chain.view(uniswap.router, Abi.call("getAmountsOut(uint256,address[])", oneEth,
                    List.of(uniswap.weth, token)));
            assertEquals(UniswapV2.amountOut(oneEth, reserves[0], reserves[1]), Abi.word(amounts, 3));
        }
    }
}
