package dev.multilane.evm.state;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;

/**
 * An account's header: nonce (unsigned 64-bit), balance and the hash of its code. Storage is read
 * slot by slot through {@link StateView}.
 */
public record AccountInfo(long nonce, U256 balance, Hash codeHash) {
    public static final AccountInfo EMPTY = new AccountInfo(0, U256.ZERO, Keccak.EMPTY);

    /** EIP-161: no code, zero nonce and zero balance. */
    public boolean isEmpty() {
        return nonce == 0 && balance.isZero() && codeHash.equals(Keccak.EMPTY);
    }

    public boolean hasCode() {
        return !codeHash.equals(Keccak.EMPTY);
    }

    public AccountInfo withNonce(long n) {
        return new AccountInfo(n, balance, codeHash);
    }

    public AccountInfo withBalance(U256 b) {
        return new AccountInfo(nonce, b, codeHash);
    }
}
