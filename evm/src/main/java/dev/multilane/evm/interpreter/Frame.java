package dev.multilane.evm.interpreter;

import dev.multilane.evm.Code;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;

/**
 * One call frame: code, program counter, stack, memory and gas. The stack is a preallocated long[]
 * holding up to 1024 words of four longs each, least significant limb first; item {@code i} from
 * the bottom starts at {@code 4 * i}. The stack array and the memory are lent by the caller (see
 * {@link Workspace}); the memory must be empty. Fields are package-private: only the interpreter
 * mutates them.
 */
public final class Frame {
    public static final int STACK_LIMIT = 1024;

    final Code code;
    final byte[] bytecode;
    /** The account whose storage and balance this frame acts on (ADDRESS). */
    final Address address;
    final Address caller;
    final U256 callValue;
    final byte[] input;
    final boolean isStatic;
    final int depth;

    final long[] stack;
    int sp;
    final Memory memory;
    long gas;
    int pc;
    byte[] returnData = Bytes.EMPTY;
    byte[] output = Bytes.EMPTY;

    public Frame(Code code, Address address, Address caller, U256 callValue, byte[] input,
            boolean isStatic, int depth, long gas, long[] stack, Memory memory) {
        this.code = code;
        this.bytecode = code.bytes();
        this.address = address;
        this.caller = caller;
        this.callValue = callValue;
        this.input = input;
        this.isStatic = isStatic;
        this.depth = depth;
        this.gas = gas;
        this.stack = stack;
        this.memory = memory;
    }

    public long gas() {
        return gas;
    }

    public byte[] output() {
        return output;
    }

    public int depth() {
        return depth;
    }

    /** Charges {@code amount}; false when the frame runs out of gas. */
    boolean charge(long amount) {
        gas -= amount;
        return gas >= 0;
    }

    /** Highest memory offset we accept; beyond it no gas limit could pay for the expansion. */
    static final long MAX_MEMORY = 0xffff_ffffL;

    static long memoryCost(long words) {
        return 3 * words + words * words / 512;
    }

    /**
     * Charges expansion so that [offset, offset+length) is addressable; false on out of gas.
     * A zero length never expands memory, whatever the offset.
     */
    boolean expandMemory(long offset, long length) {
        if (length == 0) {
            return true;
        }
        if (offset > MAX_MEMORY || length > MAX_MEMORY) {
            return false;
        }
        long end = offset + length;
        long newWords = (end + 31) >>> 5;
        long oldWords = memory.words();
        if (newWords <= oldWords) {
            return true;
        }
        if (!charge(memoryCost(newWords) - memoryCost(oldWords))) {
            return false;
        }
        memory.ensureWords(newWords);
        return true;
    }

    // ---- stack access helpers ----

    /** Offset of the item {@code n} below the top (0 = top). */
    int item(int n) {
        return (sp - 1 - n) << 2;
    }

    /** The item at offset {@code o} as a long, or Long.MAX_VALUE when it does not fit 63 bits. */
    long clampedLong(int o) {
        long[] s = stack;
        return (s[o + 1] | s[o + 2] | s[o + 3]) != 0 || s[o] < 0 ? Long.MAX_VALUE : s[o];
    }

    U256 word(int o) {
        long[] s = stack;
        return new U256(s[o], s[o + 1], s[o + 2], s[o + 3]);
    }

    Address address(int o) {
        long[] s = stack;
        return Address.fromWord(s[o], s[o + 1], s[o + 2]);
    }

    void push(long v) {
        int o = sp++ << 2;
        long[] s = stack;
        s[o] = v;
        s[o + 1] = 0;
        s[o + 2] = 0;
        s[o + 3] = 0;
    }

    void push(U256 v) {
        int o = sp++ << 2;
        long[] s = stack;
        s[o] = v.u0();
        s[o + 1] = v.u1();
        s[o + 2] = v.u2();
        s[o + 3] = v.u3();
    }

    void pushAddress(Address a) {
        int o = sp++ << 2;
        long[] s = stack;
        s[o] = a.u0();
        s[o + 1] = a.u1();
        s[o + 2] = a.u2();
        s[o + 3] = 0;
    }

    void pushBytes32(byte[] b) {
        int o = sp++ << 2;
        long[] s = stack;
        s[o + 3] = Bytes.getLong(b, 0);
        s[o + 2] = Bytes.getLong(b, 8);
        s[o + 1] = Bytes.getLong(b, 16);
        s[o] = Bytes.getLong(b, 24);
    }
}
