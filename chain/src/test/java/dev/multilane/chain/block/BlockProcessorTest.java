package dev.multilane.chain.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.Fork;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import dev.multilane.state.trie.TrieRoots;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockProcessorTest {
    private static final byte[] KEY = Hex.decode("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
    private static final Address SENDER = Secp256k1Signatures.addressOfPrivateKey(KEY);
    private static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000aa");
    private static final U256 ETHER = U256.of(1_000_000_000_000_000_000L);
    private static final U256 PRICE = U256.of(10);
    /** The deployed EIP-4788 contract, as the EIP gives it. */
    private static final byte[] BEACON_ROOTS_CODE = Hex.decode("0x3373fffffffffffffffffffffffffffffffffffffffe"
            + "14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205f"
            + "f35b5f5ffd5b62001fff42064281555f359062001fff015500");

    private final InMemoryWorldState state = new InMemoryWorldState();

    private static Transaction transfer(long nonce, long gasLimit) {
        return UnsignedTransaction.legacy(1L, nonce, PRICE, gasLimit, TO, U256.ONE, new byte[0]).sign(KEY);
    }

    private BlockOutcome process(Fork fork, Block block, List<Address> senders) {
        return BlockProcessor.sequential(TestBlocks.config(fork), true)
                .process(block, new InMemoryWorldStateAdapter(state), null, senders);
    }

    private static BlockResult processed(BlockOutcome outcome) {
        return assertInstanceOf(BlockOutcome.Processed.class, outcome, outcome::toString).result();
    }

    private static BlockError invalid(BlockOutcome outcome) {
        return assertInstanceOf(BlockOutcome.Invalid.class, outcome, outcome::toString).error();
    }

    private U256 balance(Address a) {
        return state.account(a) == null ? null : state.account(a).balance();
    }

    @Test
    void transferGivesReceiptRootBloomAndPreMergeReward() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block block = TestBlocks.block(Fork.LONDON, 30_000_000, List.of(transfer(0, 21_000)), null);
        BlockResult r = processed(process(Fork.LONDON, block, null));

        assertEquals(21_000, r.gasUsed());
        Receipt receipt = r.receipts().getFirst();
        assertTrue(receipt.success());
        assertEquals(21_000, receipt.cumulativeGasUsed());
        assertEquals(TrieRoots.ordered(List.of(receipt.encode())), r.receiptsRoot());
        assertArrayEquals(new byte[256], r.logsBloom().toBytes());
        assertEquals(U256.ONE, balance(TO));
        // EIP-1234 2 ETH plus the tip above the base fee; the state root covers the change.
        U256 tip = PRICE.sub(TestBlocks.BASE_FEE).mul(U256.of(21_000));
        assertEquals(BlockRewards.BLOCK_REWARD.add(tip), balance(TestBlocks.COINBASE));
        assertEquals(state.stateRoot(), r.stateRoot());
    }

    @Test
    void noRewardFromParis() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block block = TestBlocks.block(Fork.PARIS, 30_000_000, List.of(transfer(0, 21_000)), null);
        processed(process(Fork.PARIS, block, List.of(SENDER)));
        assertEquals(PRICE.sub(TestBlocks.BASE_FEE).mul(U256.of(21_000)), balance(TestBlocks.COINBASE));
    }

    @Test
    void anInvalidTransactionInvalidatesTheBlock() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block block = TestBlocks.block(Fork.LONDON, 30_000_000, List.of(transfer(0, 21_000), transfer(5, 21_000)), null);
        BlockError e = invalid(process(Fork.LONDON, block, null));
        assertEquals(BlockError.Kind.INVALID_TRANSACTION, e.kind());
        assertEquals(1, e.txIndex());
        assertTrue(e.detail().startsWith("NONCE_TOO_HIGH"), e.detail());
    }

    @Test
    void theGasPoolLimitsTheSumOfGasLimits() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block block = TestBlocks.block(Fork.LONDON, 50_000, List.of(transfer(0, 21_000), transfer(1, 30_000)), null);
        BlockError e = invalid(process(Fork.LONDON, block, null));
        assertEquals(BlockError.Kind.BLOCK_GAS_EXCEEDED, e.kind());
        assertEquals(1, e.txIndex());
    }

    @Test
    void sendersAreCheckedAgainstTheChainId() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Transaction other = UnsignedTransaction.legacy(5L, 0, PRICE, 21_000, TO, U256.ONE, new byte[0]).sign(KEY);
        BlockError e = invalid(process(Fork.LONDON, TestBlocks.block(Fork.LONDON, 30_000_000, List.of(other), null), null));
        assertEquals(BlockError.Kind.WRONG_CHAIN_ID, e.kind());
        BlockError count = invalid(process(Fork.LONDON,
                TestBlocks.block(Fork.LONDON, 30_000_000, List.of(transfer(0, 21_000)), null), List.of()));
        assertEquals(BlockError.Kind.SENDER_COUNT, count.kind());
    }

    @Test
    void beaconRootsSystemCallRunsTheContractBeforeTheTransactions() {
        state.putAccount(BeaconRootsCall.BEACON_ROOTS_ADDRESS, 0, U256.ZERO, BEACON_ROOTS_CODE, null);
        state.putAccount(SENDER, 0, ETHER, null, null);
        assertEquals("0xf57acd40259872606d76197ef052f3d35588dadf919ee1f0e3cb9b62d3f4b02c",
                state.account(BeaconRootsCall.BEACON_ROOTS_ADDRESS).codeHash().toString());
        long timestamp = 1_000;
        // A transaction in the same block asks the contract for this block's root ("get").
        Transaction get = UnsignedTransaction.legacy(1L, 0, PRICE, 100_000, BeaconRootsCall.BEACON_ROOTS_ADDRESS,
                U256.ZERO, U256.of(timestamp).toBytes()).sign(KEY);
        BlockResult r = processed(process(Fork.CANCUN, TestBlocks.block(Fork.CANCUN, 30_000_000, List.of(get), null),
                null));

        long slot = timestamp % BeaconRootsCall.HISTORY_BUFFER_LENGTH;
        Address contract = BeaconRootsCall.BEACON_ROOTS_ADDRESS;
        assertEquals(U256.of(timestamp), state.storage(contract, U256.of(slot)));
        assertEquals(TestBlocks.BEACON_ROOT.toU256(),
                state.storage(contract, U256.of(slot + BeaconRootsCall.HISTORY_BUFFER_LENGTH)));
        assertTrue(r.transactions().getFirst().success());
        assertArrayEquals(TestBlocks.BEACON_ROOT.toArray(), r.transactions().getFirst().output());
        assertNull(state.account(BeaconRootsCall.SYSTEM_ADDRESS), "the system address must not be created");
        assertEquals(0, state.account(contract).nonce(), "a system call bumps no nonce");
    }

    @Test
    void beaconRootsCallDoesNothingWithoutTheContract() {
        processed(process(Fork.CANCUN, TestBlocks.block(Fork.CANCUN, 30_000_000, List.of(), null), null));
        assertEquals(java.util.Set.of(), state.addresses());
        assertEquals(Keccak.EMPTY_TRIE_ROOT, state.stateRoot());
    }

    @Test
    void withdrawalsCreditGweiAndFollowTouchRules() {
        Address existing = Address.fromHex("0x0000000000000000000000000000000000000b01");
        Address missing = Address.fromHex("0x0000000000000000000000000000000000000b02");
        Address zeroToMissing = Address.fromHex("0x0000000000000000000000000000000000000b03");
        Address zeroToEmpty = Address.fromHex("0x0000000000000000000000000000000000000b04");
        state.putAccount(existing, 3, U256.of(5), null, null);
        state.putAccount(zeroToEmpty, 0, U256.ZERO, null, null);
        List<Withdrawal> ws = List.of(new Withdrawal(0, 1, existing, 2), new Withdrawal(1, 2, missing, 7),
                new Withdrawal(2, 3, zeroToMissing, 0), new Withdrawal(3, 4, zeroToEmpty, 0),
                new Withdrawal(4, 5, missing, 1));
        BlockResult r = processed(process(Fork.SHANGHAI, TestBlocks.block(Fork.SHANGHAI, 30_000_000, List.of(), ws),
                null));
        assertEquals(U256.of(2_000_000_005L), balance(existing));
        assertEquals(3, state.account(existing).nonce());
        assertEquals(U256.of(8_000_000_000L), balance(missing));
        assertNull(state.account(zeroToMissing), "a zero withdrawal creates no account");
        assertNull(state.account(zeroToEmpty), "a touched empty account is removed (EIP-161)");
        assertEquals(0, r.gasUsed(), "withdrawals use no gas");
        assertEquals(Keccak.EMPTY_TRIE_ROOT, r.receiptsRoot());
    }

    @Test
    void forkRulesOnTheBlockShape() {
        Block noWithdrawals = new Block(TestBlocks.header(Fork.SHANGHAI, 1, 1, 30_000_000), List.of(), List.of(), null);
        assertEquals(BlockError.Kind.INVALID_BODY, invalid(process(Fork.SHANGHAI, noWithdrawals, null)).kind());
        Block early = new Block(TestBlocks.header(Fork.PARIS, 1, 1, 30_000_000), List.of(), List.of(), List.of());
        assertEquals(BlockError.Kind.INVALID_BODY, invalid(process(Fork.PARIS, early, null)).kind());
        Block shanghaiHeader = TestBlocks.block(Fork.SHANGHAI, 30_000_000, List.of(), null);
        assertEquals(BlockError.Kind.MISSING_HEADER_FIELD, invalid(process(Fork.CANCUN, shanghaiHeader, null)).kind());
        BlockOutcome preBerlin = BlockProcessor.sequential(ChainConfig.MAINNET, false)
                .process(TestBlocks.block(Fork.BERLIN, 30_000_000, List.of(), null),
                        new InMemoryWorldStateAdapter(state), null, null);
        assertEquals(BlockError.Kind.UNSUPPORTED_FORK, invalid(preBerlin).kind());
    }

    @Test
    void validationReportsEachMismatchedField() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block block = TestBlocks.block(Fork.PARIS, 30_000_000, List.of(transfer(0, 21_000)), null);
        BlockResult r = processed(process(Fork.PARIS, block, null));
        // The synthetic header commits to gasUsed 0, the empty receipts root and an empty bloom.
        BlockValidation v = BlockValidation.of(block.header(), r, true);
        assertFalse(v.passed());
        assertEquals(BlockValidation.Check.MISMATCH, v.gasUsed());
        assertEquals(BlockValidation.Check.MISMATCH, v.receiptsRoot());
        assertEquals(BlockValidation.Check.OK, v.logsBloom());
        assertEquals(BlockValidation.Check.MISMATCH, v.stateRoot());
        assertEquals("gasUsed=MISMATCH receiptsRoot=MISMATCH logsBloom=ok stateRoot=MISMATCH", v.summary());
        assertEquals(3, v.mismatches().size(), v.mismatches()::toString);
        assertEquals(BlockValidation.Check.SKIPPED, BlockValidation.of(block.header(), r, false).stateRoot());
    }

    private BlockBuilder begin(Fork fork, Block shape) {
        BlockProcessor processor = BlockProcessor.sequential(TestBlocks.config(fork), true);
        return assertInstanceOf(BlockBuilder.Begun.Ready.class,
                processor.begin(shape, new InMemoryWorldStateAdapter(state), null)).builder();
    }

    @Test
    void builderTellsWhetherTheTimestampWasObserved() {
        Address clock = Address.fromHex("0x00000000000000000000000000000000000000cc");
        state.putAccount(clock, 0, U256.ZERO, Hex.decode("0x425000"), null); // TIMESTAMP POP STOP
        state.putAccount(SENDER, 0, ETHER, null, null);
        Block shape = TestBlocks.block(Fork.CANCUN, 30_000_000, List.of(), null);
        BlockBuilder builder = begin(Fork.CANCUN, shape);
        // No beacon roots contract: the system call runs no code.
        assertNull(builder.append(List.of(transfer(0, 21_000)), null));
        assertFalse(builder.timestampObserved());
        Transaction readsClock = UnsignedTransaction.legacy(1L, 1, PRICE, 50_000, clock, U256.ZERO, new byte[0])
                .sign(KEY);
        assertNull(builder.append(List.of(readsClock), null));
        assertTrue(builder.timestampObserved());
        BlockResult r = builder.finish();
        assertEquals(2, r.receipts().size());
        assertEquals(21_000, r.receipts().getFirst().cumulativeGasUsed());
    }

    @Test
    void builderCountsTheBeaconRootsCallAsObservingTheTimestamp() {
        state.putAccount(BeaconRootsCall.BEACON_ROOTS_ADDRESS, 0, U256.ZERO, BEACON_ROOTS_CODE, null);
        state.putAccount(SENDER, 0, ETHER, null, null);
        BlockBuilder builder = begin(Fork.CANCUN, TestBlocks.block(Fork.CANCUN, 30_000_000, List.of(), null));
        assertTrue(builder.timestampObserved());
    }

    @Test
    void builderCarriesTheGasPoolAcrossPartsAndShiftsErrorIndices() {
        state.putAccount(SENDER, 0, ETHER, null, null);
        BlockBuilder builder = begin(Fork.LONDON, TestBlocks.block(Fork.LONDON, 50_000, List.of(), null));
        assertNull(builder.append(List.of(transfer(0, 21_000)), null));
        assertNull(builder.append(List.of(transfer(1, 21_000)), null));
        // 8,000 gas left: the third transfer's 21,000 does not fit, and it is the block's tx 2.
        BlockError error = builder.append(List.of(transfer(2, 21_000)), null);
        assertEquals(BlockError.Kind.BLOCK_GAS_EXCEEDED, error.kind());
        assertEquals(2, error.txIndex());
        assertThrows(IllegalStateException.class, builder::finish);
    }
}
