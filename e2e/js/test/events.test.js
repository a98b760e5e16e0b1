// Events the way ethers v6 consumes them: contract.on() over HTTP (ethers installs a log filter,
// eth_newFilter, and polls eth_getFilterChanges), the same over WebSocket (eth_subscribe "logs"),
// pending transactions over WebSocket (eth_subscribe "newPendingTransactions"), and
// evm_snapshot/evm_revert as Hardhat and anvil scripts call them. Expects MULTILANE_RPC_URL of a
// dev node in automine mode whose dev accounts 2 and 3 are funded (node --test may run the test
// files at the same time, so each file has its own senders).
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { ContractFactory, JsonRpcProvider, WebSocketProvider, Wallet, keccak256, toUtf8Bytes, parseUnits } =
  require('ethers');

const RPC_URL = process.env.MULTILANE_RPC_URL;
const ERC20 = require('@uniswap/v2-core/build/ERC20.json');

function devKey(i) {
  return keccak256(toUtf8Bytes('multilane dev account ' + i));
}

/** Resolves with the first value `register(resolve)` delivers, or rejects after `ms`. */
function within(ms, what, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe('events through ethers v6', { timeout: 90_000 }, () => {
  let provider, ws, owner, other, token;

  before(async () => {
    assert.ok(RPC_URL, 'MULTILANE_RPC_URL is not set');
    // A short polling interval so that filter-based events arrive quickly; no response cache, so a
    // nonce is never reused from a cached eth_getTransactionCount.
    provider = new JsonRpcProvider(RPC_URL, undefined, { pollingInterval: 100, cacheTimeout: -1 });
    ws = new WebSocketProvider(RPC_URL.replace(/^http/, 'ws'));
    owner = new Wallet(devKey(2), provider);
    other = new Wallet(devKey(3), provider);
    const code = ERC20.bytecode.startsWith('0x') ? ERC20.bytecode : '0x' + ERC20.bytecode;
    token = await new ContractFactory(ERC20.abi, code, owner).deploy(parseUnits('1000', 18));
    await token.waitForDeployment();
  });

  after(async () => {
    if (token) await token.removeAllListeners();
    if (ws) await ws.destroy();
    if (provider) provider.destroy();
  });

  it('delivers Transfer events to contract.on over HTTP (eth_newFilter, eth_getFilterChanges)', async () => {
    const amount = 12345n;
    const seen = within(20_000, 'Transfer event over HTTP', (done) => {
      token.on('Transfer', (from, to, value, event) => {
        if (value === amount) done({ from, to, value, hash: event.log.transactionHash });
      });
    });
    // Let ethers install its filter before the transaction it should report.
    await new Promise((r) => setTimeout(r, 500));
    const tx = await token.transfer(other.address, amount);
    await tx.wait();
    const got = await seen;
    assert.equal(got.from, owner.address);
    assert.equal(got.to, other.address);
    assert.equal(got.hash, tx.hash);
    await token.removeAllListeners('Transfer');
  });

  it('delivers Transfer events over WebSocket (eth_subscribe logs)', async () => {
    const amount = 54321n;
    const wsToken = token.connect(ws);
    const seen = within(20_000, 'Transfer event over WebSocket', (done) => {
      wsToken.on('Transfer', (from, to, value, event) => {
        if (value === amount && from === owner.address && to === other.address) {
          done({ value, hash: event.log.transactionHash, block: event.log.blockNumber });
        }
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    const tx = await token.transfer(other.address, amount);
    const receipt = await tx.wait();
    const got = await seen;
    assert.equal(got.hash, tx.hash);
    assert.equal(got.block, receipt.blockNumber);
    await wsToken.removeAllListeners();
  });

  it('announces pending transactions over WebSocket (eth_subscribe newPendingTransactions)', async () => {
    const hashes = new Set();
    const listener = (hash) => hashes.add(hash);
    await ws.on('pending', listener);
    await new Promise((r) => setTimeout(r, 500));
    const tx = await owner.sendTransaction({ to: other.address, value: 7n });
    await tx.wait();
    await within(10_000, 'pending announcement of ' + tx.hash, (done) => {
      const check = () => (hashes.has(tx.hash) ? done() : setTimeout(check, 50));
      check();
    });
    await ws.off('pending', listener);
  });

  it('reverts to a snapshot (evm_snapshot, evm_revert)', async () => {
    const balance = await token.balanceOf(other.address);
    const head = await provider.getBlockNumber();
    const id = await provider.send('evm_snapshot', []);
    await (await token.transfer(other.address, 1000n)).wait();
    assert.equal(await token.balanceOf(other.address), balance + 1000n);
    assert.equal(await provider.send('evm_revert', [id]), true);
    assert.equal(await provider.getBlockNumber(), head);
    assert.equal(await token.balanceOf(other.address), balance);
    // The chain goes on from the snapshot, and the nonce is the one before the reverted transfer.
    await (await token.transfer(other.address, 1n)).wait();
    assert.equal(await token.balanceOf(other.address), balance + 1n);
  });
});
