package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;

/** OpenZeppelin's ERC20PresetFixedSupply: deployment and the calls the workloads make. */
final class Tokens {
    /** One whole token: 18 decimals. */
    static final U256 UNIT = BenchChain.ETHER;
    static final U256 UNLIMITED = U256.MAX;

    private Tokens() {}

    /** Deploys a token whose whole {@code supply} (in whole tokens) goes to {@code owner}. */
    static Address deploy(PreStateBuilder chain, Address owner, String name, String symbol, long supply) {
        return chain.deploy(owner, Contracts.creationCode(Contracts.ERC20), name, symbol, units(supply), owner);
    }

    /** {@code n} whole tokens in base units. */
    static U256 units(long n) {
        return UNIT.mul(U256.of(n));
    }

    static byte[] transfer(Address to, U256 amount) {
        return Abi.call("transfer(address,uint256)", to, amount);
    }

    static byte[] approve(Address spender, U256 amount) {
        return Abi.call("approve(address,uint256)", spender, amount);
    }

    static U256 balanceOf(PreStateBuilder chain, Address token, Address holder) {
        return Abi.word(chain.view(token, Abi.call("balanceOf(address)", holder)), 0);
    }

    /** Setup: {@code owner} sends {@code amount} of {@code token} to each of {@code holders}. */
    static void distribute(PreStateBuilder chain, Address token, Address owner, Iterable<Address> holders,
            U256 amount) {
        for (Address holder : holders) {
            chain.send(owner, token, U256.ZERO, transfer(holder, amount));
        }
    }
}
