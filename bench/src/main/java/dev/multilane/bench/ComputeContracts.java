package dev.multilane.bench;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.evm.asm.Asm;
import dev.multilane.primitives.U256;

/**
 * Contracts that only compute, written in {@link Asm}. Each takes an iteration count {@code n}
 * (n >= 1) as its one calldata word and returns one 32-byte word, so that a test can recompute
 * the result independently and a benchmark cannot be measuring a loop that silently did nothing.
 * All keep their loop state on the stack as {@code [n, i, acc]}, acc on top.
 */
public final class ComputeContracts {
    /** Constants of the arithmetic loop; any odd multiplier and large divisors would do. */
    public static final U256 ARITH_SEED = U256.parse("0x6d756c74696c616e652d61726974686d657469632d7365656400000000000001");
    public static final U256 ARITH_MUL = U256.parse("0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95");
    public static final U256 ARITH_ADD = U256.parse("0x2545f4914f6cdd1d2545f4914f6cdd1d2545f4914f6cdd1d2545f4914f6cdd1d");
    public static final U256 ARITH_DIV = U256.parse("0xbf58476d1ce4e5b9");
    public static final U256 ARITH_MOD = U256.parse("0x94d049bb133111eb94d049bb133111eb");
    /** First word of memory before the first hash of the keccak loop. */
    public static final U256 KECCAK_SEED = U256.parse("0x6d756c74696c616e652d6b656363616b2d73656564");
    /** Bytes MCOPY moves per iteration of the memory loop. */
    public static final int MEMORY_REGION = 1024;

    private ComputeContracts() {}

    /**
     * Per iteration, on a 256-bit accumulator: {@code acc = acc * MUL + ADD; acc ^= acc / DIV;
     * acc += 3 ** (acc & 0xff); acc ^= (acc % MOD) << 64}, all modulo 2^256. Returns acc.
     */
    public static byte[] arithmeticCode() {
        Asm a = new Asm();
        a.push(0).op(CALLDATALOAD).push(0).push(ARITH_SEED); //   [n, i, acc]
        a.label("loop");
        a.push(ARITH_MUL).op(MUL).push(ARITH_ADD).op(ADD);
        a.dup(1).push(ARITH_DIV).swap(1).op(DIV, XOR); //          acc ^= acc / DIV
        a.dup(1).push(0xff).op(AND).push(3).op(EXP, ADD); //       acc += 3 ** (acc & 0xff)
        a.dup(1).push(ARITH_MOD).swap(1).op(MOD).push(64).op(SHL, XOR); // acc ^= (acc % MOD) << 64
        loopTail(a);
        returnTop(a);
        return a.build();
    }

    /**
     * Per iteration i: {@code memory[32..64] = i; memory[0..32] = keccak256(memory[0..64])}, with
     * memory[0..32] = KECCAK_SEED at the start. Returns memory[0..32]: a hash chain, so no
     * iteration can be skipped.
     */
    public static byte[] keccakCode() {
        Asm a = new Asm();
        a.push(KECCAK_SEED).push(0).op(MSTORE);
        a.push(0).op(CALLDATALOAD).push(0).push(0); //            [n, i, unused]
        a.label("loop");
        a.dup(2).push(32).op(MSTORE);
        a.push(64).push(0).op(KECCAK256).push(0).op(MSTORE);
        loopTail(a);
        a.push(32).push(0).op(RETURN);
        return a.build();
    }

    /**
     * Per iteration i: {@code off = (i % 32) * 32; memory[off] = i; MCOPY 1 KiB from 0 to 1024;
     * acc += memory[1024 + off]}. Returns acc, which is n(n-1)/2 only if every copy happened.
     */
    public static byte[] memoryCode() {
        Asm a = new Asm();
        a.push(0).op(CALLDATALOAD).push(0).push(0); //            [n, i, acc]
        a.label("loop");
        a.dup(2).dup(3).push(31).op(AND).push(5).op(SHL, MSTORE); // memory[off] = i
        a.push(MEMORY_REGION).push(0).push(MEMORY_REGION).op(MCOPY); // copy [0, 1024) to [1024, 2048)
        a.dup(2).push(31).op(AND).push(5).op(SHL).push(MEMORY_REGION).op(ADD, MLOAD, ADD);
        loopTail(a);
        returnTop(a);
        return a.build();
    }

    /** i += 1; jumps back to "loop" while i < n. Expects and leaves {@code [n, i, acc]}. */
    private static void loopTail(Asm a) {
        a.swap(1).push(1).op(ADD).swap(1); //                      [n, i + 1, acc]
        a.dup(2).dup(4).op(GT).jumpi("loop"); //                   n > i + 1
    }

    /** Returns the word on top of the stack. */
    private static void returnTop(Asm a) {
        a.push(0).op(MSTORE).push(32).push(0).op(RETURN);
    }
}
