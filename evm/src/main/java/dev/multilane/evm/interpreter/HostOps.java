package dev.multilane.evm.interpreter;

import static dev.multilane.evm.Opcodes.*;

import dev.multilane.evm.Fork;
import dev.multilane.evm.Log;
import dev.multilane.evm.journal.Journal;
import dev.multilane.evm.journal.JournaledAccount;
import dev.multilane.evm.journal.StorageSlot;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import dev.multilane.primitives.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * Opcodes that reach outside the frame: storage, transient storage, logs, block hashes, calls,
 * creations and self-destruct. Methods that can halt return the halting status, or null to go on.
 */
final class HostOps {
    // EIP-2929
    static final long COLD_ACCOUNT_ACCESS = 2_600;
    static final long COLD_SLOAD = 2_100;
    static final long WARM_READ = 100;
    // EIP-2200 with EIP-2929 prices
    static final long SSTORE_SET = 20_000;
    static final long SSTORE_RESET = 5_000 - COLD_SLOAD;
    static final long SSTORE_SENTRY = 2_300;
    static final long CALL_VALUE = 9_000;
    static final long CALL_STIPEND = 2_300;
    static final long NEW_ACCOUNT = 25_000;
    static final long SELFDESTRUCT_REFUND_PRE_LONDON = 24_000;

    private final Evm evm;
    private final Journal journal;

    HostOps(Evm evm) {
        this.evm = evm;
        this.journal = evm.journal;
    }

    /** Warms the address; charges the cold surcharge above the static warm price. */
    private boolean accessAccount(Frame f, Address a) {
        return !journal.warmAddress(a) || f.charge(COLD_ACCOUNT_ACCESS - WARM_READ);
    }

    boolean balance(Frame f, int top) {
        Address a = f.address(top);
        if (!accessAccount(f, a)) {
            return false;
        }
        f.sp--;
        f.push(journal.account(a).balance());
        return true;
    }

    boolean extCodeSize(Frame f, int top) {
        Address a = f.address(top);
        if (!accessAccount(f, a)) {
            return false;
        }
        f.sp--;
        f.push(journal.code(a).size());
        return true;
    }

    boolean extCodeHash(Frame f, int top) {
        Address a = f.address(top);
        if (!accessAccount(f, a)) {
            return false;
        }
        JournaledAccount acc = journal.account(a);
        f.sp--;
        if (acc.isDead()) {
            f.push(0); // EIP-1052: zero for accounts that do not exist or are empty
        } else {
            f.pushBytes32(acc.codeHash().bytes());
        }
        return true;
    }

    boolean extCodeCopy(Frame f, int top) {
        Address a = f.address(top);
        long memOff = f.clampedLong(top - 4);
        long codeOff = f.clampedLong(top - 8);
        long len = f.clampedLong(top - 12);
        if (!f.charge(Interpreter.wordCost(3, len)) || !f.expandMemory(memOff, len) || !accessAccount(f, a)) {
            return false;
        }
        f.memory.copyIn(memOff, journal.code(a).bytes(), codeOff, len);
        f.sp -= 4;
        return true;
    }

    void blockHash(Frame f, int top) {
        long n = f.clampedLong(top);
        long current = evm.block.number();
        Hash h = null;
        if (n < current && n >= current - 256 && evm.block.blockHashes() != null) {
            h = evm.block.blockHashes().apply(n);
        }
        f.sp--;
        if (h == null) {
            f.push(0);
        } else {
            f.pushBytes32(h.bytes());
        }
    }

    boolean sload(Frame f, int top) {
        JournaledAccount acc = journal.account(f.address);
        long[] s = f.stack;
        StorageSlot slot = journal.slot(acc, s[top], s[top + 1], s[top + 2], s[top + 3]);
        if (journal.warmSlot(slot) && !f.charge(COLD_SLOAD - WARM_READ)) {
            return false;
        }
        U256 v = journal.storage(acc, slot);
        f.sp--;
        f.push(v);
        return true;
    }

