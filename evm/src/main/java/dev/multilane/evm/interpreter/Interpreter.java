package dev.multilane.evm.interpreter;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.primitives.Words;

/**
 * The fetch-decode-execute loop. One switch dispatches all opcodes; the per-fork
 * {@link OpcodeTable} says which are defined, their static gas and stack bounds, which are checked
 * once before dispatch so the cases need not. Arithmetic works in place on the frame's long[]
 * stack through {@link Words}; nothing on the common path allocates or throws. Opcodes that reach
 * the world (storage, accounts, calls, logs) live in {@link HostOps}.
 *
 * <p>Benchmark before refactoring: this loop is the per-core baseline of the whole engine.
 */
final class Interpreter {
    private final Evm evm;
    private final HostOps host;
    /** Working space for the division family, reused across instructions. */
    private final long[] scratch;
    /** Working space for KECCAK256. */
    private final long[] keccakState;

    Interpreter(Evm evm) {
        this.evm = evm;
        this.host = new HostOps(evm);
        this.scratch = evm.workspace.divisionScratch;
        this.keccakState = evm.workspace.keccakState;
    }

    /**
     * Runs the frame to a halt. The program counter, stack pointer and gas live in locals here, so
     * the JIT keeps them in registers instead of storing and reloading the frame's fields on every
     * instruction. The frame's fields are current only at sync points: {@link #halt} writes them on
     * every exit, and opcodes outside the fast switch go through {@link #runOnFrame}, which gets the
     * frame synced before and is read back after. Inside the fast switch, only the cases that lend
     * gas to {@link Frame#expandMemory} sync, and only {@code gas}; every other call there
     * ({@link Words}, {@link Frame#clampedLong}, jump-destination checks, the static helpers
     * below) leaves {@code f.pc}, {@code f.sp} and {@code f.gas} alone.
     */
    Status run(Frame f) {
        final byte[] code = f.bytecode;
        final long[] s = f.stack;
        final OpcodeTable table = evm.table;
        final long[] staticGas = table.gas;
        final int[] stackIn = table.stackIn;
        final int[] stackMax = table.stackMaxBefore;
        int pc = f.pc;
        int sp = f.sp;
        long gas = f.gas;

        while (true) {
            int op = pc < code.length ? code[pc] & 0xff : STOP;
            long g = staticGas[op];
            if (g < 0) {
                return halt(f, pc, sp, gas, Status.INVALID_OPCODE);
            }
            if (sp < stackIn[op]) {
                return halt(f, pc, sp, gas, Status.STACK_UNDERFLOW);
            }
            if (sp > stackMax[op]) {
                return halt(f, pc, sp, gas, Status.STACK_OVERFLOW);
            }
            if ((gas -= g) < 0) {
                return halt(f, pc, sp, gas, Status.OUT_OF_GAS);
            }
            final int top = (sp - 1) << 2;
            final int next = top - 4;
            final int third = top - 8;
            switch (op) {
                case STOP -> {
                    f.output = Bytes.EMPTY;
                    return halt(f, pc, sp, gas, Status.SUCCESS);
                }
                case ADD -> { Words.add(s, top, next, next); sp--; }
                case MUL -> { Words.mul(s, top, next, next); sp--; }
                case SUB -> { Words.sub(s, top, next, next); sp--; }
                case DIV -> { Words.div(s, top, next, next, scratch); sp--; }
                case SDIV -> { Words.sdiv(s, top, next, next, scratch); sp--; }
                case MOD -> { Words.mod(s, top, next, next, scratch); sp--; }
                case SMOD -> { Words.smod(s, top, next, next, scratch); sp--; }
                case ADDMOD -> { Words.addMod(s, top, next, third, third, scratch); sp -= 2; }
                case MULMOD -> { Words.mulMod(s, top, next, third, third, scratch); sp -= 2; }
                case EXP -> {
                    // EIP-160: 50 gas per byte of exponent
                    if ((gas -= 50L * Words.byteLength(s, next)) < 0) {
                        return halt(f, pc, sp, gas, Status.OUT_OF_GAS);
                    }
                    Words.exp(s, top, next, next);
                    sp--;
                }
                case SIGNEXTEND -> { Words.signExtend(s, top, next, next); sp--; }
                case LT -> { setBool(s, next, Words.lt(s, top, next)); sp--; }
                case GT -> { setBool(s, next, Words.gt(s, top, next)); sp--; }
                case SLT -> { setBool(s, next, Words.slt(s, top, next)); sp--; }
                case SGT -> { setBool(s, next, Words.sgt(s, top, next)); sp--; }
                case EQ -> { setBool(s, next, Words.eq(s, top, next)); sp--; }
                case ISZERO -> setBool(s, top, Words.isZero(s, top));
                case AND -> { Words.and(s, top, next, next); sp--; }
                case OR -> { Words.or(s, top, next, next); sp--; }
                case XOR -> { Words.xor(s, top, next, next); sp--; }
                case NOT -> Words.not(s, top, top);
                case BYTE -> { Words.byteOf(s, top, next, next); sp--; }
                case SHL -> { Words.shl(s, top, next, next); sp--; }
                case SHR -> { Words.shr(s, top, next, next); sp--; }
                case SAR -> { Words.sar(s, top, next, next); sp--; }
                case ADDRESS -> pushAddress(s, sp++, f.address);
                case CALLER -> pushAddress(s, sp++, f.caller);
                case CALLVALUE -> {
                    U256 v = f.callValue;
                    Words.set(s, sp++ << 2, v.u0(), v.u1(), v.u2(), v.u3());
                }
                case CALLDATALOAD -> loadPadded(s, top, f.input, f.clampedLong(top));
                case CALLDATASIZE -> pushLong(s, sp++, f.input.length);
                case CODESIZE -> pushLong(s, sp++, code.length);
                case POP -> sp--;
                case MLOAD -> {
                    long off = f.clampedLong(top);
                    f.gas = gas; // sync: expansion is charged to the frame
                    boolean paid = f.expandMemory(off, 32);
                    gas = f.gas;
                    if (!paid) {
                        return halt(f, pc, sp, gas, Status.OUT_OF_GAS);
                    }
                    Words.fromBytes(s, top, f.memory.raw(), (int) off, 32);
                }
                case MSTORE -> {
                    long off = f.clampedLong(top);
                    f.gas = gas; // sync: expansion is charged to the frame
                    boolean paid = f.expandMemory(off, 32);
                    gas = f.gas;
                    if (!paid) {
                        return halt(f, pc, sp, gas, Status.OUT_OF_GAS);
                    }
                    Words.toBytes(s, next, f.memory.raw(), (int) off);
                    sp -= 2;
                }
                case MSTORE8 -> {
                    long off = f.clampedLong(top);
                    f.gas = gas; // sync: expansion is charged to the frame
                    boolean paid = f.expandMemory(off, 1);
                    gas = f.gas;
                    if (!paid) {
                        return halt(f, pc, sp, gas, Status.OUT_OF_GAS);
                    }
                    f.memory.store8(off, (byte) s[next]);
                    sp -= 2;
                }
                case JUMP -> {
                    long dest = f.clampedLong(top);
                    if (!f.code.isJumpDest(dest)) {
                        return halt(f, pc, sp, gas, Status.INVALID_JUMP);
                    }
                    sp--;
                    pc = (int) dest;
                    continue;
                }
                case JUMPI -> {
                    sp -= 2;
                    if (!Words.isZero(s, next)) {
                        long dest = f.clampedLong(top);
                        if (!f.code.isJumpDest(dest)) {
                            return halt(f, pc, sp, gas, Status.INVALID_JUMP);
                        }
                        pc = (int) dest;
                        continue;
                    }
                }
                case PC -> pushLong(s, sp++, pc);
                case MSIZE -> pushLong(s, sp++, f.memory.size());
                case GAS -> pushLong(s, sp++, gas);
                case JUMPDEST -> { }
                case PUSH0 -> pushLong(s, sp++, 0);
                case PUSH1, PUSH1 + 1, PUSH1 + 2, PUSH1 + 3, PUSH1 + 4, PUSH1 + 5, PUSH1 + 6, PUSH1 + 7,
                        PUSH1 + 8, PUSH1 + 9, PUSH1 + 10, PUSH1 + 11, PUSH1 + 12, PUSH1 + 13, PUSH1 + 14,
                        PUSH1 + 15, PUSH1 + 16, PUSH1 + 17, PUSH1 + 18, PUSH1 + 19, PUSH1 + 20, PUSH1 + 21,
                        PUSH1 + 22, PUSH1 + 23, PUSH1 + 24, PUSH1 + 25, PUSH1 + 26, PUSH1 + 27, PUSH1 + 28,
                        PUSH1 + 29, PUSH1 + 30, PUSH32 -> {
                    int n = op - PUSH1 + 1;
                    pushImmediate(s, sp++, code, pc, n);
                    pc += 1 + n;
                    continue;
                }
                case DUP1, DUP1 + 1, DUP1 + 2, DUP1 + 3, DUP1 + 4, DUP1 + 5, DUP1 + 6, DUP1 + 7, DUP1 + 8,
                        DUP1 + 9, DUP1 + 10, DUP1 + 11, DUP1 + 12, DUP1 + 13, DUP1 + 14, DUP16 -> {
                    int src = top - ((op - DUP1) << 2);
                    int dst = top + 4;
                    s[dst] = s[src];
                    s[dst + 1] = s[src + 1];
                    s[dst + 2] = s[src + 2];
                    s[dst + 3] = s[src + 3];
                    sp++;
                }
                case SWAP1, SWAP1 + 1, SWAP1 + 2, SWAP1 + 3, SWAP1 + 4, SWAP1 + 5, SWAP1 + 6, SWAP1 + 7,
                        SWAP1 + 8, SWAP1 + 9, SWAP1 + 10, SWAP1 + 11, SWAP1 + 12, SWAP1 + 13, SWAP1 + 14,
                        SWAP16 -> {
                    int o = top - ((op - SWAP1 + 1) << 2);
                    for (int k = 0; k < 4; k++) {
                        long t = s[top + k];
                        s[top + k] = s[o + k];
                        s[o + k] = t;
                    }
                }
                default -> {
                    // Sync point: the frame becomes authoritative for the opcode, then the locals again.
                    // No opcode there moves the program counter, so pc is only written.
                    f.pc = pc;
                    f.sp = sp;
                    f.gas = gas;
                    Status st = runOnFrame(f, op, code);
                    if (st != null) {
                        return st;
                    }
                    sp = f.sp;
                    gas = f.gas;
                }
            }
            pc++;
        }
    }

