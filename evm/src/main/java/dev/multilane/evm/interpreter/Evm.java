package dev.multilane.evm.interpreter;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Code;
import dev.multilane.evm.Fork;
import dev.multilane.evm.journal.JournaledAccount;
import dev.multilane.evm.journal.Journal;
import dev.multilane.evm.precompile.Precompile;
import dev.multilane.evm.precompile.Precompiles;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import java.util.List;

/**
 * Executes message calls and contract creations for one transaction: sets up frames, moves value,
 * dispatches to precompiles, and runs the interpreter, recursing for nested calls. Not
 * thread-safe; one instance per transaction.
 */
public final class Evm {
    public static final int MAX_DEPTH = 1024;
    /** EIP-170. */
    public static final int MAX_CODE_SIZE = 24_576;
    /** EIP-3860. */
    public static final int MAX_INIT_CODE_SIZE = 2 * MAX_CODE_SIZE;
    static final long CODE_DEPOSIT_PER_BYTE = 200;

    final Fork fork;
    final BlockEnv block;
    final long chainId;
    final Journal journal;
    final Address origin;
    final U256 gasPrice;
    final List<Hash> blobHashes;
    final U256 blobBaseFee;
    final OpcodeTable table;
    final Interpreter interpreter;

    /** This thread's stacks, memories and scratch, lent to the frames of this transaction. */
    final Workspace workspace = Workspace.current();

    public Evm(Fork fork, BlockEnv block, long chainId, Journal journal, Address origin, U256 gasPrice,
            List<Hash> blobHashes, U256 blobBaseFee) {
        this.fork = fork;
        this.block = block;
        this.chainId = chainId;
        this.journal = journal;
        this.origin = origin;
        this.gasPrice = gasPrice;
        this.blobHashes = blobHashes;
        this.blobBaseFee = blobBaseFee;
        this.table = OpcodeTable.of(fork);
        this.interpreter = new Interpreter(this);
    }

    public Journal journal() {
        return journal;
    }

    private Frame frame(Code code, Address address, Address caller, U256 value, byte[] input, boolean isStatic,
            int depth, long gas) {
        return new Frame(code, address, caller, value, input, isStatic, depth, gas, workspace.stack(depth),
                workspace.memory(depth));
    }

    /** The kinds of message call. */
    public enum CallKind { CALL, CALLCODE, DELEGATECALL, STATICCALL }

    /**
     * A message call.
     *
     * @param target the account whose storage and balance the callee acts on
     * @param codeAddress the account whose code runs (differs from target for CALLCODE/DELEGATECALL)
     * @param value the value moved (CALL) or seen as CALLVALUE (DELEGATECALL passes the parent's)
     */
    public CallResult call(CallKind kind, Address caller, Address target, Address codeAddress, U256 value,
            byte[] input, long gas, boolean isStatic, int depth) {
        if (depth > MAX_DEPTH) {
            return new CallResult(Status.CALL_NOT_STARTED, gas, Bytes.EMPTY, null);
        }
        boolean transfersValue = kind == CallKind.CALL || kind == CallKind.CALLCODE;
        if (transfersValue && !value.isZero()
                && journal.account(caller).balance().compareTo(value) < 0) {
            return new CallResult(Status.CALL_NOT_STARTED, gas, Bytes.EMPTY, null);
        }
        Journal.Checkpoint cp = journal.checkpoint();
        Precompile precompile = Precompiles.get(codeAddress, fork);
        if (kind == CallKind.CALL) {
            JournaledAccount to = journal.account(target);
            if (!to.exists() && precompile == null && value.isZero()) {
                // Nothing to run and nothing to move: geth returns without creating the account.
                return new CallResult(Status.SUCCESS, gas, Bytes.EMPTY, null);
            }
            journal.transfer(journal.account(caller), to, value);
        } else if (kind == CallKind.STATICCALL) {
            // A zero-value touch, as geth does, so EIP-161 sees the callee touched.
            journal.touch(journal.account(target));
        }

        CallResult result;
        if (precompile != null) {
            result = runPrecompile(precompile, input, gas);
        } else {
            Code code = journal.code(codeAddress);
            if (code.size() == 0) {
                result = new CallResult(Status.SUCCESS, gas, Bytes.EMPTY, null);
            } else {
                Frame frame = frame(code, target, caller, value, input, isStatic, depth, gas);
                Status status = interpreter.run(frame);
                result = frameResult(status, frame, null);
            }
        }
        if (!result.status().isSuccess()) {
            journal.revertTo(cp);
        }
        return result;
    }

