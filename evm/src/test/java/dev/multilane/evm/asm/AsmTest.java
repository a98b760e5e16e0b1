package dev.multilane.evm.asm;

import static dev.multilane.evm.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import org.junit.jupiter.api.Test;

/** The assembler's output, byte for byte, against hand-assembled code. */
class AsmTest {

    @Test
    void pushesUseTheNarrowestWidth() {
        byte[] code = new Asm().push(0).push(1).push(0x100).push(U256.MAX).build();
        assertArrayEquals(Hex.decode("5f" + "6001" + "610100" + "7f" + "ff".repeat(32)), code);
    }

    @Test
    void addressesArePushedAsTheirNumber() {
        assertArrayEquals(Hex.decode("73" + "11".repeat(20)), new Asm().push(Address.fromHex("0x" + "11".repeat(20))).build());
        assertArrayEquals(Hex.decode("6005"), new Asm().push(Address.ofNumber(5)).build());
    }

    @Test
    void labelsResolveForwardAndBackward() {
        byte[] code = new Asm()
                .jump("end") //        0: PUSH2 0x0006, JUMP
                .label("back") //      4: JUMPDEST
                .op(STOP) //           5: STOP
                .label("end") //       6: JUMPDEST
                .jumpi("back") //      7: PUSH2 0x0004, JUMPI
                .build();
        assertArrayEquals(Hex.decode("610006" + "56" + "5b" + "00" + "5b" + "610004" + "57"), code);
    }

    @Test
    void dupSwapAndLogMapToTheirOpcodes() {
        assertArrayEquals(new byte[] {(byte) DUP1, (byte) DUP16, (byte) SWAP1, (byte) SWAP16, (byte) LOG0, (byte) LOG4},
                new Asm().dup(1).dup(16).swap(1).swap(16).log(0).log(4).build());
    }

    @Test
    void mistakesAreRejected() {
        assertThrows(IllegalStateException.class, () -> new Asm().jump("nowhere").build());
        assertThrows(IllegalArgumentException.class, () -> new Asm().label("x").label("x"));
        assertThrows(IllegalArgumentException.class, () -> new Asm().dup(17));
        assertThrows(IllegalArgumentException.class, () -> new Asm().log(5));
        assertThrows(IllegalArgumentException.class, () -> new Asm().op(0x100));
        assertThrows(IllegalArgumentException.class, () -> new Asm().pushBytes(new byte[33]));
    }
}
