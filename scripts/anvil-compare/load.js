#!/usr/bin/env node
// Load tool for a JSON-RPC node (Multilane or anvil), speaking only standard and anvil-style methods.
//
//   node load.js block      URL TXS_FILE [--coinbase ADDR] [--count N]
//       Automining off (evm_setAutomine false), every transaction of TXS_FILE sent (64 in flight),
//       then ONE evm_mine. Reports the evm_mine call's wall time (request sent to reply received,
//       over loopback HTTP) and the mined block: transactions, gasUsed, stateRoot, receipts' status;
//       on Multilane also the block's phases (phaseMs) from GET /metrics.
//   node load.js throughput URL TXS_FILE [--concurrency C] [--count N]
//       Mining as the node was started (automine, or a block time). The timer starts before the first eth_sendRawTransaction and stops when the
//       last transaction's receipt has been read back: sending, pooling, mining, committing and the
//       receipt lookups are all inside it. C requests in flight (default 256); a transaction whose
//       receipt is not there yet is polled every 10 ms.
//   --count N takes only the first N transactions of the file.
//
// Prints one JSON line with the results (and human-readable lines on stderr).
'use strict';

const fs = require('fs');
const http = require('http');

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
let nextId = 1;

/** One JSON-RPC call over HTTP; rejects on a transport error or a JSON-RPC error. */
function rpc(url, method, params = []) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params });
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          const reply = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (reply.error) reject(new Error(`${method}: ${JSON.stringify(reply.error)}`));
          else resolve(reply.result);
        } catch (e) {
          reject(new Error(`${method}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs fn over items with at most `limit` in flight; resolves to the results in order. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Multilane's phase split of the last block, in ms, from GET /metrics
 * (multilane_block_phase_last_seconds{phase="..."}); null where the node has no such page (anvil).
 */
function phases(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = http.request({ hostname: u.hostname, port: u.port, path: '/metrics', method: 'GET', agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const out = {};
        const re = /^multilane_block_phase_last_seconds\{phase="(\w+)"\} (\S+)$/gm;
        for (const m of Buffer.concat(chunks).toString('utf8').matchAll(re)) {
          out[m[1]] = Math.round(Number(m[2]) * 1e4) / 10;
        }
        resolve(res.statusCode === 200 && Object.keys(out).length ? out : null);
      });
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

async function receipt(url, hash) {
  for (let i = 0; i < 12_000; i++) {
    const r = await rpc(url, 'eth_getTransactionReceipt', [hash]);
    if (r) return r;
    await sleep(10);
  }
  throw new Error('no receipt for ' + hash);
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
}

async function block(url, txs) {
  const coinbase = option('--coinbase', null);
  if (coinbase) await rpc(url, 'anvil_setCoinbase', [coinbase]);
  await rpc(url, 'evm_setAutomine', [false]);
  const before = parseInt(await rpc(url, 'eth_blockNumber'), 16);
  const sendStart = process.hrtime.bigint();
  // A refused transaction is counted, not fatal: the block is still mined and reported.
  const sends = await pool(txs, 64, (raw) => rpc(url, 'eth_sendRawTransaction', [raw]).then((h) => ({ h }),
    (e) => ({ e: e.message })));
  const hashes = sends.filter((x) => x.h).map((x) => x.h);
  const refused = sends.filter((x) => x.e);
  const sendMs = Number(process.hrtime.bigint() - sendStart) / 1e6;
  const t0 = process.hrtime.bigint();
  await rpc(url, 'evm_mine', []);
  const mineMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const phaseMs = await phases(url);
  const b = await rpc(url, 'eth_getBlockByNumber', ['latest', false]);
  const number = parseInt(b.number, 16);
  // One eth_getBlockReceipts: per-hash receipt lookups in a 10,000-transaction block take minutes
  // on anvil.
  const receipts = await rpc(url, 'eth_getBlockReceipts', [b.number]);
  const sent = new Set(hashes);
  const minedHere = receipts.filter((r) => sent.has(r.transactionHash)).length;
  const ok = receipts.filter((r) => sent.has(r.transactionHash) && r.status === '0x1').length;
  const result = {
    mode: 'block', url, txsSent: txs.length, txsRefused: refused.length,
    firstRefusal: refused.length ? refused[0].e : undefined, sendMs: Math.round(sendMs), mineMs: Math.round(mineMs * 10) / 10,
    blockNumber: number, blocksMined: number - before, blockTxs: b.transactions.length,
    gasUsed: parseInt(b.gasUsed, 16), stateRoot: b.stateRoot, receiptsMinedInBlock: minedHere, receiptsStatusOk: ok,
  };
  if (phaseMs) result.phaseMs = phaseMs;
  if (refused.length) console.error(`${url}: ${refused.length} refused, first: ${refused[0].e}`);
  console.error(`${url}: sent ${txs.length} in ${result.sendMs} ms; evm_mine ${result.mineMs} ms -> block ${number}`
    + ` with ${result.blockTxs} txs, gasUsed ${result.gasUsed}, ${ok} ok receipts, stateRoot ${b.stateRoot}`);
  return result;
}

async function throughput(url, txs) {
  const concurrency = Number(option('--concurrency', '256'));
  const before = parseInt(await rpc(url, 'eth_blockNumber'), 16);
  const t0 = process.hrtime.bigint();
  const receipts = await pool(txs, concurrency, async (raw) => receipt(url, await rpc(url, 'eth_sendRawTransaction',
    [raw])));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const after = parseInt(await rpc(url, 'eth_blockNumber'), 16);
  const ok = receipts.filter((r) => r.status === '0x1').length;
  const result = { mode: 'throughput', url, txs: txs.length, concurrency, ms: Math.round(ms),
    txPerSecond: Math.round(txs.length / (ms / 1000)), blocks: after - before, receiptsStatusOk: ok };
  console.error(`${url}: ${txs.length} txs, ${concurrency} in flight, sent to receipt in ${result.ms} ms = `
    + `${result.txPerSecond} tx/s over ${result.blocks} blocks, ${ok} ok`);
  return result;
}

async function main() {
  const [mode, url, file] = process.argv.slice(2);
  if (!['block', 'throughput'].includes(mode) || !url || !file) {
    throw new Error('usage: node load.js block|throughput URL TXS_FILE [--coinbase ADDR] [--concurrency C]');
  }
  const count = Number(option('--count', '0'));
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  const txs = count > 0 ? all.slice(0, count) : all;
  const result = mode === 'block' ? await block(url, txs) : await throughput(url, txs);
  console.log(JSON.stringify(result));
  agent.destroy();
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
