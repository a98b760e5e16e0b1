package dev.multilane.node.dev;

import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dev chain's prefunded accounts. Private key i is keccak256("multilane dev account " + i): no
 * mnemonic, nothing random, so every dev node has the same accounts and scripts can hard-code them.
 * These keys are public knowledge; anything sent to their addresses on a real network is lost.
 */
public final class DevAccounts {
    public static final int COUNT = 10;

    /** One prefunded account. */
    public record Account(int index, byte[] privateKey, Address address) {
        public Account {
            privateKey = privateKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }
    }

    private DevAccounts() {}

    public static Account account(int index) {
        byte[] key = Keccak.hash(("multilane dev account " + index).getBytes(StandardCharsets.UTF_8));
        return new Account(index, key, Secp256k1Signatures.addressOfPrivateKey(key));
    }

    public static List<Account> all() {
        List<Account> accounts = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            accounts.add(account(i));
        }
        return accounts;
    }
}
