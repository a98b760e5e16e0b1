package dev.multilane.evm.interpreter;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.evm.Fork;

/**
 * Per-fork data for each of the 256 opcodes: whether it is defined, its static gas, how many stack
 * items it needs and how many it adds. Fork changes are written as EIP deltas on top of Berlin.
 * Dynamic gas (memory, warm/cold access, SSTORE, calls) is charged by the opcode itself.
 */
public final class OpcodeTable {
    private static final OpcodeTable[] BY_FORK = new OpcodeTable[Fork.values().length];

    static {
        for (Fork f : Fork.values()) {
            BY_FORK[f.ordinal()] = new OpcodeTable(f);
        }
    }

    /** Static gas; -1 marks an undefined opcode. */
    final long[] gas = new long[256];
    /** Items the opcode pops (or needs present, for DUP/SWAP). */
    final int[] stackIn = new int[256];
    /** Highest stack height at which the opcode can still run without overflow. */
    final int[] stackMaxBefore = new int[256];

    public static OpcodeTable of(Fork fork) {
        return BY_FORK[fork.ordinal()];
    }

    private OpcodeTable(Fork fork) {
        java.util.Arrays.fill(gas, -1);
        // Berlin, EIP-2929: account and storage access cost their warm price statically and the
        // cold surcharge dynamically.
        def(STOP, 0, 0, 0);
        def(ADD, 3, 2, 1);
        def(MUL, 5, 2, 1);
        def(SUB, 3, 2, 1);
        def(DIV, 5, 2, 1);
        def(SDIV, 5, 2, 1);
        def(MOD, 5, 2, 1);
        def(SMOD, 5, 2, 1);
        def(ADDMOD, 8, 3, 1);
        def(MULMOD, 8, 3, 1);
        def(EXP, 10, 2, 1);
        def(SIGNEXTEND, 5, 2, 1);
        for (int op : new int[] {LT, GT, SLT, SGT, EQ, AND, OR, XOR, BYTE, SHL, SHR, SAR}) {
            def(op, 3, 2, 1);
        }
        def(ISZERO, 3, 1, 1);
        def(NOT, 3, 1, 1);
        def(KECCAK256, 30, 2, 1);
        for (int op : new int[] {ADDRESS, ORIGIN, CALLER, CALLVALUE, CALLDATASIZE, CODESIZE, GASPRICE,
                RETURNDATASIZE, COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, PC, MSIZE,
                GAS}) {
            def(op, 2, 0, 1);
        }
        def(BALANCE, 100, 1, 1);
        def(CALLDATALOAD, 3, 1, 1);
        def(CALLDATACOPY, 3, 3, 0);
        def(CODECOPY, 3, 3, 0);
        def(EXTCODESIZE, 100, 1, 1);
        def(EXTCODECOPY, 100, 4, 0);
        def(RETURNDATACOPY, 3, 3, 0);
        def(EXTCODEHASH, 100, 1, 1);
        def(BLOCKHASH, 20, 1, 1);
        def(SELFBALANCE, 5, 0, 1);
        def(POP, 2, 1, 0);
        def(MLOAD, 3, 1, 1);
        def(MSTORE, 3, 2, 0);
        def(MSTORE8, 3, 2, 0);
        def(SLOAD, 100, 1, 1);
        def(SSTORE, 0, 2, 0);
        def(JUMP, 8, 1, 0);
        def(JUMPI, 10, 2, 0);
        def(JUMPDEST, 1, 0, 0);
        for (int op = PUSH1; op <= PUSH32; op++) {
            def(op, 3, 0, 1);
        }
        for (int i = 0; i < 16; i++) {
            def(DUP1 + i, 3, i + 1, i + 2);
            def(SWAP1 + i, 3, i + 2, i + 2);
        }
        for (int i = 0; i <= 4; i++) {
            def(LOG0 + i, 375 + 375L * i, 2 + i, 0);
        }
        def(CREATE, 32_000, 3, 1);
        def(CALL, 100, 7, 1);
        def(CALLCODE, 100, 7, 1);
        def(RETURN, 0, 2, 0);
        def(DELEGATECALL, 100, 6, 1);
        def(CREATE2, 32_000, 4, 1);
        def(STATICCALL, 100, 6, 1);
        def(REVERT, 0, 2, 0);
        def(SELFDESTRUCT, 5_000, 1, 0);
        // INVALID (0xfe) stays undefined: it halts like any undefined opcode.

        if (fork.isEnabled(Fork.LONDON)) {
            def(BASEFEE, 2, 0, 1); // EIP-3198
        }
        if (fork.isEnabled(Fork.SHANGHAI)) {
            def(PUSH0, 2, 0, 1); // EIP-3855
        }
        if (fork.isEnabled(Fork.CANCUN)) {
            def(TLOAD, 100, 1, 1); // EIP-1153
            def(TSTORE, 100, 2, 0);
            def(MCOPY, 3, 3, 0); // EIP-5656
            def(BLOBHASH, 3, 1, 1); // EIP-4844
            def(BLOBBASEFEE, 2, 0, 1); // EIP-7516
        }
    }

    private void def(int op, long staticGas, int in, int out) {
        gas[op] = staticGas;
        stackIn[op] = in;
        stackMaxBefore[op] = Frame.STACK_LIMIT - Math.max(0, out - in);
    }
}