    private CallResult runPrecompile(Precompile p, byte[] input, long gas) {
        long cost = p.gas(input, fork);
        if (cost > gas) {
            return new CallResult(Status.OUT_OF_GAS, 0, Bytes.EMPTY, null);
        }
        byte[] out = p.run(input, fork);
        if (out == null) {
            return new CallResult(Status.PRECOMPILE_FAILURE, 0, Bytes.EMPTY, null);
        }
        return new CallResult(Status.SUCCESS, gas - cost, out, null);
    }

    private static CallResult frameResult(Status status, Frame frame, Address created) {
        return switch (status) {
            case SUCCESS -> new CallResult(status, frame.gas, frame.output, created);
            case REVERT -> new CallResult(status, frame.gas, frame.output, null);
            default -> new CallResult(status, 0, Bytes.EMPTY, null);
        };
    }

    /** CREATE's address: keccak(rlp([sender, nonce]))[12:]. */
    public static Address createAddress(Address sender, long nonce) {
        byte[] rlp = Rlp.encodeList(Rlp.encodeBytes(sender.bytes()), Rlp.encodeLong(nonce));
        return Address.fromHashTail(Keccak.hash(rlp));
    }

    /** CREATE2's address (EIP-1014): keccak(0xff ‖ sender ‖ salt ‖ keccak(initCode))[12:]. */
    public static Address create2Address(Address sender, U256 salt, byte[] initCode) {
        byte[] buf = new byte[1 + 20 + 32 + 32];
        buf[0] = (byte) 0xff;
        System.arraycopy(sender.bytes(), 0, buf, 1, 20);
        System.arraycopy(salt.toBytes(), 0, buf, 21, 32);
        System.arraycopy(Keccak.hash(initCode), 0, buf, 53, 32);
        return Address.fromHashTail(Keccak.hash(buf));
    }

    /**
     * CREATE/CREATE2 from a running frame: checks depth, balance and the creator's nonce, bumps
     * the nonce, then runs the init code at {@code target} (computed by the caller: for CREATE it
     * depends on the nonce before the bump).
     */
    CallResult createFromFrame(Address creator, U256 value, byte[] initCode, long gas, int depth,
            boolean isCreate2, U256 salt) {
        JournaledAccount from = journal.account(creator);
        if (depth > MAX_DEPTH || from.balance().compareTo(value) < 0) {
            return new CallResult(Status.CALL_NOT_STARTED, gas, Bytes.EMPTY, null);
        }
        long nonce = from.nonce();
        if (nonce == -1L) { // EIP-2681: the nonce cannot pass 2^64-1
            return new CallResult(Status.CALL_NOT_STARTED, gas, Bytes.EMPTY, null);
        }
        journal.setNonce(from, nonce + 1);
        Address target = isCreate2 ? create2Address(creator, salt, initCode) : createAddress(creator, nonce);
        journal.warmAddress(target);
        return create(creator, target, value, initCode, gas, depth);
    }

    /**
     * Runs {@code initCode} to deploy a contract at {@code target}. The creator's nonce has been
     * bumped and {@code target} warmed by the caller (transaction or CREATE opcode).
     */
    public CallResult create(Address creator, Address target, U256 value, byte[] initCode, long gas, int depth) {
        JournaledAccount account = journal.account(target);
        // EIP-684 and EIP-7610: an address with a nonce, code or storage cannot be deployed to.
        if (account.nonce() != 0 || !account.codeHash().equals(Keccak.EMPTY)
                || journal.hasPreexistingStorage(account)) {
            return new CallResult(Status.CREATE_COLLISION, 0, Bytes.EMPTY, null);
        }
        Journal.Checkpoint cp = journal.checkpoint();
        journal.createAccount(account);
        journal.setNonce(account, 1); // EIP-161: new contracts start at nonce 1
        journal.transfer(journal.account(creator), account, value);

        Frame frame = frame(Code.of(initCode), target, creator, value, Bytes.EMPTY, false, depth, gas);
        Status status = interpreter.run(frame);
        if (status == Status.SUCCESS) {
            status = deposit(account, frame);
        }
        CallResult result = frameResult(status, frame, target);
        if (!status.isSuccess()) {
            journal.revertTo(cp);
        }
        return result;
    }

    private Status deposit(JournaledAccount account, Frame frame) {
        byte[] code = frame.output;
        if (code.length > MAX_CODE_SIZE) {
            return Status.INVALID_CODE;
        }
        if (code.length > 0 && code[0] == (byte) 0xef && fork.isEnabled(Fork.LONDON)) {
            return Status.INVALID_CODE; // EIP-3541
        }
        if (!frame.charge(CODE_DEPOSIT_PER_BYTE * code.length)) {
            return Status.OUT_OF_GAS;
        }
        journal.setCode(account, Code.of(code));
        frame.output = Bytes.EMPTY;
        return Status.SUCCESS;
    }
}
