// Uniswap v2 on a Multilane node through ethers.js v6: the contracts as their authors published
// them on npm (nothing recompiled, so Router02's hard-coded pair init-code hash holds), signed and
// sent by ethers' Wallet, receipts and logs decoded with ethers' Interface, and new blocks received
// over WebSocket (eth_subscribe newHeads). Expects MULTILANE_RPC_URL (http://host:port) of a dev
// node in automine mode whose dev accounts 0 and 1 are funded; no other test file uses them.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  Contract, ContractFactory, Interface, JsonRpcProvider, WebSocketProvider, Wallet,
  id, keccak256, toUtf8Bytes, parseEther, parseUnits,
} = require('ethers');

const RPC_URL = process.env.MULTILANE_RPC_URL;
const CHAIN_ID = 1337n;

function artifact(pkg, name) {
  const a = require(`${pkg}/build/${name}.json`);
  const code = a.bytecode || a.evm.bytecode.object;
  return { abi: a.abi, bytecode: code.startsWith('0x') ? code : '0x' + code };
}

const WETH9 = artifact('@uniswap/v2-periphery', 'WETH9');
const ROUTER = artifact('@uniswap/v2-periphery', 'UniswapV2Router02');
const FACTORY = artifact('@uniswap/v2-core', 'UniswapV2Factory');
const PAIR = artifact('@uniswap/v2-core', 'UniswapV2Pair');
const ERC20 = artifact('@uniswap/v2-core', 'ERC20'); // constructor(uint _totalSupply) mints to msg.sender

/** Dev account i's key: keccak256("multilane dev account " + i), as DevAccounts derives it. */
function devKey(i) {
  return keccak256(toUtf8Bytes('multilane dev account ' + i));
}

async function deploy(wallet, art, ...args) {
  const contract = await new ContractFactory(art.abi, art.bytecode, wallet).deploy(...args);
  const receipt = await contract.deploymentTransaction().wait();
  assert.equal(receipt.status, 1, 'deployment reverted');
  const code = await wallet.provider.getCode(await contract.getAddress());
  assert.ok(code.length > 2, 'no code at the deployed address');
  return contract;
}

async function mined(txPromise) {
  const tx = await txPromise;
  const receipt = await tx.wait();
  assert.equal(receipt.status, 1, `transaction ${tx.hash} reverted`);
  assert.equal(receipt.hash, tx.hash);
  return receipt;
}

/** The receipt's logs that `iface` can parse, as {address, name, args}, in log order. */
function parsed(receipt, iface) {
  const out = [];
  for (const log of receipt.logs) {
    const p = iface.parseLog({ topics: log.topics, data: log.data });
    if (p) out.push({ address: log.address, name: p.name, args: p.args, index: log.index });
  }
  return out;
}

