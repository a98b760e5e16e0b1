package dev.multilane.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Log;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks of broken code are worthless: each workload must execute successfully and do what it
 * says, checked against an independent computation (Java's BigInteger and Keccak, the mapping
 * layout computed here, the state after applying the changes). No timing.
 */
class WorkloadsTest {
    private final TransactionProcessor processor = new TransactionProcessor();

    @Test
    void everyNamedWorkloadExecutesSuccessfullyAndRepeatably() {
        for (String name : Workloads.names()) {
            Workload w = Workloads.byName(name);
            assertEquals(name, w.name());
            TxResult.Executed first = executed(w);
            // The benchmark runs the same transaction against the same pre-state over and over.
            TxResult.Executed again = executed(w);
            assertEquals(first.gasUsed(), again.gasUsed(), name);
            assertArrayEquals(first.output(), again.output(), name);
            assertTrue(first.gasUsed() > 21_000, name + " used only " + first.gasUsed());
        }
    }

    @Test
    void erc20TransferMovesBalancesAndLogsEveryTransfer() {
        int n = Workloads.TRANSFERS_PER_TX;
        Workload w = Workloads.erc20Transfer(n);
        TxResult.Executed r = executed(w);

        assertEquals(n, r.logs().size());
        for (int i = 0; i < n; i++) {
            assertTransferLog(r.logs().get(i), Workloads.BATCH, Workloads.recipient(i), Workloads.AMOUNT);
        }
        InMemoryWorldState after = applied(w, r);
        U256 spent = Workloads.AMOUNT.mul(U256.of(n));
        assertEquals(Workloads.RICH_BALANCE.sub(spent), tokenBalance(after, Workloads.BATCH));
        for (int i = 0; i < n; i++) {
            assertEquals(Workloads.HOLDER_BALANCE.add(Workloads.AMOUNT), tokenBalance(after, Workloads.recipient(i)));
        }
        // The next recipient was not paid: the loop stops at n.
        assertEquals(U256.ZERO, tokenBalance(after, Workloads.recipient(n)));
        // Only the token's storage changed, in 1 + n slots.
        AccountChange token = change(r, Workloads.TOKEN);
        assertEquals(n + 1, token.storage().size());
    }

    @Test
    void erc20SingleTransferTxMovesBalanceReturnsTrueAndPaysFees() {
        Workload w = Workloads.erc20SingleTransferTx();
        TxResult.Executed r = executed(w);

        assertEquals(1, r.logs().size());
        assertTransferLog(r.logs().getFirst(), Workloads.SENDER, Workloads.recipient(0), Workloads.AMOUNT);
        assertEquals(U256.ONE, U256.fromBytes(r.output()));
        InMemoryWorldState after = applied(w, r);
        assertEquals(Workloads.RICH_BALANCE.sub(Workloads.AMOUNT), tokenBalance(after, Workloads.SENDER));
        assertEquals(Workloads.HOLDER_BALANCE.add(Workloads.AMOUNT), tokenBalance(after, Workloads.recipient(0)));
        // Fees: the sender paid gasUsed * (base fee + 1 gwei tip), the coinbase got the tip.
        U256 gwei = U256.of(1_000_000_000L);
        U256 paid = U256.of(r.gasUsed()).mul(gwei.add(gwei));
        U256 before = w.preState().account(Workloads.SENDER).balance();
        assertEquals(before.sub(paid), after.account(Workloads.SENDER).balance());
        assertEquals(1, after.account(Workloads.SENDER).nonce());
        assertEquals(U256.of(r.gasUsed()).mul(gwei), after.account(Workloads.COINBASE).balance());
    }

    @Test
    void tokenRevertsWhenBalanceIsShortAndAnswersBalanceOf() {
        Workload w = Workloads.erc20SingleTransferTx();
        // The recipient holds 1 unit and tries to send 7: revert, no log, no storage change.
        TxResult.Executed r = run(w, Workloads.recipient(0), Erc20.transferCall(Workloads.SENDER, Workloads.AMOUNT));
        assertFalse(r.success());
        assertTrue(r.logs().isEmpty());
        TxResult.Executed balance = run(w, Workloads.SENDER, Erc20.balanceOfCall(Workloads.recipient(0)));
        assertTrue(balance.success());
        assertEquals(Workloads.HOLDER_BALANCE, U256.fromBytes(balance.output()));
    }

    @Test
    void mappingSlotIsSolidityLayout() {
        // keccak256(abi.encode(address(0x...01), uint256(0))), computed independently of Erc20.
        Address holder = Address.ofNumber(1);
        byte[] preimage = new byte[64];
        preimage[31] = 1;
        assertEquals(U256.fromBytes(Keccak.hash(preimage)), Erc20.balanceSlot(holder));
    }

