package dev.multilane.evm.interpreter;

import static dev.multilane.evm.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.asm.Asm;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Frames borrow their stack and memory from a per-thread {@link Workspace}: a frame must still
 * start with empty memory whatever an earlier frame at the same depth, in the same transaction or
 * an earlier one, left in it. Also checks PUSH1..PUSH8 on both of the interpreter's paths (one
 * 8-byte read far from the end of the code, byte by byte near it).
 */
class WorkspaceReuseTest {
    private static final Address SENDER = Address.ofNumber(0xaa00);
    private static final Address DIRTY = Address.ofNumber(0xd000);
    private static final Address READER = Address.ofNumber(0xe000);
    private static final Address BOTH = Address.ofNumber(0xf000);
    private static final BlockEnv BLOCK =
            new BlockEnv(Address.ofNumber(0xc0), 1, 1_000, 30_000_000, U256.of(7), U256.ZERO, 0, n -> null);

    /** Accounts and code only; no storage. */
    private static final class Contracts implements StateView {
        final Map<Address, byte[]> code = new HashMap<>();

        @Override
        public AccountInfo account(Address address) {
            if (address.equals(SENDER)) {
                return new AccountInfo(0, U256.of(1L << 60), Keccak.EMPTY);
            }
            byte[] c = code.get(address);
            return c == null ? null : new AccountInfo(1, U256.ZERO, Keccak.of(c));
        }

        @Override
        public byte[] code(Address address) {
            return code.getOrDefault(address, new byte[0]);
        }

        @Override
        public U256 storage(Address address, U256 slot) {
            return U256.ZERO;
        }
    }

    /** Fills memory 0..96 with ones and stops. */
    private static byte[] dirtyCode() {
        return new Asm().push(U256.MAX).push(0).op(MSTORE).push(U256.MAX).push(32).op(MSTORE)
                .push(U256.MAX).push(64).op(MSTORE).op(STOP).build();
    }

    /** Returns [MSIZE at entry, MLOAD(0), MLOAD(32)]: all zero in a fresh frame. */
    private static byte[] readerCode() {
        return new Asm().op(MSIZE).push(0).op(MLOAD).push(32).op(MLOAD) // [size, m0, m32]
                .push(160).op(MSTORE).push(128).op(MSTORE).push(96).op(MSTORE)
                .push(96).push(96).op(RETURN).build();
    }

    /** Calls DIRTY, then READER at the same depth, and returns READER's output. */
    private static byte[] bothCode() {
        return new Asm()
                .push(0).push(0).push(0).push(0).push(0).push(DIRTY).op(GAS, CALL, POP)
                .push(0).push(0).push(0).push(0).push(0).push(READER).op(GAS, CALL, POP)
                .op(RETURNDATASIZE).push(0).push(0).op(RETURNDATACOPY)
                .op(RETURNDATASIZE).push(0).op(RETURN).build();
    }

    private static byte[] call(TransactionProcessor processor, Contracts state, long nonce, Address to) {
        TxEnv tx = new TxEnv(2, SENDER, to, nonce, 1_000_000, U256.ZERO, new byte[0], null, U256.of(10),
                U256.ONE, List.of(), List.of(), null);
        TxResult result = processor.execute(Fork.CANCUN, BLOCK, tx, state);
        assertTrue(result instanceof TxResult.Executed e && e.success(), "failed: " + result);
        return ((TxResult.Executed) result).output();
    }

    private static Contracts contracts() {
        Contracts state = new Contracts();
        state.code.put(DIRTY, dirtyCode());
        state.code.put(READER, readerCode());
        state.code.put(BOTH, bothCode());
        return state;
    }

    @Test
    void memoryIsEmptyForTheNextTransaction() {
        Contracts state = contracts();
        TransactionProcessor processor = new TransactionProcessor();
        call(processor, state, 0, DIRTY); // nonces are not applied: each call sees the same pre-state
        assertEquals("00".repeat(96), Hex.encode(call(processor, state, 0, READER)).substring(2));
    }

    @Test
    void memoryIsEmptyForTheNextFrameAtTheSameDepth() {
        byte[] out = call(new TransactionProcessor(), contracts(), 0, BOTH);
        assertEquals("00".repeat(96), Hex.encode(out).substring(2));
    }

    /**
     * PUSHn of n bytes, once with the rest of the code after it (the one-read path) and once as
     * the last instruction before a jump back (fewer than 8 bytes follow for n below 4).
     */
    @Test
    void narrowPushesNearAndFarFromTheEndOfCode() {
        Contracts state = contracts();
        TransactionProcessor processor = new TransactionProcessor();
        for (int n = 1; n <= 8; n++) {
            byte[] value = new byte[n];
            for (int i = 0; i < n; i++) {
                value[i] = (byte) (0x81 + 0x11 * i);
            }
            byte[] far = new Asm().pushBytes(value).push(0).op(MSTORE).push(32).push(0).op(RETURN).build();
            byte[] near = new Asm().jump("push")
                    .label("return").push(0).op(MSTORE).push(32).push(0).op(RETURN)
                    .label("push").pushBytes(value).jump("return").build();
            String expected = "00".repeat(32 - n) + Hex.encode(value).substring(2);
            for (byte[] code : List.of(far, near)) {
                state.code.put(READER, code);
                assertEquals(expected, Hex.encode(call(processor, state, 0, READER)).substring(2),
                        "PUSH" + n + " in " + Hex.encode(code));
            }
        }
    }
}
