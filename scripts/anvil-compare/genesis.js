#!/usr/bin/env node
// Writes the one genesis.json both nodes start from, and the presigned transactions both receive.
//
//   node genesis.js OUT_DIR [--senders N] [--rounds R]
//
// genesis.json (geth format, Cancun from block 0, chain id 1337, gas limit 1,000,000,000, base fee
// 1 gwei): N senders with 1 ether each, and OpenZeppelin 4.9.6's ERC20PresetFixedSupply runtime
// code predeployed at TOKEN with 1,000 tokens per sender written straight into its storage
// (ERC20 keeps _balances at slot 0, so a holder's balance sits at keccak256(pad(holder) ++ pad(0));
// _totalSupply at slot 2, _name and _symbol at 3 and 4 as short strings).
//
// txs-R.json: for each round r < R, one EIP-1559 transfer(recipient_i, 1 token) per sender with
// nonce r, gas limit 100,000, max fee 10 gwei, tip 1 gwei. Recipient i is a fresh address per
// sender, so the transfers touch disjoint storage (no conflicts between them).
//
// Keys are keccak256("multilane anvil-compare sender " + i): public, reproducible, worthless.
'use strict';

const fs = require('fs');
const path = require('path');
const { AbiCoder, Interface, SigningKey, Transaction, computeAddress, keccak256, toUtf8Bytes, zeroPadValue,
  toBeHex } = require('ethers');

const CHAIN_ID = 1337;
const GAS_LIMIT = 1_000_000_000;
const TOKEN = '0x000000000000000000000000000000000000e2c0';
const UNIT = 10n ** 18n;

function args() {
  const out = { dir: process.argv[2], senders: 10_000, rounds: 3 };
  for (let i = 3; i < process.argv.length; i += 2) {
    const v = Number(process.argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${process.argv[i]} needs a positive integer`);
    if (process.argv[i] === '--senders') out.senders = v;
    else if (process.argv[i] === '--rounds') out.rounds = v;
    else throw new Error('unknown option ' + process.argv[i]);
  }
  if (!out.dir) throw new Error('usage: node genesis.js OUT_DIR [--senders N] [--rounds R]');
  return out;
}

/** A Solidity short string (< 32 bytes) in one slot: the bytes left-aligned, length * 2 at the end. */
function shortString(s) {
  const b = Buffer.from(s, 'utf8');
  const word = Buffer.alloc(32);
  b.copy(word);
  word[31] = b.length * 2;
  return '0x' + word.toString('hex');
}

function slotWord(n) {
  return zeroPadValue(toBeHex(n), 32);
}

function main() {
  const { dir, senders, rounds } = args();
  fs.mkdirSync(dir, { recursive: true });
  const oz = require('@openzeppelin/contracts/build/contracts/ERC20PresetFixedSupply.json');
  const coder = AbiCoder.defaultAbiCoder();

  const keys = [];
  const storage = {};
  const alloc = {};
  for (let i = 0; i < senders; i++) {
    const key = new SigningKey(keccak256(toUtf8Bytes('multilane anvil-compare sender ' + i)));
    const address = computeAddress(key.publicKey);
    keys.push(key);
    alloc[address] = { balance: '0x' + UNIT.toString(16) };
    storage[keccak256(coder.encode(['address', 'uint256'], [address, 0]))] = slotWord(1000n * UNIT);
  }
  storage[slotWord(2n)] = slotWord(BigInt(senders) * 1000n * UNIT);
  storage[slotWord(3n)] = shortString('Compare Token');
  storage[slotWord(4n)] = shortString('CMP');
  alloc[TOKEN] = { balance: '0x0', code: oz.deployedBytecode, storage };

  const genesis = {
    config: {
      chainId: CHAIN_ID, homesteadBlock: 0, eip150Block: 0, eip155Block: 0, eip158Block: 0, byzantiumBlock: 0,
      constantinopleBlock: 0, petersburgBlock: 0, istanbulBlock: 0, berlinBlock: 0, londonBlock: 0,
      mergeNetsplitBlock: 0, terminalTotalDifficulty: 0, terminalTotalDifficultyPassed: true, shanghaiTime: 0,
      cancunTime: 0,
    },
    nonce: '0x0', timestamp: '0x0', extraData: '0x', gasLimit: '0x' + GAS_LIMIT.toString(16), difficulty: '0x0',
    mixHash: '0x' + '0'.repeat(64), coinbase: '0x' + '0'.repeat(40), baseFeePerGas: '0x3b9aca00',
    alloc,
  };
  fs.writeFileSync(path.join(dir, 'genesis.json'), JSON.stringify(genesis, null, 1));

  const erc20 = new Interface(oz.abi);
  for (let r = 0; r < rounds; r++) {
    const raw = [];
    for (let i = 0; i < senders; i++) {
      const recipient = '0x' + (0xa11ce000000n + BigInt(i)).toString(16).padStart(40, '0');
      const tx = Transaction.from({
        type: 2, chainId: CHAIN_ID, nonce: r, to: TOKEN, value: 0n, gasLimit: 100_000n,
        maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n,
        data: erc20.encodeFunctionData('transfer', [recipient, UNIT]),
      });
      tx.signature = keys[i].sign(tx.unsignedHash);
      raw.push(tx.serialized);
    }
    fs.writeFileSync(path.join(dir, `txs-${r}.json`), JSON.stringify(raw));
  }
  console.log(`wrote ${dir}/genesis.json (${senders} senders, token ${TOKEN}) and ${rounds} x ${senders} transactions`);
}

main();