    /** EIP-2200 metering with EIP-2929 prices and EIP-3529 refunds (London on). */
    Status sstore(Frame f, int top, int next) {
        if (f.isStatic) {
            return Status.STATIC_STATE_CHANGE;
        }
        if (f.gas <= SSTORE_SENTRY) {
            return Status.OUT_OF_GAS;
        }
        JournaledAccount acc = journal.account(f.address);
        long[] s = f.stack;
        StorageSlot slot = journal.slot(acc, s[top], s[top + 1], s[top + 2], s[top + 3]);
        U256 value = f.word(next);
        f.sp -= 2;
        long cost = 0;
        if (journal.warmSlot(slot)) {
            cost += COLD_SLOAD;
        }
        U256 current = journal.storage(acc, slot);
        long clearRefund = evm.fork.isEnabled(Fork.LONDON) ? 4_800 : 15_000;
        if (current.equals(value)) {
            cost += WARM_READ;
        } else {
            U256 original = journal.originalStorage(acc, slot);
            if (original.equals(current)) {
                if (original.isZero()) {
                    cost += SSTORE_SET;
                } else {
                    cost += SSTORE_RESET;
                    if (value.isZero()) {
                        journal.addRefund(clearRefund);
                    }
                }
            } else {
                cost += WARM_READ;
                if (!original.isZero()) {
                    if (current.isZero()) {
                        journal.addRefund(-clearRefund);
                    } else if (value.isZero()) {
                        journal.addRefund(clearRefund);
                    }
                }
                if (original.equals(value)) {
                    journal.addRefund(original.isZero() ? SSTORE_SET - WARM_READ : SSTORE_RESET - WARM_READ);
                }
            }
        }
        if (!f.charge(cost)) {
            return Status.OUT_OF_GAS;
        }
        journal.setStorage(slot, value);
        return null;
    }

    void tload(Frame f, int top) {
        U256 key = f.word(top);
        f.sp--;
        f.push(journal.transientStorage(f.address, key));
    }

    void tstore(Frame f, int top, int next) {
        journal.setTransientStorage(f.address, f.word(top), f.word(next));
        f.sp -= 2;
    }

