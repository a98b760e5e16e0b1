/**
 * Blocks and how they are executed.
 *
 * <p>The model: {@link dev.multilane.chain.block.BlockHeader} (with its RLP and hash), {@link
 * dev.multilane.chain.block.Withdrawal} and {@link dev.multilane.chain.block.Block}; {@link
 * dev.multilane.chain.block.ChainConfig} and {@link dev.multilane.chain.block.ForkSchedule} say
 * which fork a block runs under.
 *
 * <p>Execution: {@link dev.multilane.chain.block.BlockProcessor} runs the block-level steps
 * (EIP-4788 system call, gas pool, receipts, withdrawals, pre-Merge rewards, roots) around a
 * {@link dev.multilane.chain.block.TransactionsExecutor}, the seam where a parallel engine replaces
 * {@link dev.multilane.chain.block.SequentialBlockExecutor}. State is a {@link
 * dev.multilane.chain.block.WorldState}: the EVM's {@code StateView} plus {@code apply}. Results are
 * values: a {@link dev.multilane.chain.block.BlockOutcome} is either a {@link
 * dev.multilane.chain.block.BlockResult} or a {@link dev.multilane.chain.block.BlockError}, and
 * {@link dev.multilane.chain.block.BlockValidation} compares a result with its header.
 *
 * <p>Replay: {@link dev.multilane.chain.block.MainnetBlockFixture} reads the mainnet fixture
 * folders (RPC JSON: {@link dev.multilane.chain.block.BlockJson}, {@link
 * dev.multilane.chain.block.TransactionJson}).
 */
package dev.multilane.chain.block;
