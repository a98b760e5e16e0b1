#!/usr/bin/env node
// Prints the anvil-compare results in WORK (anvil.jsonl, multilane.jsonl, throughput.jsonl) as a
// Markdown table: per round, each node's evm_mine time, block size, gasUsed and state root; then
// Multilane's phases per round when its /metrics gave them.
'use strict';

const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const read = (name) => {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
};

const anvil = read('anvil.jsonl');
const multilane = read('multilane.jsonl');
console.log('| round | txs in block (anvil / Multilane) | evm_mine anvil ms | evm_mine Multilane ms | speedup |'
  + ' gasUsed equal | stateRoot equal |');
console.log('|---:|---|---:|---:|---:|---|---|');
for (let r = 0; r < Math.max(anvil.length, multilane.length); r++) {
  const a = anvil[r] || { failed: true };
  const m = multilane[r] || { failed: true };
  if (a.failed || m.failed) {
    console.log(`| ${r} | ${a.failed ? 'failed' : a.blockTxs} / ${m.failed ? 'failed' : m.blockTxs} | `
      + `${a.mineMs ?? '-'} | ${m.mineMs ?? '-'} | - | - | - |`);
    continue;
  }
  if (a.txsRefused || m.txsRefused) {
    console.log(`<!-- round ${r}: refused anvil ${a.txsRefused || 0} (${a.firstRefusal || ''}), Multilane `
      + `${m.txsRefused || 0} (${m.firstRefusal || ''}) -->`);
  }
  const speedup = (a.mineMs / m.mineMs).toFixed(2) + 'x';
  console.log(`| ${r} | ${a.blockTxs} / ${m.blockTxs} | ${a.mineMs} | ${m.mineMs} | ${speedup} | `
    + `${a.gasUsed === m.gasUsed ? 'yes (' + a.gasUsed + ')' : `NO (${a.gasUsed} vs ${m.gasUsed})`} | `
    + `${a.stateRoot === m.stateRoot ? 'yes' : 'NO'} |`);
}
// Where Multilane's evm_mine time went (its /metrics after each block); the rest is HTTP and the
// miner thread's hand-offs.
const phaseNames = ['pool_selection', 'sender_recovery', 'execution', 'state_root', 'commit', 'pool_update'];
if (multilane.some((m) => m.phaseMs)) {
  console.log('');
  console.log(`| round | evm_mine ms | ${phaseNames.join(' | ')} | rest |`);
  console.log(`|---:|---:|${phaseNames.map(() => '---:').join('|')}|---:|`);
  multilane.forEach((m, r) => {
    if (!m.phaseMs) return;
    const known = phaseNames.map((p) => m.phaseMs[p]);
    const rest = m.mineMs - known.reduce((a, b) => a + (b || 0), 0);
    console.log(`| ${r} | ${m.mineMs} | ${known.map((v) => (v === undefined ? '-' : v.toFixed(1))).join(' | ')} | `
      + `${rest.toFixed(1)} |`);
  });
  console.log('');
}
for (const file of fs.readdirSync(dir).filter((f) => /^throughput-.*\.jsonl$/.test(f)).sort()) {
  const label = file.replace(/^throughput-/, '').replace(/\.jsonl$/, '');
  for (const t of read(file)) {
    console.log(t.failed ? `${label}: throughput round failed`
      : `${label}: ${t.txs} txs, ${t.concurrency} in flight, first send to last receipt ${t.ms} ms = `
        + `${t.txPerSecond} tx/s over ${t.blocks} blocks (${t.receiptsStatusOk} ok)`);
  }
}
