#!/usr/bin/env node
// Writes the contract artifacts the DeFi benchmarks deploy, one JSON file per contract
// ({contractName, source, abi, bytecode}), plus manifest.json, into the folder given as the first
// argument (default ../target/contracts).
//
// Third-party contracts are taken as their authors published them on npm, compiled: nothing of
// theirs is recompiled, so the Uniswap pair's init code (and with it every pair address, which
// Router02 hardcodes through the init-code hash) is byte for byte mainnet's. Our own contracts in
// src/ are compiled here with solc-js at the exact version package.json pins.
//
// Run by Maven (bench/pom.xml) after `npm ci` when the artifacts are missing; run it by hand
// (`npm run build`) after editing src/. manifest.json records a hash of each source so that a test
// can tell when the artifacts are older than the sources.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const here = __dirname;
const outDir = path.resolve(process.argv[2] || path.join(here, '..', 'target', 'contracts'));
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));

// Published build artifacts: [name we use, npm package, path inside it].
const PUBLISHED = [
  ['ERC20PresetFixedSupply', '@openzeppelin/contracts', 'build/contracts/ERC20PresetFixedSupply.json'],
  ['WETH9', '@uniswap/v2-periphery', 'build/WETH9.json'],
  ['UniswapV2Router02', '@uniswap/v2-periphery', 'build/UniswapV2Router02.json'],
  ['UniswapV2Factory', '@uniswap/v2-core', 'build/UniswapV2Factory.json'],
  ['UniswapV2Pair', '@uniswap/v2-core', 'build/UniswapV2Pair.json'],
];

// Compiler settings for src/: the optimiser as most deployed contracts use it, Cancun opcodes.
const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function hex(bytecode) {
  const h = bytecode.startsWith('0x') ? bytecode.slice(2) : bytecode;
  if (!/^[0-9a-fA-F]+$/.test(h) || h.length % 2 !== 0) {
    throw new Error('not bytecode: ' + bytecode.slice(0, 40));
  }
  return '0x' + h.toLowerCase();
}

function checkPinned(name) {
  const wanted = (pkg.dependencies || {})[name];
  const got = packageVersion(name);
  if (wanted !== got) {
    throw new Error(`${name} ${got} installed but package.json pins ${wanted}: run npm ci`);
  }
  return got;
}

function published() {
  return PUBLISHED.map(([name, npmPackage, file]) => {
    const version = checkPinned(npmPackage);
    const artifact = JSON.parse(fs.readFileSync(path.join(here, 'node_modules', npmPackage, file), 'utf8'));
    // Hardhat artifacts (OpenZeppelin) and Waffle ones (Uniswap) both carry a top-level bytecode.
    const bytecode = artifact.bytecode || (artifact.evm && artifact.evm.bytecode && artifact.evm.bytecode.object);
    return { contractName: name, source: `${npmPackage}@${version}/${file}`, abi: artifact.abi, bytecode: hex(bytecode) };
  });
}

function compiled() {
  const solcVersion = checkPinned('solc');
  const solc = require('solc');
  const srcDir = path.join(here, 'src');
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const f of files) {
    sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
  }
  const input = { language: 'Solidity', sources, settings: SOLC_SETTINGS };
  const findImports = (p) => {
    const file = path.join(here, 'node_modules', p);
    return fs.existsSync(file) ? { contents: fs.readFileSync(file, 'utf8') } : { error: 'not found: ' + p };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) {
    process.stderr.write(e.formattedMessage + '\n');
  }
  if (errors.length > 0) {
    throw new Error(`solc ${solc.version()}: ${errors.length} error(s)`);
  }
  const artifacts = [];
  for (const f of files) {
    for (const [name, contract] of Object.entries(output.contracts[f] || {})) {
      if (contract.evm.bytecode.object.length === 0) {
        continue; // an interface or abstract contract
      }
      artifacts.push({ contractName: name, source: `src/${f} (solc ${solcVersion})`, abi: contract.abi,
        bytecode: hex(contract.evm.bytecode.object) });
    }
  }
  const sourceHashes = Object.fromEntries(files.map((f) => [f, sha256(sources[f].content)]));
  return { artifacts, solc: solc.version(), sourceHashes };
}

function main() {
  const ours = compiled();
  const all = published().concat(ours.artifacts);
  fs.mkdirSync(outDir, { recursive: true });
  for (const a of all) {
    fs.writeFileSync(path.join(outDir, a.contractName + '.json'), JSON.stringify(a, null, 1) + '\n');
  }
  // Written last: Maven skips this script while the manifest exists, so a failed run is retried.
  const manifest = {
    contracts: all.map((a) => a.contractName),
    solc: ours.solc,
    solcSettings: SOLC_SETTINGS,
    sourceHashes: ours.sourceHashes,
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  process.stdout.write(`contracts: wrote ${all.length} artifacts to ${outDir}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write('contracts: ' + e.message + '\n');
  process.exit(1);
}
