package dev.multilane.evm.asm;

import dev.multilane.evm.Opcodes;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny EVM assembler, so that contracts in benchmarks and tests read as opcodes in source rather
 * than as hex. Pushes use the narrowest PUSHn that holds the value (PUSH0 for zero, EIP-3855, so the code needs
 * Shanghai or later). Labels are JUMPDESTs; a reference to one is a PUSH2 patched in {@link #build},
 * which allows forward jumps and limits code to 64 KiB, far above EIP-170's 24 KiB anyway.
 *
 * <pre>{@code
 * byte[] code = new Asm()
 *         .push(0).op(CALLDATALOAD)
 *         .label("loop") ... .jumpi("loop")
 *         .op(STOP)
 *         .build();
 * }</pre>
 */
public final class Asm {
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    /** Positions of the two immediate bytes of each PUSH2 that refers to a label. */
    private final List<Map.Entry<Integer, String>> references = new ArrayList<>();

    /** Appends opcodes as they are, e.g. {@code op(CALLER, PUSH0, MSTORE)}. */
    public Asm op(int... opcodes) {
        for (int opcode : opcodes) {
            if (opcode < 0 || opcode > 0xff) {
                throw new IllegalArgumentException("not an opcode: " + opcode);
            }
            code.write(opcode);
        }
        return this;
    }

    /** Pushes an unsigned value with the narrowest PUSH. */
    public Asm push(long unsigned) {
        return push(U256.of(unsigned));
    }

    public Asm push(U256 value) {
        return pushBytes(value.toMinimalBytes());
    }

    /** Pushes an address as PUSH20 (or narrower when it has leading zero bytes). */
    public Asm push(Address address) {
        return push(U256.fromBytes(address.bytes()));
    }

    /** Pushes big-endian bytes as they are (1 to 32 of them), or PUSH0 for none. */
    public Asm pushBytes(byte[] bytes) {
        if (bytes.length > 32) {
            throw new IllegalArgumentException("PUSH takes at most 32 bytes, got " + bytes.length);
        }
        if (bytes.length == 0) {
            return op(Opcodes.PUSH0);
        }
        code.write(Opcodes.PUSH1 + bytes.length - 1);
        code.writeBytes(bytes);
        return this;
    }

    /** DUP1..DUP16. */
    public Asm dup(int n) {
        checkRange("DUP", n, 1, 16);
        return op(Opcodes.DUP1 + n - 1);
    }

    /** SWAP1..SWAP16. */
    public Asm swap(int n) {
        checkRange("SWAP", n, 1, 16);
        return op(Opcodes.SWAP1 + n - 1);
    }

    /** LOG0..LOG4. */
    public Asm log(int topics) {
        checkRange("LOG", topics, 0, 4);
        return op(Opcodes.LOG0 + topics);
    }

    /** Marks a jump target: emits JUMPDEST here under {@code name}. */
    public Asm label(String name) {
        if (labels.putIfAbsent(name, code.size()) != null) {
            throw new IllegalArgumentException("label defined twice: " + name);
        }
        return op(Opcodes.JUMPDEST);
    }

    /** Pushes a label's position (PUSH2, filled in by {@link #build}). */
    public Asm pushLabel(String name) {
        code.write(Opcodes.PUSH1 + 1);
        references.add(Map.entry(code.size(), name));
        code.write(0);
        code.write(0);
        return this;
    }

    /** PUSH2 label, JUMP. */
    public Asm jump(String name) {
        return pushLabel(name).op(Opcodes.JUMP);
    }

    /** PUSH2 label, JUMPI: jumps when the word on top of the stack is non-zero. */
    public Asm jumpi(String name) {
        return pushLabel(name).op(Opcodes.JUMPI);
    }

    /** The bytecode, with every label reference resolved. */
    public byte[] build() {
        byte[] bytes = code.toByteArray();
        for (Map.Entry<Integer, String> reference : references) {
            Integer target = labels.get(reference.getValue());
            if (target == null) {
                throw new IllegalStateException("undefined label: " + reference.getValue());
            }
            if (target > 0xffff) {
                throw new IllegalStateException("label beyond PUSH2 range: " + reference.getValue());
            }
            bytes[reference.getKey()] = (byte) (target >>> 8);
            bytes[reference.getKey() + 1] = (byte) (int) target;
        }
        return bytes;
    }

    private static void checkRange(String what, int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(what + n + " does not exist");
        }
    }
}
