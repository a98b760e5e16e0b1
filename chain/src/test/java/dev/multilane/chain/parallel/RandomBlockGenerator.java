package dev.multilane.chain.parallel;

import static dev.multilane.chain.parallel.RandomPreState.BURNER;
import static dev.multilane.chain.parallel.RandomPreState.CREATOR;
import static dev.multilane.chain.parallel.RandomPreState.DESTRUCTORS;
import static dev.multilane.chain.parallel.RandomPreState.READER;
import static dev.multilane.chain.parallel.RandomPreState.REVERTER;
import static dev.multilane.chain.parallel.RandomPreState.STORAGE_COLD;
import static dev.multilane.chain.parallel.RandomPreState.STORAGE_HOT;
import static dev.multilane.chain.parallel.RandomPreState.TOKEN;

import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.chain.block.Withdrawal;
import dev.multilane.chain.parallel.TestContracts.InitKind;
import dev.multilane.evm.AccessListEntry;
import dev.multilane.evm.Fork;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds a {@link RandomBlock} from a {@link BlockSpec}: a {@link RandomPreState}, then a block of
 * transactions mixing plain transfers (to existing, missing and empty accounts, to self, to the
 * coinbase, to addresses a creation will later use), storage reads and writes, token transfers,
 * nested call chains, creations (by transaction and by CREATE/CREATE2, some destroyed in the same
 * transaction), reverts, out-of-gas runs, self-destructs, readers of balances that other
 * transactions credit, and senders that can pay only thanks to a credit earlier in the block.
 *
 * <p>Senders are given, so transactions carry a dummy signature; nonces are right in block order
 * except for the deliberately invalid transactions of a {@link BlockSpec#withInvalid} block.
 * Deterministic: one spec, one block.
 */
final class RandomBlockGenerator {
    static final long CHAIN_ID = 1;
    static final long BLOCK_GAS_LIMIT = 1_000_000_000L;
    private static final Signature DUMMY_SIGNATURE = new Signature(0, U256.ONE, U256.ONE);
    /** EIP-2930 intrinsic gas of the access list below: two addresses, two keys. */
    private static final long ACCESS_LIST_GAS = 2 * 2_400 + 2 * 1_900;

    private final BlockSpec spec;
    private final SplittableRandom r;
    private final RandomPreState pre;
    private final Address coinbase;
    private final U256 baseFee;
    private final List<Address> recipients = new ArrayList<>();
    /** Poor accounts that received value earlier in the block: they may now afford a transaction. */
    private final List<Address> fundedPoor = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();
    /** EIP-4844 allows six blobs per block; more would make the block invalid every time. */
    private int blobsLeft = 6;

    private RandomBlockGenerator(BlockSpec spec) {
        this.spec = spec;
        // A second stream from the same seed, so the spec and the block do not share draws.
        this.r = new SplittableRandom(spec.seed() ^ 0x9e3779b97f4a7c15L);
        this.pre = new RandomPreState(spec, r);
        this.coinbase = switch (r.nextInt(8)) {
            case 0 -> pre.fresh();
            case 1 -> pre.empty(r);
            case 2, 3 -> pre.rich(r); // often also a sender
            case 4 -> READER;
            case 5 -> DESTRUCTORS[0];
            case 6 -> STORAGE_HOT;
            default -> pre.poor.isEmpty() ? pre.hotEoa : pre.poor.getFirst(); // can pay only with its fees
        };
        this.baseFee = switch (r.nextInt(3)) {
            case 0 -> U256.ONE;
            case 1 -> U256.of(7);
            default -> U256.of(1_000_000_000L);
        };
    }

    static RandomBlock generate(BlockSpec spec) {
        return new RandomBlockGenerator(spec).build();
    }

    private RandomBlock build() {
        List<Transaction> txs = new ArrayList<>(spec.blockSize());
        List<Address> senders = new ArrayList<>(spec.blockSize());
        int invalidAt = spec.withInvalid() ? r.nextInt(spec.blockSize()) : -1;
        for (int i = 0; i < spec.blockSize(); i++) {
            if (i == invalidAt) {
                invalidTransaction(txs, senders);
            } else {
                transaction(txs, senders, r.nextDouble() < spec.hotRatio());
            }
        }
        pre.state.stateRoot(); // hash the pre-state once, so that copies only rehash what a block touches
        Block block = new Block(header(), txs, List.of(), withdrawals());
        return new RandomBlock(spec, new ChainConfig(CHAIN_ID, ForkSchedule.fixed(spec.fork())), pre.state, block,
                senders, kinds);
    }

    private BlockHeader header() {
        boolean cancun = spec.fork().isEnabled(Fork.CANCUN);
        return new BlockHeader(Hash.fromHex("0x" + "11".repeat(32)), Keccak.EMPTY_LIST, coinbase, Hash.ZERO,
                Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT, new byte[256], U256.ZERO, 1_000 + r.nextInt(1_000),
                BLOCK_GAS_LIMIT, 0, 1_700_000_000L + r.nextInt(1_000_000), new byte[0],
                Hash.fromHex("0x" + "22".repeat(32)), 0, baseFee, Keccak.EMPTY_TRIE_ROOT,
                cancun ? 0L : null, cancun ? 0L : null, cancun ? Hash.fromHex("0x" + "ab".repeat(32)) : null);
    }

    private List<Withdrawal> withdrawals() {
        List<Withdrawal> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            Address to = switch (r.nextInt(5)) {
                case 0 -> coinbase;
                case 1 -> pre.empty(r);
                case 2 -> pre.fresh();
                case 3 -> pre.destructor(r);
                default -> pre.rich(r);
            };
            list.add(new Withdrawal(i, i, to, r.nextInt(3) == 0 ? 0 : r.nextLong(1, 1_000_000)));
        }
        return list;
    }

    private void count(String kind) {
        kinds.merge(kind, 1, Integer::sum);
    }

    /** Appends one transaction that should be valid (it may still revert, run out of gas...). */
    private void transaction(List<Transaction> txs, List<Address> senders, boolean hot) {
        Address sender = pre.rich(r);
        int roll = r.nextInt(100);
        Address to;
        U256 value = U256.ZERO;
        byte[] data = Bytes.EMPTY;
        long gas = 1_000_000;
        if (roll < 23) {
            count("transfer");
            to = hot ? pre.hotEoa : transferRecipient(sender);
            value = r.nextInt(5) == 0 ? U256.ZERO : U256.of(r.nextLong(1, 1_000_000_000_000_000_000L));
            gas = 21_000 + r.nextInt(3) * 10_000;
            recipients.add(to);
            if (pre.poor.contains(to) && !value.isZero()) {
                fundedPoor.add(to);
            }
        } else if (roll < 37) {
            count("storage");
            to = hot || r.nextBoolean() ? STORAGE_HOT : STORAGE_COLD;
            data = storageOps(hot);
            value = r.nextInt(6) == 0 ? U256.of(r.nextInt(1, 100)) : U256.ZERO;
        } else if (roll < 51) {
            count("token");
            to = TOKEN;
            data = TestContracts.tokenTransfer(hot ? pre.hotEoa : tokenRecipient(sender), tokenAmount());
        } else if (roll < 61) {
            count("nested");
            to = pre.nested(r);
            data = nestedCalldata(hot);
        } else if (roll < 67) {
            count("create-tx");
            to = null;
            data = TestContracts.initCode(InitKind.values()[r.nextInt(InitKind.values().length)]);
            value = r.nextBoolean() ? U256.ZERO : U256.of(r.nextInt(1, 1_000_000));
            pre.futureContracts.add(Evm.createAddress(sender, pre.nonces.get(sender)));
            gas = 300_000;
        } else if (roll < 73) {
            count("creator");
            to = CREATOR;
            data = creatorCalldata();
        } else if (roll < 77) {
            count("call-child");
            to = pre.pick(r, pre.futureContracts);
            data = r.nextBoolean() ? Bytes.EMPTY
                    : Bytes.concat(U256.of(r.nextInt(4)).toBytes(), U256.of(r.nextInt(1, 9)).toBytes());
        } else if (roll < 81) {
            count("revert");
            to = REVERTER;
            data = U256.of(hot ? 0 : r.nextInt(4)).toBytes();
        } else if (roll < 84) {
            count("out-of-gas");
            to = BURNER;
            data = r.nextBoolean() ? Bytes.EMPTY : new byte[] {1};
            gas = r.nextLong(40_000, 150_000);
        } else if (roll < 90) {
            count("self-destruct");
            to = hot ? DESTRUCTORS[0] : pre.destructor(r);
            data = r.nextInt(3) == 0 ? Bytes.EMPTY : TestContracts.word(beneficiary(to));
            value = r.nextInt(4) == 0 ? U256.of(r.nextInt(1, 1_000)) : U256.ZERO;
        } else if (roll < 96) {
            count("reader");
            to = READER;
            data = readerCalldata();
        } else {
            // A sender whose balance comes from credits earlier in the block: the coinbase's fees,
            // or a transfer to a poor account. Whether it can pay depends on those credits.
            boolean fromCoinbase = pre.poor.contains(coinbase) || pre.eoas.contains(coinbase);
            if (!fromCoinbase && fundedPoor.isEmpty()) {
                transaction(txs, senders, hot);
                return;
            }
            count(fromCoinbase ? "coinbase-sender" : "funded-poor-sender");
            sender = fromCoinbase ? coinbase : pre.pick(r, fundedPoor);
            to = pre.rich(r);
            value = U256.of(r.nextInt(0, 1_000));
            gas = 21_000;
        }
        long nonce = pre.nonces.merge(sender, 1L, Long::sum) - 1;
        txs.add(sign(envelope(nonce, gas, to, value, data)));
        senders.add(sender);
    }

    private Address transferRecipient(Address sender) {
        int roll = r.nextInt(100);
        if (roll < 38) {
            return pre.rich(r);
        } else if (roll < 52) {
            return pre.fresh();
        } else if (roll < 60) {
            return pre.empty(r);
        } else if (roll < 67) {
            return sender;
        } else if (roll < 76) {
            return coinbase;
        } else if (roll < 84) {
            // Where this sender's next creation will deploy: the transfer must see it code-less.
            Address future = Evm.createAddress(sender, pre.nonces.get(sender) + 1);
            pre.futureContracts.add(future);
            return future;
        } else if (roll < 90) {
            return pre.pick(r, pre.futureContracts);
        } else if (roll < 93) {
            return Address.ofNumber(r.nextInt(1, 10)); // a precompile
        } else {
            return pre.poor.isEmpty() ? pre.fresh() : pre.pick(r, pre.poor);
        }
    }

    private byte[] storageOps(boolean hot) {
        int n = r.nextInt(1, 6);
        byte[][] ops = new byte[n][];
        for (int i = 0; i < n; i++) {
            if (hot) {
                int kind = i == 0 ? TestContracts.STORAGE_ADD : r.nextInt(3);
                ops[i] = TestContracts.storageOp(kind, U256.ZERO, U256.of(r.nextInt(1, 5)));
            } else {
                U256 slot = U256.of(r.nextInt(8) == 0 ? 0 : r.nextInt(32));
                U256 value = r.nextInt(5) == 0 ? U256.ZERO : U256.of(r.nextInt(1, 1_000));
                ops[i] = TestContracts.storageOp(r.nextInt(3), slot, value);
            }
        }
        return Bytes.concat(ops);
    }

    private Address tokenRecipient(Address sender) {
        return switch (r.nextInt(6)) {
            case 0 -> sender;
            case 1 -> pre.fresh();
            case 2 -> pre.nested(r);
            default -> pre.rich(r);
        };
    }

    private U256 tokenAmount() {
        return r.nextInt(8) == 0 ? U256.of(1_000_000_000L) : U256.of(r.nextInt(0, 600));
    }

    /** 1 to 4 hops through the nested callers, then a payload for the last target. */
    private byte[] nestedCalldata(boolean hot) {
        List<byte[]> parts = new ArrayList<>();
        for (int h = r.nextInt(0, 4); h > 0; h--) {
            parts.add(TestContracts.hop(hopKind(), hopValue(), pre.nested(r)));
        }
        Address target;
        byte[] payload = Bytes.EMPTY;
        switch (hot ? 0 : r.nextInt(11)) {
            case 0 -> {
                target = STORAGE_HOT;
                payload = storageOps(true);
            }
            case 1 -> {
                target = STORAGE_COLD;
                payload = storageOps(false);
            }
            case 2 -> {
                target = TOKEN;
                payload = TestContracts.tokenTransfer(r.nextBoolean() ? pre.hotEoa : pre.fresh(), tokenAmount());
            }
            case 3 -> {
                target = READER;
                payload = readerCalldata();
            }
            case 4 -> {
                target = REVERTER;
                payload = U256.of(r.nextInt(4)).toBytes();
            }
            case 5 -> {
                target = pre.destructor(r);
                payload = r.nextBoolean() ? Bytes.EMPTY : TestContracts.word(beneficiary(target));
            }
            case 6 -> {
                target = CREATOR;
                payload = creatorCalldata();
            }
            case 7 -> target = BURNER;
            case 8 -> target = pre.pick(r, pre.futureContracts);
            case 9 -> target = switch (r.nextInt(4)) { // a code-less account: a value transfer or a touch
                case 0 -> pre.empty(r);
                case 1 -> pre.fresh();
                case 2 -> coinbase;
                default -> pre.rich(r);
            };
            default -> target = pre.nested(r);
        }
        parts.add(TestContracts.hop(hopKind(), hopValue(), target));
        parts.add(payload);
        return Bytes.concat(parts.toArray(byte[][]::new));
    }

    private int hopKind() {
        int roll = r.nextInt(10);
        return roll < 5 ? TestContracts.HOP_CALL
                : roll < 7 ? TestContracts.HOP_DELEGATECALL
                : roll < 9 ? TestContracts.HOP_STATICCALL
                : TestContracts.HOP_CALLCODE;
    }

    private long hopValue() {
        return r.nextInt(3) == 0 ? r.nextInt(1, 1_000) : 0;
    }

    private byte[] creatorCalldata() {
        InitKind kind = InitKind.values()[r.nextInt(InitKind.values().length)];
        return TestContracts.creatorCall(r.nextInt(4), r.nextInt(3), r.nextBoolean() ? 0 : r.nextInt(1, 1_000),
                TestContracts.initCode(kind));
    }

    private Address beneficiary(Address destructor) {
        return switch (r.nextInt(7)) {
            case 0 -> destructor; // itself
            case 1 -> pre.destructor(r);
            case 2 -> coinbase;
            case 3 -> pre.fresh();
            case 4 -> pre.empty(r);
            default -> pre.rich(r);
        };
    }

    private byte[] readerCalldata() {
        List<Address> read = new ArrayList<>();
        for (int i = r.nextInt(1, 6); i > 0; i--) {
            read.add(switch (r.nextInt(8)) {
                case 0 -> coinbase;
                case 1 -> pre.hotEoa;
                case 2 -> recipients.isEmpty() ? pre.hotEoa : pre.pick(r, recipients);
                case 3 -> pre.destructor(r);
                case 4 -> pre.pick(r, pre.futureContracts);
                case 5 -> pre.empty(r);
                case 6 -> READER;
                default -> pre.rich(r);
            });
        }
        return TestContracts.addressWords(read);
    }

    /**
     * Appends a transaction that is meant to make the block invalid. Some of these may turn out
     * valid (a poor sender may have been paid earlier in the block); both executors must agree.
     */
    private void invalidTransaction(List<Transaction> txs, List<Address> senders) {
        Address sender = pre.rich(r);
        long nonce = pre.nonces.get(sender);
        long gas = 100_000;
        U256 value = U256.ZERO;
        switch (r.nextInt(6)) {
            case 0 -> {
                count("invalid:nonce-too-high");
                nonce++;
            }
            case 1 -> {
                count("invalid:nonce-too-low");
                nonce = nonce == 0 ? 1 : nonce - 1; // a nonce of 0 gets "too high" instead
            }
            case 2 -> {
                count("invalid:value-above-balance");
                value = RandomPreState.RICH.mul(U256.of(1_000));
                pre.nonces.merge(sender, 1L, Long::sum);
            }
            case 3 -> {
                count("invalid:poor-sender");
                sender = pre.poor.isEmpty() ? pre.fresh() : pre.pick(r, pre.poor);
                nonce = pre.nonces.getOrDefault(sender, 0L);
                pre.nonces.put(sender, nonce + 1);
                gas = 1_000_000;
            }
            case 4 -> {
                count("invalid:sender-has-code");
                sender = STORAGE_COLD;
                nonce = 1;
            }
            default -> {
                count("invalid:gas-above-block");
                gas = BLOCK_GAS_LIMIT + 1;
                pre.nonces.merge(sender, 1L, Long::sum);
            }
        }
        txs.add(sign(envelope(nonce, gas, pre.hotEoa, value, Bytes.EMPTY)));
        senders.add(sender);
    }

    /** A transaction of a random type with random fees; the tip is often zero. */
    private UnsignedTransaction envelope(long nonce, long gas, Address to, U256 value, byte[] data) {
        U256 tip = switch (r.nextInt(4)) {
            case 0 -> U256.ZERO;
            case 1 -> U256.ONE;
            default -> U256.of(r.nextLong(1, 3_000_000_000L));
        };
        int roll = r.nextInt(100);
        if (roll < 30) {
            return UnsignedTransaction.legacy(r.nextBoolean() ? CHAIN_ID : null, nonce, baseFee.add(tip), gas, to,
                    value, data);
        }
        List<AccessListEntry> accessList = List.of();
        if (r.nextInt(3) == 0) {
            accessList = List.of(new AccessListEntry(STORAGE_HOT, List.of(U256.ZERO, U256.ONE)),
                    new AccessListEntry(coinbase, List.of()));
            gas += ACCESS_LIST_GAS;
        }
        if (roll < 40) {
            return UnsignedTransaction.accessList(CHAIN_ID, nonce, baseFee.add(tip), gas, to, value, data,
                    accessList);
        }
        // The fee cap sometimes binds, so the effective tip is less than the one offered.
        U256 maxFee = switch (r.nextInt(3)) {
            case 0 -> baseFee.add(tip);
            case 1 -> baseFee.add(tip.shr(1));
            default -> baseFee.add(tip).add(U256.of(r.nextLong(1, 1_000_000_000L)));
        };
        tip = U256.min(tip, maxFee); // EIP-1559: the priority fee may not exceed the cap
        if (roll < 95 || to == null || !spec.fork().isEnabled(Fork.CANCUN) || blobsLeft == 0) {
            return UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, tip, maxFee, gas, to, value, data, accessList);
        }
        count("blob-type");
        List<Hash> blobs = new ArrayList<>();
        for (int i = Math.min(blobsLeft, r.nextInt(1, 3)); i > 0; i--) {
            blobsLeft--;
            byte[] h = new byte[32];
            r.nextBytes(h);
            h[0] = 0x01; // EIP-4844 KZG version byte
            blobs.add(Hash.wrap(h));
        }
        return UnsignedTransaction.blob(CHAIN_ID, nonce, tip, maxFee, gas, to, value, data, accessList,
                U256.of(r.nextInt(1, 10)), blobs);
    }

    private static Transaction sign(UnsignedTransaction tx) {
        return tx.withSignature(DUMMY_SIGNATURE);
    }
}
