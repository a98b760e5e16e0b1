package dev.multilane.evm.interpreter;

import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Words;

/**
 * Buffers that the frames of a transaction borrow from their thread: a stack array and a
 * {@link Memory} per call depth, the division scratch and the Keccak state. They are reused by
 * every frame at that depth and by every transaction the thread runs, which saves allocating and
 * zeroing 32 KiB of stack and 1 KiB of memory per call.
 *
 * <p>Safe because a transaction's frames live strictly inside its run and a thread runs one
 * transaction at a time, so a depth's buffers are never held by two live frames. A memory is
 * cleared when it is lent rather than when its frame ends, so a frame that ended abruptly (an
 * exception) cannot leak its bytes into the next. Stacks are not cleared: the interpreter never
 * reads a slot at or above the stack pointer.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private final long[][] stacks = new long[Evm.MAX_DEPTH + 1][];
    private final Memory[] memories = new Memory[Evm.MAX_DEPTH + 1];
    /** Working space of the division family ({@link Words#div} and friends). */
    final long[] divisionScratch = new long[Words.SCRATCH_LONGS];
    /** Working space of KECCAK256 ({@link Keccak#hashToWord}). */
    final long[] keccakState = new long[Keccak.STATE_LONGS];

    private Workspace() {}

    /** The calling thread's workspace. */
    static Workspace current() {
        return CURRENT.get();
    }

    long[] stack(int depth) {
        long[] s = stacks[depth];
        if (s == null) {
            s = new long[Frame.STACK_LIMIT * 4];
            stacks[depth] = s;
        }
        return s;
    }

    /** An empty memory for a new frame at {@code depth}. */
    Memory memory(int depth) {
        Memory m = memories[depth];
        if (m == null) {
            m = new Memory();
            memories[depth] = m;
        } else {
            m.reset();
        }
        return m;
    }
}
