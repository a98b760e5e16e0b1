package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.Fork;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keys, signed transactions and a map-backed head state for the pool tests. */
final class PoolFixtures {
    static final long CHAIN_ID = 1;
    static final long BLOCK_GAS = 30_000_000;
    static final Address TO = Address.fromHex("0x3535353535353535353535353535353535353535");
    static final U256 RICH = U256.fromBigInteger(BigInteger.TEN.pow(30));

    private PoolFixtures() {}

    /** A distinct valid secp256k1 private key per {@code n} (1 to 255): 0x11 00..00 n. */
    static byte[] key(int n) {
        byte[] k = new byte[32];
        k[0] = 0x11;
        k[31] = (byte) n;
        return k;
    }

    static Address address(byte[] key) {
        return Secp256k1Signatures.addressOfPrivateKey(key);
    }

    /** An EIP-1559 transfer of 21,000 gas. */
    static Transaction tx(byte[] key, long nonce, long tip, long maxFee) {
        return tx(key, nonce, tip, maxFee, 21_000, 0);
    }

    static Transaction tx(byte[] key, long nonce, long tip, long maxFee, long gas, long value) {
        return UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, U256.of(tip), U256.of(maxFee), gas, TO, U256.of(value),
                new byte[0], List.of()).sign(key);
    }

    static PoolConfig config() {
        return PoolConfig.defaults(Fork.CANCUN, CHAIN_ID, BLOCK_GAS);
    }

    /** A head state: accounts in a map; no code or storage. Safe to read from many threads. */
    static final class MapState implements StateView {
        private final Map<Address, AccountInfo> accounts = new ConcurrentHashMap<>();

        MapState with(Address a, long nonce, U256 balance) {
            accounts.put(a, new AccountInfo(nonce, balance, Keccak.EMPTY));
            return this;
        }

        MapState rich(byte[]... keys) {
            for (byte[] k : keys) {
                with(address(k), 0, RICH);
            }
            return this;
        }

        @Override
        public AccountInfo account(Address address) {
            return accounts.get(address);
        }

        @Override
        public byte[] code(Address address) {
            return new byte[0];
        }

        @Override
        public U256 storage(Address address, U256 slot) {
            return U256.ZERO;
        }
    }
}