    Status log(Frame f, int topics, int top) {
        if (f.isStatic) {
            return Status.STATIC_STATE_CHANGE;
        }
        long off = f.clampedLong(top);
        long len = f.clampedLong(top - 4);
        if (len > Frame.MAX_MEMORY || !f.charge(8 * len) || !f.expandMemory(off, len)) {
            return Status.OUT_OF_GAS;
        }
        List<Hash> t = new ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            byte[] topic = new byte[Hash.SIZE];
            Words.toBytes(f.stack, top - 8 - 4 * i, topic, 0);
            t.add(Hash.wrap(topic));
        }
        journal.addLog(new Log(f.address, t, f.memory.slice(off, len)));
        f.sp -= 2 + topics;
        return null;
    }

    Status call(Frame f, int op, int top) {
        boolean hasValue = op == CALL || op == CALLCODE;
        long requested = f.clampedLong(top);
        Address to = f.address(top - 4);
        U256 value = hasValue ? f.word(top - 8) : U256.ZERO;
        int args = hasValue ? top - 12 : top - 8;
        long inOff = f.clampedLong(args);
        long inLen = f.clampedLong(args - 4);
        long outOff = f.clampedLong(args - 8);
        long outLen = f.clampedLong(args - 12);
        f.sp -= hasValue ? 7 : 6;

        if (op == CALL && f.isStatic && !value.isZero()) {
            return Status.STATIC_STATE_CHANGE;
        }
        if (!f.expandMemory(inOff, inLen) || !f.expandMemory(outOff, outLen)) {
            return Status.OUT_OF_GAS;
        }
        if (!accessAccount(f, to)) {
            return Status.OUT_OF_GAS;
        }
        long extra = 0;
        if (!value.isZero()) {
            extra += CALL_VALUE;
            if (op == CALL && journal.account(to).isDead()) {
                extra += NEW_ACCOUNT;
            }
        }
        if (!f.charge(extra)) {
            return Status.OUT_OF_GAS;
        }
        // EIP-150: the callee gets at most all but one 64th of what is left.
        long callGas = Math.min(requested, f.gas - f.gas / 64);
        f.gas -= callGas;
        if (!value.isZero()) {
            callGas += CALL_STIPEND;
        }
        byte[] input = f.memory.slice(inOff, inLen);
        CallResult r = switch (op) {
            case CALL -> evm.call(Evm.CallKind.CALL, f.address, to, to, value, input, callGas, f.isStatic, f.depth + 1);
            case CALLCODE -> evm.call(Evm.CallKind.CALLCODE, f.address, f.address, to, value, input, callGas,
                    f.isStatic, f.depth + 1);
            case DELEGATECALL -> evm.call(Evm.CallKind.DELEGATECALL, f.caller, f.address, to, f.callValue, input,
                    callGas, f.isStatic, f.depth + 1);
            default -> evm.call(Evm.CallKind.STATICCALL, f.address, to, to, U256.ZERO, input, callGas, true,
                    f.depth + 1);
        };
        f.gas += r.gasLeft();
        f.returnData = r.output();
        long n = Math.min(outLen, r.output().length);
        if (n > 0) {
            System.arraycopy(r.output(), 0, f.memory.raw(), (int) outOff, (int) n);
        }
        f.push(r.status().isSuccess() ? 1 : 0);
        return null;
    }

    Status create(Frame f, boolean isCreate2, int top) {
        if (f.isStatic) {
            return Status.STATIC_STATE_CHANGE;
        }
        U256 value = f.word(top);
        long off = f.clampedLong(top - 4);
        long len = f.clampedLong(top - 8);
        U256 salt = isCreate2 ? f.word(top - 12) : null;
        f.sp -= isCreate2 ? 4 : 3;
        if (evm.fork.isEnabled(Fork.SHANGHAI)) {
            if (len > Evm.MAX_INIT_CODE_SIZE) {
                return Status.INIT_CODE_TOO_LARGE; // EIP-3860
            }
            if (!f.charge(Interpreter.wordCost(2, len))) {
                return Status.OUT_OF_GAS;
            }
        }
        if (isCreate2 && !f.charge(Interpreter.wordCost(6, len))) {
            return Status.OUT_OF_GAS;
        }
        if (!f.expandMemory(off, len)) {
            return Status.OUT_OF_GAS;
        }
        byte[] initCode = f.memory.slice(off, len);
        long callGas = f.gas - f.gas / 64;
        f.gas -= callGas;
        CallResult r = evm.createFromFrame(f.address, value, initCode, callGas, f.depth + 1, isCreate2, salt);
        f.gas += r.gasLeft();
        f.returnData = r.status() == Status.REVERT ? r.output() : Bytes.EMPTY;
        if (r.status().isSuccess()) {
            f.pushAddress(r.created());
        } else {
            f.push(0);
        }
        return null;
    }

    Status selfDestruct(Frame f, int top) {
        if (f.isStatic) {
            return Status.STATIC_STATE_CHANGE;
        }
        Address beneficiary = f.address(top);
        f.sp--;
        // EIP-2929: SELFDESTRUCT has no warm base price, so a cold beneficiary costs the full 2600.
        if (journal.warmAddress(beneficiary) && !f.charge(COLD_ACCOUNT_ACCESS)) {
            return Status.OUT_OF_GAS;
        }
        JournaledAccount self = journal.account(f.address);
        JournaledAccount to = journal.account(beneficiary);
        if (to.isDead() && !self.balance().isZero() && !f.charge(NEW_ACCOUNT)) {
            return Status.OUT_OF_GAS;
        }
        if (!evm.fork.isEnabled(Fork.LONDON) && !self.selfDestructed()) {
            journal.addRefund(SELFDESTRUCT_REFUND_PRE_LONDON);
        }
        U256 balance = self.balance();
        boolean destroys = !evm.fork.isEnabled(Fork.CANCUN) || self.createdInTx(); // EIP-6780
        journal.subBalance(self, balance);
        journal.addBalance(to, balance);
        if (destroys) {
            journal.markSelfDestructed(self);
            journal.setBalance(self, U256.ZERO); // a self-beneficiary's balance is burned
        }
        f.output = Bytes.EMPTY;
        return Status.SUCCESS;
    }
}
