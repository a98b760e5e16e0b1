package dev.multilane.chain.parallel;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.evm.asm.Asm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The contracts random blocks are made of, written with {@link Asm}, and their calldata. Each one
 * leaves what it read in storage or in a log, so that a parallel run that read a stale value shows
 * up in the state root or the receipts, not just in a return value nobody compares.
 */
final class TestContracts {
    static final U256 ADDRESS_MASK = U256.ONE.shl(160).sub(U256.ONE);
    static final U256 HOP_VALUE_MASK = U256.ONE.shl(88).sub(U256.ONE);
    /** {@code transfer(address,uint256)}. */
    static final long TRANSFER_SELECTOR = 0xa9059cbbL;
    static final Hash TRANSFER_EVENT = Keccak.of("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

    private TestContracts() {}

    // ---- storage: reads and writes slots named in calldata ----

    /** Storage operations, three words each: (kind, slot, value). */
    static final int STORAGE_READ = 0;
    static final int STORAGE_WRITE = 1;
    static final int STORAGE_ADD = 2;

    /**
     * Runs the (kind, slot, value) triples of its calldata: READ adds SLOAD(slot) to an
     * accumulator, WRITE stores value, ADD stores SLOAD(slot) + value. Then stores the accumulator
     * at slot CALLER and logs it with topic CALLER.
     */
    static byte[] storage() {
        Asm a = new Asm();
        a.push(0).push(0); //                                     [acc, i]
        a.label("loop");
        a.op(CALLDATASIZE).dup(2).op(LT, ISZERO).jumpi("done");
        a.dup(1).op(CALLDATALOAD); //                             [acc, i, kind]
        a.dup(1).op(ISZERO).jumpi("read");
        a.dup(1).push(STORAGE_WRITE).op(EQ).jumpi("write");
        a.dup(1).push(STORAGE_ADD).op(EQ).jumpi("add");
        a.op(POP).jump("next");

        a.label("read").op(POP); //                               [acc, i]
        a.push(32).dup(2).op(ADD, CALLDATALOAD, SLOAD); //         [acc, i, v]
        a.dup(3).op(ADD).swap(2).op(POP).jump("next"); //          [acc + v, i]

        a.label("write").op(POP);
        a.push(64).dup(2).op(ADD, CALLDATALOAD); //               [acc, i, value]
        a.push(32).dup(3).op(ADD, CALLDATALOAD); //               [acc, i, value, slot]
        a.op(SSTORE).jump("next");

        a.label("add").op(POP);
        a.push(64).dup(2).op(ADD, CALLDATALOAD); //               [acc, i, value]
        a.push(32).dup(3).op(ADD, CALLDATALOAD); //               [acc, i, value, slot]
        a.dup(1).op(SLOAD).dup(3).op(ADD); //                     [acc, i, value, slot, old + value]
        a.swap(1).op(SSTORE, POP).jump("next");

        a.label("next").push(96).op(ADD).jump("loop");

        a.label("done").op(POP); //                               [acc]
        a.dup(1).op(CALLER, SSTORE);
        a.push(0).op(MSTORE);
        a.op(CALLER).push(32).push(0).log(1);
        a.op(STOP);
        return a.build();
    }

    static byte[] storageOp(int kind, U256 slot, U256 value) {
        return Bytes.concat(U256.of(kind).toBytes(), slot.toBytes(), value.toBytes());
    }

    // ---- token: an ERC-20 transfer ----

    /**
     * {@code transfer(to, amount)} on balances at keccak(pad32(holder) ‖ pad32(0)), as Solidity lays
     * out a mapping declared first. Reverts when the caller's balance is short; logs Transfer and
     * returns true otherwise. Any calldata is read as a transfer.
     */
    static byte[] token() {
        Asm a = new Asm();
        a.op(CALLER).push(0).op(MSTORE);
        a.push(0).push(32).op(MSTORE);
        a.push(64).push(0).op(KECCAK256); //                      [fromSlot]
        a.dup(1).op(SLOAD); //                                    [fromSlot, fromBal]
        a.push(36).op(CALLDATALOAD); //                           [fromSlot, fromBal, amount]
        a.dup(1).dup(3).op(LT).jumpi("insufficient"); //          fromBal < amount
        a.dup(1).dup(3).op(SUB).dup(4).op(SSTORE); //             balances[caller] = fromBal - amount
        a.push(4).op(CALLDATALOAD).push(ADDRESS_MASK).op(AND); // [fromSlot, fromBal, amount, to]
        a.dup(1).push(0).op(MSTORE);
        a.push(64).push(0).op(KECCAK256); //                      [.., amount, to, toSlot]
        a.dup(1).op(SLOAD).dup(4).op(ADD); //                     [.., amount, to, toSlot, toBal + amount]
        a.swap(1).op(SSTORE); //                                  [fromSlot, fromBal, amount, to]
        a.dup(2).push(0).op(MSTORE);
        a.dup(1).op(CALLER).push(TRANSFER_EVENT.toU256()).push(32).push(0).log(3);
        a.push(1).push(0).op(MSTORE).push(32).push(0).op(RETURN);
        a.label("insufficient").push(0).push(0).op(REVERT);
        return a.build();
    }

    static U256 tokenBalanceSlot(Address holder) {
        return U256.fromBytes(Keccak.hash(Bytes.concat(Bytes.leftPad(holder.bytes(), 32), new byte[32])));
    }

    static byte[] tokenTransfer(Address to, U256 amount) {
        byte[] selector = new byte[4];
        Bytes.putInt(selector, 0, (int) TRANSFER_SELECTOR);
        return Bytes.concat(selector, Bytes.leftPad(to.bytes(), 32), amount.toBytes());
    }

    // ---- nested caller: one hop of a CALL / DELEGATECALL / STATICCALL / CALLCODE chain ----

    static final int HOP_CALL = 0;
    static final int HOP_DELEGATECALL = 1;
    static final int HOP_STATICCALL = 2;
    static final int HOP_CALLCODE = 3;

    /**
     * With empty calldata, increments slot 0 and logs. Otherwise the first word is a hop: kind in
     * the top byte, a value in the next 11 bytes (CALL and CALLCODE), the target in the low 20; the
     * rest of the calldata is passed on. Afterwards slot 1 counts successful sub-calls and slot 2
     * holds the last return data size, so the outcome of the chain is in the state.
     */
    static byte[] nestedCaller() {
        Asm a = new Asm();
        a.op(CALLDATASIZE, ISZERO).jumpi("local");
        a.push(32).op(CALLDATASIZE, SUB); //                      [n]
        a.dup(1).push(32).push(0).op(CALLDATACOPY); //            memory[0..n] = calldata[32..]
        a.push(0).op(CALLDATALOAD); //                            [n, hop]
        a.dup(1).push(248).op(SHR); //                            [n, hop, kind]
        a.dup(1).op(ISZERO).jumpi("call");
        a.dup(1).push(HOP_DELEGATECALL).op(EQ).jumpi("delegate");
        a.dup(1).push(HOP_STATICCALL).op(EQ).jumpi("static");
        a.op(POP);
        valueCall(a, CALLCODE);
        a.label("call").op(POP);
        valueCall(a, CALL);
        a.label("delegate").op(POP);
        plainCall(a, DELEGATECALL);
        a.label("static").op(POP);
        plainCall(a, STATICCALL);

        a.label("record"); //                                     [n, hop, success]
        a.push(1).op(SLOAD, ADD).push(1).op(SSTORE);
        a.op(RETURNDATASIZE).push(2).op(SSTORE);
        a.op(STOP);

        a.label("local");
        a.push(0).op(SLOAD).push(1).op(ADD).push(0).op(SSTORE);
        a.push(0).push(0).log(0);
        a.op(STOP);
        return a.build();
    }

    /** [n, hop] → CALL/CALLCODE(gas, target, value, 0, n, 0, 0), then to "record". */
    private static void valueCall(Asm a, int opcode) {
        a.push(0).push(0).dup(4).push(0); //                      [n, hop, 0, 0, n, 0]
        a.dup(5).push(160).op(SHR).push(HOP_VALUE_MASK).op(AND); // value
        a.dup(6).push(ADDRESS_MASK).op(AND); //                   target
        a.op(GAS, opcode).jump("record");
    }

    /** [n, hop] → DELEGATECALL/STATICCALL(gas, target, 0, n, 0, 0), then to "record". */
    private static void plainCall(Asm a, int opcode) {
        a.push(0).push(0).dup(4).push(0); //                      [n, hop, 0, 0, n, 0]
        a.dup(5).push(ADDRESS_MASK).op(AND);
        a.op(GAS, opcode).jump("record");
    }

    static byte[] hop(int kind, long value, Address target) {
        return U256.of(kind).shl(248).or(U256.of(value).shl(160)).or(target.toU256()).toBytes();
    }

    // ---- creator: CREATE or CREATE2 of init code from calldata ----

    static final int CREATOR_CREATE2 = 1;
    static final int CREATOR_CALL_CHILD = 2;

    /**
     * Calldata (flags, salt, value, initCode...): CREATE, or CREATE2 with salt when flags bit 0 is
     * set, endowing value. Stores the new address (zero on failure) at slot 0 and logs it; with
     * flags bit 1 then calls the child with empty calldata, which makes a {@link #child} destroy
     * itself in the transaction that created it.
     */
    static byte[] creator() {
        Asm a = new Asm();
        a.push(96).op(CALLDATASIZE, SUB); //                      [len]
        a.dup(1).push(96).push(0).op(CALLDATACOPY);
        a.push(0).op(CALLDATALOAD).push(CREATOR_CREATE2).op(AND).jumpi("create2");
        a.dup(1).push(0).push(64).op(CALLDATALOAD, CREATE).jump("created");
        a.label("create2");
        a.push(32).op(CALLDATALOAD).dup(2).push(0).push(64).op(CALLDATALOAD, CREATE2);
        a.label("created"); //                                    [len, child]
        a.dup(1).push(0).op(SSTORE);
        a.dup(1).push(0).push(0).log(1);
        a.push(0).op(CALLDATALOAD).push(CREATOR_CALL_CHILD).op(AND, ISZERO).jumpi("end");
        a.push(0).push(0).push(0).push(0).push(0).dup(6).op(GAS, CALL, POP);
        a.label("end").op(STOP);
        return a.build();
    }

    static byte[] creatorCall(int flags, long salt, long value, byte[] initCode) {
        return Bytes.concat(U256.of(flags).toBytes(), U256.of(salt).toBytes(), U256.of(value).toBytes(), initCode);
    }

    // ---- children: what creations deploy ----

    /**
     * The runtime code of created contracts: with empty calldata SELFDESTRUCT to the caller,
     * otherwise SSTORE(word 0, word 1).
     */
    static byte[] child() {
        Asm a = new Asm();
        a.op(CALLDATASIZE, ISZERO).jumpi("destroy");
        a.push(32).op(CALLDATALOAD).push(0).op(CALLDATALOAD, SSTORE, STOP);
        a.label("destroy").op(CALLER, SELFDESTRUCT);
        return a.build();
    }

    /** What a constructor does. */
    enum InitKind {
        /**
         * Stores 42 at slot 0 and SELFBALANCE (the endowment plus whatever was sent to the address
         * before) at slot 1, deploys {@link #child}.
         */
        STORE_AND_DEPLOY,
        /** Deploys {@link #child} without writing storage. */
        DEPLOY,
        /** Writes a slot and deploys no code (an account with storage, a nonce and no code). */
        STORE_EMPTY_CODE,
        /** Writes a slot, then SELFDESTRUCTs to the creator: created and destroyed in one tx. */
        DESTROY_IN_CONSTRUCTOR,
        /** Writes a slot, then REVERTs. */
        REVERT,
        /** Writes a slot, then loops until out of gas. */
        OUT_OF_GAS,
        /** Returns code starting with 0xEF (EIP-3541): the creation fails. */
        INVALID_CODE
    }

    static byte[] initCode(InitKind kind) {
        return switch (kind) {
            case STORE_AND_DEPLOY -> deployer(new Asm().push(42).push(0).op(SSTORE).op(SELFBALANCE).push(1).op(SSTORE),
                    child());
            case DEPLOY -> deployer(new Asm(), child());
            case STORE_EMPTY_CODE -> new Asm().push(7).push(0).op(SSTORE).push(0).push(0).op(RETURN).build();
            case DESTROY_IN_CONSTRUCTOR -> new Asm().push(1).push(0).op(SSTORE).op(CALLER, SELFDESTRUCT).build();
            case REVERT -> new Asm().push(1).push(0).op(SSTORE).push(0).push(0).op(REVERT).build();
            case OUT_OF_GAS -> new Asm().push(1).push(0).op(SSTORE).label("spin").jump("spin").build();
            case INVALID_CODE -> new Asm().push(0xef).push(0).op(MSTORE8).push(1).push(0).op(RETURN).build();
        };
    }

    /** Init code that deploys {@code runtime} as it is. */
    static byte[] deploying(byte[] runtime) {
        return deployer(new Asm(), runtime);
    }

    /** {@code constructor} followed by code that copies {@code runtime} (appended) and returns it. */
    private static byte[] deployer(Asm constructor, byte[] runtime) {
        byte[] head = constructor.build();
        // PUSH1 len, PUSH1 offset, PUSH0, CODECOPY, PUSH1 len, PUSH0, RETURN: 10 bytes.
        int offset = head.length + 10;
        if (runtime.length > 0xff || offset > 0xff) {
            throw new IllegalStateException("runtime or constructor too long for PUSH1");
        }
        byte[] copier = new Asm().pushBytes(new byte[] {(byte) runtime.length}).pushBytes(new byte[] {(byte) offset})
                .push(0).op(CODECOPY).pushBytes(new byte[] {(byte) runtime.length}).push(0).op(RETURN).build();
        if (copier.length != 10) {
            throw new IllegalStateException("copier is " + copier.length + " bytes");
        }
        return Bytes.concat(head, copier, runtime);
    }

    // ---- reverter, gas burner, self-destructor ----

    /** Adds one to the slot in word 0, logs, then REVERTs with the slot's new value. */
    static byte[] reverter() {
        Asm a = new Asm();
        a.push(0).op(CALLDATALOAD); //                            [slot]
        a.dup(1).op(SLOAD).push(1).op(ADD); //                    [slot, v + 1]
        a.dup(1).dup(3).op(SSTORE); //                            [slot, v + 1]
        a.push(0).op(MSTORE).push(32).push(0).log(0);
        a.push(32).push(0).op(REVERT);
        return a.build();
    }

    /** Writes slot 0, then loops until out of gas; with non-empty calldata hits INVALID instead. */
    static byte[] gasBurner() {
        Asm a = new Asm();
        a.op(GAS).push(0).op(SSTORE);
        a.op(CALLDATASIZE).jumpi("invalid");
        a.label("spin").jump("spin");
        a.label("invalid").op(INVALID);
        return a.build();
    }

    /** SELFDESTRUCT to the address in word 0, or to the caller when there is no calldata. */
    static byte[] selfDestructor() {
        Asm a = new Asm();
        a.op(CALLDATASIZE, ISZERO).jumpi("toCaller");
        a.push(0).op(CALLDATALOAD, SELFDESTRUCT);
        a.label("toCaller").op(CALLER, SELFDESTRUCT);
        return a.build();
    }

    static byte[] word(Address address) {
        return Bytes.leftPad(address.bytes(), 32);
    }

    // ---- reader: balances and code hashes of others, mid-block ----

    /**
     * Folds BALANCE(COINBASE) + SELFBALANCE and, for each address word of calldata, BALANCE,
     * EXTCODEHASH and EXTCODESIZE into an accumulator; stores it at slot CALLER and logs it. Reading
     * the coinbase and transfer recipients makes the parallel engine resolve their pending credits.
     */
    static byte[] reader() {
        Asm a = new Asm();
        a.op(COINBASE, BALANCE, SELFBALANCE, ADD); //             [acc]
        a.push(0); //                                             [acc, i]
        a.label("loop");
        a.op(CALLDATASIZE).dup(2).op(LT, ISZERO).jumpi("done");
        a.dup(1).op(CALLDATALOAD); //                             [acc, i, addr]
        a.dup(1).op(BALANCE); //                                  [acc, i, addr, balance]
        a.dup(4).push(31).op(MUL, ADD); //                        [acc, i, addr, acc * 31 + balance]
        a.dup(2).op(EXTCODEHASH, XOR); //                         [acc, i, addr, x]
        a.swap(1).op(EXTCODESIZE, ADD); //                        [acc, i, x']
        a.swap(2).op(POP); //                                     [x', i]
        a.push(32).op(ADD).jump("loop");
        a.label("done").op(POP); //                               [acc]
        a.dup(1).op(CALLER, SSTORE);
        a.push(0).op(MSTORE).push(32).push(0).log(0);
        a.op(STOP);
        return a.build();
    }

    static byte[] addressWords(Iterable<Address> addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Address a : addresses) {
            out.writeBytes(word(a));
        }
        return out.toByteArray();
    }
}