describe('uniswap v2 through ethers v6', { timeout: 120_000 }, () => {
  let provider, owner, trader, weth, factory, router, tokenA, tokenB, pair;
  const pairIface = new Interface(PAIR.abi);
  const erc20Iface = new Interface(ERC20.abi);
  const deadline = () => Math.floor(Date.now() / 1000) + 3600;

  before(async () => {
    assert.ok(RPC_URL, 'MULTILANE_RPC_URL is not set');
    provider = new JsonRpcProvider(RPC_URL, undefined, { cacheTimeout: -1 });
    owner = new Wallet(devKey(0), provider);
    trader = new Wallet(devKey(1), provider);
  });

  after(() => provider && provider.destroy());

  it('sees the dev chain', async () => {
    const network = await provider.getNetwork();
    assert.equal(network.chainId, CHAIN_ID);
    assert.ok((await provider.getBalance(owner.address)) > parseEther('1000'));
  });

  it('deploys WETH9, two ERC-20s, the factory and Router02 from their npm builds', async () => {
    const nonce = await provider.getTransactionCount(owner.address, 'latest');
    weth = await deploy(owner, WETH9);
    tokenA = await deploy(owner, ERC20, parseUnits('1000000', 18));
    tokenB = await deploy(owner, ERC20, parseUnits('1000000', 18));
    factory = await deploy(owner, FACTORY, owner.address);
    router = await deploy(owner, ROUTER, await factory.getAddress(), await weth.getAddress());
    assert.equal(await router.factory(), await factory.getAddress());
    assert.equal(await router.WETH(), await weth.getAddress());
    assert.equal(await tokenA.balanceOf(owner.address), parseUnits('1000000', 18));
    // The deployer's nonce counts the five creations.
    assert.equal(await provider.getTransactionCount(owner.address, 'latest'), nonce + 5);
  });

  it('adds liquidity: PairCreated, Transfer, Sync and Mint logs, reserves as deposited', async () => {
    const routerAddr = await router.getAddress();
    await mined(tokenA.approve(routerAddr, 2n ** 256n - 1n));
    await mined(tokenB.approve(routerAddr, 2n ** 256n - 1n));
    const amountA = parseUnits('10000', 18);
    const amountB = parseUnits('40000', 18);
    const receipt = await mined(router.addLiquidity(await tokenA.getAddress(), await tokenB.getAddress(),
      amountA, amountB, 0, 0, owner.address, deadline(), { gasLimit: 5_000_000 }));

    const pairAddr = await factory.getPair(await tokenA.getAddress(), await tokenB.getAddress());
    assert.notEqual(pairAddr, '0x' + '0'.repeat(40));
    pair = new Contract(pairAddr, PAIR.abi, provider);
    const created = parsed(receipt, factory.interface).filter((l) => l.name === 'PairCreated');
    assert.equal(created.length, 1);
    assert.equal(created[0].args.pair, pairAddr);

    const pairLogs = parsed(receipt, pairIface).filter((l) => l.address === pairAddr);
    const names = pairLogs.map((l) => l.name);
    assert.ok(names.includes('Sync') && names.includes('Mint'), names.join(','));
    const sync = pairLogs.find((l) => l.name === 'Sync');
    const [r0, r1] = await pair.getReserves();
    assert.equal(sync.args.reserve0, r0);
    assert.equal(sync.args.reserve1, r1);
    const token0 = await pair.token0();
    const [expect0, expect1] = token0 === (await tokenA.getAddress()) ? [amountA, amountB] : [amountB, amountA];
    assert.equal(r0, expect0);
    assert.equal(r1, expect1);
    // Liquidity minted to the owner: sqrt(a*b) - MINIMUM_LIQUIDITY (1000 locked at address 0).
    const lp = await pair.balanceOf(owner.address);
    assert.equal(lp, sqrt(amountA * amountB) - 1000n);
  });

  it('swaps exact tokens for tokens: amounts, Swap/Sync/Transfer logs, balances', async () => {
    const a = await tokenA.getAddress();
    const b = await tokenB.getAddress();
    const pairAddr = await pair.getAddress();
    const amountIn = parseUnits('100', 18);
    const [rIn, rOut] = (await pair.token0()) === a
      ? await pair.getReserves().then((r) => [r[0], r[1]])
      : await pair.getReserves().then((r) => [r[1], r[0]]);
    // Uniswap v2's getAmountOut with its 0.3% fee, computed here, not by the node.
    const expectedOut = (amountIn * 997n * rOut) / (rIn * 1000n + amountIn * 997n);
    const quoted = await router.getAmountsOut(amountIn, [a, b]);
    assert.equal(quoted[1], expectedOut);

    const before = await tokenB.balanceOf(trader.address);
    const receipt = await mined(router.swapExactTokensForTokens(amountIn, expectedOut, [a, b], trader.address,
      deadline(), { gasLimit: 500_000 }));
    assert.equal(await tokenB.balanceOf(trader.address), before + expectedOut);

    const transfers = parsed(receipt, erc20Iface).filter((l) => l.name === 'Transfer');
    assert.equal(transfers.length, 2, 'token in to the pair, token out to the trader');
    assert.equal(transfers[0].address, a);
    assert.equal(transfers[0].args.from, owner.address);
    assert.equal(transfers[0].args.to, pairAddr);
    assert.equal(transfers[0].args.value, amountIn);
    assert.equal(transfers[1].address, b);
    assert.equal(transfers[1].args.from, pairAddr);
    assert.equal(transfers[1].args.to, trader.address);
    assert.equal(transfers[1].args.value, expectedOut);

    const swap = parsed(receipt, pairIface).filter((l) => l.name === 'Swap');
    assert.equal(swap.length, 1);
    assert.equal(swap[0].args.sender, await router.getAddress());
    assert.equal(swap[0].args.to, trader.address);
    assert.equal(swap[0].args.amount0In + swap[0].args.amount1In, amountIn);
    assert.equal(swap[0].args.amount0Out + swap[0].args.amount1Out, expectedOut);
    const sync = parsed(receipt, pairIface).filter((l) => l.name === 'Sync');
    assert.equal(sync.length, 1);
    const [r0, r1] = await pair.getReserves();
    assert.equal(sync[0].args.reserve0, r0);
    assert.equal(sync[0].args.reserve1, r1);
    // Log indexes are block-wide and increasing.
    const indexes = receipt.logs.map((l) => l.index);
    assert.deepEqual(indexes, [...indexes].sort((x, y) => x - y));

    // eth_getLogs: the pair's Sync logs over the whole chain, one per addLiquidity and swap.
    const syncs = await provider.getLogs({ address: pairAddr, topics: [id('Sync(uint112,uint112)')],
      fromBlock: 0, toBlock: 'latest' });
    assert.equal(syncs.length, 2);
    assert.equal(syncs[1].transactionHash, receipt.hash);
    assert.equal(syncs[1].blockNumber, receipt.blockNumber);
    const swaps = await provider.getLogs({ address: pairAddr, topics: [pairIface.getEvent('Swap').topicHash],
      fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber });
    assert.equal(swaps.length, 1);
    assert.equal(swaps[0].index, swap[0].index);
  });

  it('adds ETH liquidity through WETH9 and swaps ETH for tokens', async () => {
    const a = await tokenA.getAddress();
    const wethAddr = await weth.getAddress();
    await mined(router.addLiquidityETH(a, parseUnits('1000', 18), 0, 0, owner.address, deadline(),
      { value: parseEther('10'), gasLimit: 5_000_000 }));
    assert.equal(await weth.balanceOf(await factory.getPair(a, wethAddr)), parseEther('10'));
    const before = await tokenA.balanceOf(trader.address);
    const routerAsTrader = router.connect(trader);
    const receipt = await mined(routerAsTrader.swapExactETHForTokens(0, [wethAddr, a], trader.address, deadline(),
      { value: parseEther('1'), gasLimit: 500_000 }));
    const out = parsed(receipt, erc20Iface).filter((l) => l.name === 'Transfer' && l.address === a);
    assert.equal(out.length, 1);
    assert.equal(await tokenA.balanceOf(trader.address), before + out[0].args.value);
    assert.ok(out[0].args.value > 0n);
  });

  it('receives newHeads over WebSocket', { timeout: 30_000 }, async () => {
    const ws = new WebSocketProvider(RPC_URL.replace(/^http/, 'ws'));
    try {
      assert.equal((await ws.getNetwork()).chainId, CHAIN_ID);
      const start = await provider.getBlockNumber();
      const seen = new Promise((resolve) => {
        ws.on('block', (n) => {
          if (n > start) resolve(n);
        });
      });
      // Let the subscription settle before the block that should be announced.
      await new Promise((r) => setTimeout(r, 500));
      const receipt = await mined(owner.sendTransaction({ to: trader.address, value: 1n }));
      const announced = await seen;
      assert.ok(announced >= start + 1 && announced <= receipt.blockNumber, `block ${announced}`);
      const block = await ws.getBlock(announced);
      assert.equal(block.number, announced);
    } finally {
      await ws.destroy();
    }
  });
});

function sqrt(n) {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}
