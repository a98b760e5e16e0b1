package dev.multilane.chain.block;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;

/**
 * A validator withdrawal pushed from the beacon chain (EIP-4895, Shanghai). Not a transaction: it
 * costs no gas and only raises a balance, after the block's transactions.
 *
 * @param index unsigned 64-bit, increasing across the chain
 * @param validatorIndex unsigned 64-bit
 * @param amount in gwei, unsigned 64-bit
 */
public record Withdrawal(long index, long validatorIndex, Address address, long amount) {
    private static final U256 WEI_PER_GWEI = U256.of(1_000_000_000L);

    /** The amount in wei: {@code amount} × 10^9. */
    public U256 amountWei() {
        return U256.of(amount).mul(WEI_PER_GWEI);
    }

    /** rlp[index, validatorIndex, address, amount], as the withdrawals trie stores it. */
    public byte[] encode() {
        return Rlp.encodeList(Rlp.encodeLong(index), Rlp.encodeLong(validatorIndex), Rlp.encodeBytes(address.bytes()),
                Rlp.encodeLong(amount));
    }
}