    /** Writes the loop's locals back to the frame on the way out: callers read the gas left. */
    private static Status halt(Frame f, int pc, int sp, long gas, Status status) {
        f.pc = pc;
        f.sp = sp;
        f.gas = gas;
        return status;
    }

    /**
     * The opcodes that work through the frame's own fields: memory copies, hashing, environment
     * reads and everything in {@link HostOps}. {@code f.sp} and {@code f.gas} are current on entry
     * and are read back on return; returns the halting status, or null to go on to the next
     * instruction. None of these change {@code f.pc}.
     */
    private Status runOnFrame(Frame f, int op, byte[] code) {
        final long[] s = f.stack;
        final int top = (f.sp - 1) << 2;
        final int next = top - 4;
        final int third = top - 8;
        switch (op) {
            case KECCAK256 -> {
                long off = f.clampedLong(top);
                long len = f.clampedLong(next);
                if (!f.charge(wordCost(6, len)) || !f.expandMemory(off, len)) {
                    return Status.OUT_OF_GAS;
                }
                // The hash replaces the length, the second operand: the stack shrinks by one.
                if (len == 0) {
                    Words.fromBytes(s, next, Keccak.EMPTY.bytes(), 0, 32);
                } else {
                    Keccak.hashToWord(f.memory.raw(), (int) off, (int) len, s, next, keccakState);
                }
                f.sp--;
            }
            case BALANCE -> {
                if (!host.balance(f, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case EXTCODESIZE -> {
                if (!host.extCodeSize(f, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case EXTCODECOPY -> {
                if (!host.extCodeCopy(f, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case EXTCODEHASH -> {
                if (!host.extCodeHash(f, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case ORIGIN -> f.pushAddress(evm.origin);
            case CALLDATACOPY -> {
                if (!copyToMemory(f, f.input, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case CODECOPY -> {
                if (!copyToMemory(f, code, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case GASPRICE -> f.push(evm.gasPrice);
            case RETURNDATASIZE -> f.push(f.returnData.length);
            case RETURNDATACOPY -> {
                long src = f.clampedLong(next);
                long len = f.clampedLong(third);
                if (src == Long.MAX_VALUE || len == Long.MAX_VALUE || src + len > f.returnData.length) {
                    return Status.RETURN_DATA_OUT_OF_BOUNDS;
                }
                if (!copyToMemory(f, f.returnData, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case BLOCKHASH -> host.blockHash(f, top);
            case COINBASE -> f.pushAddress(evm.block.coinbase());
            case TIMESTAMP -> f.push(evm.block.timestampForOpcode());
            case NUMBER -> f.push(evm.block.number());
            case PREVRANDAO -> f.push(evm.block.prevRandao());
            case GASLIMIT -> f.push(evm.block.gasLimit());
            case CHAINID -> f.push(evm.chainId);
            case SELFBALANCE -> f.push(evm.journal.account(f.address).balance());
            case BASEFEE -> f.push(evm.block.baseFee());
            case BLOBHASH -> {
                long i = f.clampedLong(top);
                if (i < evm.blobHashes.size()) {
                    f.sp--;
                    f.pushBytes32(evm.blobHashes.get((int) i).bytes());
                } else {
                    Words.set(s, top, 0, 0, 0, 0);
                }
            }
            case BLOBBASEFEE -> f.push(evm.blobBaseFee);
            case SLOAD -> {
                if (!host.sload(f, top)) {
                    return Status.OUT_OF_GAS;
                }
            }
            case SSTORE -> {
                Status st = host.sstore(f, top, next);
                if (st != null) {
                    return st;
                }
            }
            case TLOAD -> host.tload(f, top);
            case TSTORE -> {
                if (f.isStatic) {
                    return Status.STATIC_STATE_CHANGE;
                }
                host.tstore(f, top, next);
            }
            case MCOPY -> {
                long dst = f.clampedLong(top);
                long src = f.clampedLong(next);
                long len = f.clampedLong(third);
                // EIP-5656: expansion covers the higher of the two ranges
                if (!f.charge(wordCost(3, len)) || !f.expandMemory(Math.max(dst, src), len)) {
                    return Status.OUT_OF_GAS;
                }
                f.memory.copyWithin(dst, src, len);
                f.sp -= 3;
            }
            case LOG0, LOG0 + 1, LOG0 + 2, LOG0 + 3, LOG4 -> {
                Status st = host.log(f, op - LOG0, top);
                if (st != null) {
                    return st;
                }
            }
            case CREATE, CREATE2 -> {
                Status st = host.create(f, op == CREATE2, top);
                if (st != null) {
                    return st;
                }
            }
            case CALL, CALLCODE, DELEGATECALL, STATICCALL -> {
                Status st = host.call(f, op, top);
                if (st != null) {
                    return st;
                }
            }
            case RETURN, REVERT -> {
                long off = f.clampedLong(top);
                long len = f.clampedLong(next);
                if (!f.expandMemory(off, len)) {
                    return Status.OUT_OF_GAS;
                }
                f.output = f.memory.slice(off, len);
                return op == RETURN ? Status.SUCCESS : Status.REVERT;
            }
            case SELFDESTRUCT -> {
                return host.selfDestruct(f, top);
            }
            default -> {
                return Status.INVALID_OPCODE;
            }
        }
        return null;
    }

    private static void setBool(long[] s, int o, boolean v) {
        s[o] = v ? 1 : 0;
        s[o + 1] = 0;
        s[o + 2] = 0;
        s[o + 3] = 0;
    }

    /** {@code perWord} gas for each 32-byte word of {@code len}; saturates for absurd lengths. */
    static long wordCost(long perWord, long len) {
        if (len > Frame.MAX_MEMORY) {
            return Long.MAX_VALUE;
        }
        return perWord * ((len + 31) >>> 5);
    }

    /** CALLDATACOPY, CODECOPY, RETURNDATACOPY: [memOffset, srcOffset, length] from {@code top}. */
    private static boolean copyToMemory(Frame f, byte[] src, int top) {
        long memOff = f.clampedLong(top);
        long srcOff = f.clampedLong(top - 4);
        long len = f.clampedLong(top - 8);
        if (!f.charge(wordCost(3, len)) || !f.expandMemory(memOff, len)) {
            return false;
        }
        f.memory.copyIn(memOff, src, srcOff, len);
        f.sp -= 3;
        return true;
    }

    /** 32 bytes of {@code src} from {@code off} into the word at {@code o}, zero past the end. */
    static void loadPadded(long[] s, int o, byte[] src, long off) {
        if (off <= src.length - 32L) {
            Words.fromBytes(s, o, src, (int) off, 32);
            return;
        }
        byte[] buf = new byte[32];
        if (off < src.length) {
            System.arraycopy(src, (int) off, buf, 0, src.length - (int) off);
        }
        Words.fromBytes(s, o, buf, 0, 32);
    }

    private static void pushLong(long[] s, int sp, long v) {
        Words.set(s, sp << 2, v, 0, 0, 0);
    }

    private static void pushAddress(long[] s, int sp, Address a) {
        Words.set(s, sp << 2, a.u0(), a.u1(), a.u2(), 0);
    }

    /** PUSHn: the {@code n} immediate bytes after {@code pc} as the new item {@code sp}. */
    private static void pushImmediate(long[] s, int sp, byte[] code, int pc, int n) {
        int o = sp << 2;
        int start = pc + 1;
        if (n <= 8 && start + 8 <= code.length) {
            // Most pushes fit one limb: one big-endian read, the bytes after the immediate shifted out.
            s[o] = Bytes.getLong(code, start) >>> (64 - 8 * n);
            s[o + 1] = 0;
            s[o + 2] = 0;
            s[o + 3] = 0;
        } else if (start + n <= code.length) {
            Words.fromBytes(s, o, code, start, n);
        } else {
            // Push data cut off by the end of the code reads as zeros on the right.
            byte[] buf = new byte[n];
            if (start < code.length) {
                System.arraycopy(code, start, buf, 0, code.length - start);
            }
            Words.fromBytes(s, o, buf, 0, n);
        }
    }
}
