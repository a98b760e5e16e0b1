package dev.multilane.bench;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.evm.asm.Asm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.nio.charset.StandardCharsets;

/**
 * A minimal ERC-20 token and a contract that calls it in a loop, written in {@link Asm}. The token
 * keeps balances where Solidity keeps {@code mapping(address => uint256) balances} declared first:
 * slot {@code keccak256(pad32(holder) ‖ pad32(0))}, so its storage, gas and logs look like those of
 * a real token. It has only {@code transfer} and {@code balanceOf}; nothing else matters to the
 * interpreter paths being measured.
 */
public final class Erc20 {
    /** {@code transfer(address,uint256)}. */
    public static final int TRANSFER = 0xa9059cbb;
    /** {@code balanceOf(address)}. */
    public static final int BALANCE_OF = 0x70a08231;
    /** {@code keccak256("Transfer(address,address,uint256)")}, topic 0 of the event. */
    public static final Hash TRANSFER_EVENT =
            Keccak.of("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));
    /** The storage slot of the balances mapping. */
    static final long BALANCES_SLOT = 0;

    private static final U256 ADDRESS_MASK = U256.ONE.shl(160).sub(U256.ONE);

    private Erc20() {}

    /** The slot of {@code balances[holder]}: keccak256(holder left-padded to 32 bytes ‖ slot 0). */
    public static U256 balanceSlot(Address holder) {
        byte[] preimage = Bytes.concat(Bytes.leftPad(holder.bytes(), 32), U256.of(BALANCES_SLOT).toBytes());
        return U256.fromBytes(Keccak.hash(preimage));
    }

    /** ABI calldata of {@code transfer(to, amount)}. */
    public static byte[] transferCall(Address to, U256 amount) {
        return Bytes.concat(selector(TRANSFER), Bytes.leftPad(to.bytes(), 32), amount.toBytes());
    }

    /** ABI calldata of {@code balanceOf(holder)}. */
    public static byte[] balanceOfCall(Address holder) {
        return Bytes.concat(selector(BALANCE_OF), Bytes.leftPad(holder.bytes(), 32));
    }

    /**
     * The token. {@code transfer} reverts when the caller's balance is short, emits
     * {@code Transfer(caller, to, amount)} and returns true, as OpenZeppelin's does; it omits the
     * zero-address and overflow checks, which a bounded supply makes moot here.
     */
    public static byte[] tokenCode() {
        Asm a = new Asm();
        // Dispatch on the first four bytes of calldata.
        a.push(0).op(CALLDATALOAD).push(224).op(SHR);
        a.dup(1).push(TRANSFER & 0xffffffffL).op(EQ).jumpi("transfer");
        a.dup(1).push(BALANCE_OF & 0xffffffffL).op(EQ).jumpi("balanceOf");
        a.push(0).push(0).op(REVERT);

        a.label("transfer").op(POP);
        // fromSlot = keccak256(caller ‖ 0)
        a.op(CALLER).push(0).op(MSTORE);
        a.push(BALANCES_SLOT).push(32).op(MSTORE);
        a.push(64).push(0).op(KECCAK256); //                   [fromSlot]
        a.dup(1).op(SLOAD); //                                 [fromSlot, fromBal]
        a.push(36).op(CALLDATALOAD); //                        [fromSlot, fromBal, amount]
        a.dup(1).dup(3).op(LT).jumpi("insufficient"); //       fromBal < amount
        a.dup(1).dup(3).op(SUB).dup(4).op(SSTORE); //           balances[caller] = fromBal - amount
        // toSlot = keccak256(to ‖ 0); memory[32..64] still holds the mapping slot.
        a.push(4).op(CALLDATALOAD).push(ADDRESS_MASK).op(AND); // [.., amount, to]
        a.dup(1).push(0).op(MSTORE);
        a.push(64).push(0).op(KECCAK256); //                   [.., amount, to, toSlot]
        a.dup(1).op(SLOAD).dup(4).op(ADD); //                   [.., amount, to, toSlot, toBal + amount]
        a.swap(1).op(SSTORE); //                               [fromSlot, fromBal, amount, to]
        // emit Transfer(caller, to, amount): data = amount, topics = event, from, to.
        a.dup(2).push(0).op(MSTORE);
        a.dup(1).op(CALLER).push(TRANSFER_EVENT.toU256()).push(32).push(0).log(3);
        a.push(1).push(0).op(MSTORE).push(32).push(0).op(RETURN);

        a.label("insufficient").push(0).push(0).op(REVERT);

        a.label("balanceOf").op(POP);
        a.push(4).op(CALLDATALOAD).push(0).op(MSTORE);
        a.push(BALANCES_SLOT).push(32).op(MSTORE);
        a.push(64).push(0).op(KECCAK256).op(SLOAD);
        a.push(0).op(MSTORE).push(32).push(0).op(RETURN);
        return a.build();
    }

    /**
     * A contract that, called with calldata {@code n} (one word), calls {@code token.transfer(
     * firstRecipient + i, amount)} for i in [0, n), so it must hold {@code n * amount} tokens.
     * Reverts unless every call succeeds and returns true.
     */
    public static byte[] batchTransferCode(Address token, Address firstRecipient, long amount) {
        Asm a = new Asm();
        a.push(0).op(CALLDATALOAD).push(0); //                 [n, i]
        a.label("loop");
        a.dup(2).dup(2).op(LT, ISZERO).jumpi("done"); //        !(i < n)
        // memory[0..68] = transfer(firstRecipient + i, amount)
        a.push(TRANSFER & 0xffffffffL).push(224).op(SHL).push(0).op(MSTORE);
        a.push(firstRecipient).dup(2).op(ADD).push(4).op(MSTORE);
        a.push(amount).push(36).op(MSTORE);
        // call(gas, token, 0, args 0..68, returns 0..32)
        a.push(32).push(0).push(68).push(0).push(0).push(token).op(GAS, CALL);
        a.op(ISZERO).jumpi("fail");
        a.push(0).op(MLOAD, ISZERO).jumpi("fail");
        a.push(1).op(ADD).jump("loop");
        a.label("done").op(STOP);
        a.label("fail").push(0).push(0).op(REVERT);
        return a.build();
    }

    private static byte[] selector(int selector) {
        byte[] b = new byte[4];
        Bytes.putInt(b, 0, selector);
        return b;
    }
}
