/**
 * Block workloads for the parallel executor: realistic blocks of DeFi transactions on a pre-state
 * built by real contracts.
 *
 * <h2>What is real</h2>
 *
 * The contracts are the bytecode their authors published on npm (OpenZeppelin 4.9.6's
 * ERC20PresetFixedSupply; WETH9, Uniswap v2's factory, pair and Router02), and for lending and
 * staking our own compact Compound-style and StakingRewards-style Solidity (bench/contracts/src),
 * compiled by solc-js at a pinned version; {@link dev.multilane.bench.defi.Contracts} reads the
 * artifacts the build writes. The pre-state is made by executing every deployment and setup
 * transaction through the EVM ({@link dev.multilane.bench.defi.PreStateBuilder}), so its storage is
 * what those contracts wrote. Uniswap pairs land at the addresses Router02 computes from mainnet's
 * init-code hash, as on mainnet.
 *
 * <h2>The blocks</h2>
 *
 * {@link dev.multilane.bench.defi.BlockWorkload} names them: transfer, erc20, uniswap, lending,
 * staking, mixed and serial; {@link dev.multilane.bench.defi.WorkloadParams} sets their size and
 * contention (accounts, pools, the hot ratio, the seed). Every transaction is EIP-1559 with
 * wallet-like fees and gas limits and its sender's next nonce; each kind of transaction is a
 * {@code TxSource} that sets up what it needs and then appends transactions.
 *
 * <h2>The measurement</h2>
 *
 * {@link dev.multilane.bench.defi.BlockBenchmark} times {@code BlockProcessor.process} with the
 * sequential executor and with Block-STM on fresh copies of the pre-state, senders known and no
 * state root ({@link dev.multilane.bench.defi.BlockBenchmark#TIMER_SCOPE}), and compares every
 * run's state root and receipts with the first sequential run's. {@code ./multilane bench} is its
 * command line.
 */
package dev.multilane.bench.defi;