    @Test
    void computeArithmeticMatchesBigInteger() {
        int n = Workloads.ITERATIONS;
        TxResult.Executed r = executed(Workloads.computeArithmetic(n));
        BigInteger mod = BigInteger.ONE.shiftLeft(256);
        BigInteger acc = big(ComputeContracts.ARITH_SEED);
        for (int i = 0; i < n; i++) {
            acc = acc.multiply(big(ComputeContracts.ARITH_MUL)).add(big(ComputeContracts.ARITH_ADD)).mod(mod);
            acc = acc.xor(acc.divide(big(ComputeContracts.ARITH_DIV)));
            int e = acc.intValue() & 0xff;
            acc = acc.add(BigInteger.valueOf(3).modPow(BigInteger.valueOf(e), mod)).mod(mod);
            acc = acc.xor(acc.mod(big(ComputeContracts.ARITH_MOD)).shiftLeft(64).mod(mod));
        }
        assertEquals(U256.fromBigInteger(acc), U256.fromBytes(r.output()));
    }

    @Test
    void computeKeccakIsAHashChain() {
        int n = Workloads.ITERATIONS;
        TxResult.Executed r = executed(Workloads.computeKeccak(n));
        byte[] h = ComputeContracts.KECCAK_SEED.toBytes();
        for (int i = 0; i < n; i++) {
            h = Keccak.hash(Bytes.concat(h, U256.of(i).toBytes()));
        }
        assertArrayEquals(h, r.output());
    }

    @Test
    void memoryCopyReadsBackEveryStoredWordThroughTheCopy() {
        int n = Workloads.ITERATIONS;
        TxResult.Executed r = executed(Workloads.memoryCopy(n));
        assertEquals(U256.of((long) n * (n - 1) / 2), U256.fromBytes(r.output()));
    }

    @Test
    void loopsRunExactlyNTimes() {
        // Different counts give different results, so n really drives the loop.
        assertFalse(U256.fromBytes(executed(Workloads.computeArithmetic(1)).output())
                .equals(U256.fromBytes(executed(Workloads.computeArithmetic(2)).output())));
        assertEquals(U256.ZERO, U256.fromBytes(executed(Workloads.memoryCopy(1)).output()));
        assertEquals(U256.of(3), U256.fromBytes(executed(Workloads.memoryCopy(3)).output()));
        assertEquals(3, executed(Workloads.erc20Transfer(3)).logs().size());
    }

    private TxResult.Executed executed(Workload w) {
        TxResult.Executed r = assertInstanceOf(TxResult.Executed.class, w.execute(processor), w.name());
        assertTrue(r.success(), w.name() + " reverted or failed, output " + r.output().length + " bytes");
        return r;
    }

    /** The workload's transaction with another sender and calldata, against its pre-state. */
    private TxResult.Executed run(Workload w, Address sender, byte[] data) {
        InMemoryWorldState state = w.preState().copy();
        if (state.account(sender) == null) {
            state.putAccount(sender, 0, U256.parse("1000000000000000000"), null, null);
        }
        TxEnv t = w.tx();
        TxEnv tx = new TxEnv(t.type(), sender, t.to(), state.account(sender).nonce(), t.gasLimit(),
                t.value(), data, t.gasPrice(), t.maxFeePerGas(), t.maxPriorityFeePerGas(), t.accessList(),
                t.blobHashes(), t.maxFeePerBlobGas());
        return assertInstanceOf(TxResult.Executed.class, processor.execute(w.fork(), w.block(), tx, state));
    }

    private static InMemoryWorldState applied(Workload w, TxResult.Executed r) {
        InMemoryWorldState state = w.preState().copy();
        state.apply(r.changes());
        return state;
    }

    private static U256 tokenBalance(InMemoryWorldState state, Address holder) {
        return state.storage(Workloads.TOKEN, Erc20.balanceSlot(holder));
    }

    private static AccountChange change(TxResult.Executed r, Address address) {
        for (AccountChange c : r.changes()) {
            if (c.address().equals(address)) {
                return c;
            }
        }
        throw new AssertionError("no change for " + address);
    }

    private static void assertTransferLog(Log log, Address from, Address to, U256 amount) {
        assertEquals(Workloads.TOKEN, log.address());
        List<Hash> topics = log.topics();
        assertEquals(3, topics.size());
        assertEquals(Keccak.of("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII)), topics.get(0));
        assertEquals(from, topics.get(1).toU256().toAddress());
        assertEquals(to, topics.get(2).toU256().toAddress());
        assertNotNull(log.data());
        assertEquals(amount, U256.fromBytes(log.data()));
    }

    private static BigInteger big(U256 v) {
        return v.toBigInteger();
    }
}
