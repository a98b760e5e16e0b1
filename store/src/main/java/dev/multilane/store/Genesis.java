package dev.multilane.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.evm.Fork;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain's starting point, read from a geth-format {@code genesis.json}: the chain config, block 0
 * and the allocated accounts.
 *
 * <p>Block 0 is built as geth's {@code Genesis.ToBlock} builds it, so that its hash is the one geth
 * computes for the same file: the state root of the alloc, empty transaction, receipt and ommer
 * roots, a zero bloom, and the fields each fork at block 0 adds with geth's defaults (gas limit
 * 4,712,388 when zero; when the difficulty is absent, 131,072 for an ethash config with a zero
 * mixHash and 0 otherwise; base fee 1 gwei under
 * London when absent; the empty withdrawals root under Shanghai; blob gas fields 0 and a zero
 * parent beacon block root under Cancun, EIP-4788).
 *
 * @param alloc the allocated accounts as changes to an empty state, in address order
 */
public record Genesis(ChainConfig config, Block block, List<AccountChange> alloc) {
    /** geth's params.GenesisGasLimit. */
    static final long DEFAULT_GAS_LIMIT = 4_712_388;
    /** geth's params.GenesisDifficulty. */
    static final U256 DEFAULT_DIFFICULTY = U256.of(131_072);
    /** geth's params.InitialBaseFee (EIP-1559). */
    static final U256 INITIAL_BASE_FEE = U256.of(1_000_000_000);

    public Genesis {
        alloc = List.copyOf(alloc);
    }

    public Hash hash() {
        return block.header().hash();
    }

    /**
     * Reads a genesis file.
     *
     * @throws IllegalArgumentException when a field is malformed or the fork config is one
     *     Multilane cannot run (see {@link GenesisConfig})
     */
    public static Genesis read(Path file) throws IOException {
        return parse(new ObjectMapper().readTree(file.toFile()));
    }

    public static Genesis parse(String json) {
        try {
            return parse(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("genesis is not JSON: " + e.getMessage(), e);
        }
    }

    public static Genesis parse(JsonNode json) {
        JsonNode configJson = field(json, "config");
        Hash mixHash = json.hasNonNull("mixHash") ? hash(json, "mixHash") : Hash.ZERO;
        U256 difficulty;
        if (json.hasNonNull("difficulty")) {
            difficulty = GenesisConfig.u256(json, "difficulty");
        } else {
            // Current geth: zero without an ethash config, else the PoW default when mixHash is zero.
            boolean ethash = configJson.has("ethash");
            difficulty = ethash && mixHash.equals(Hash.ZERO) ? DEFAULT_DIFFICULTY : U256.ZERO;
        }
        ChainConfig config = GenesisConfig.parse(configJson, difficulty);
        long number = GenesisConfig.quantity(json, "number", 0);
        long timestamp = GenesisConfig.quantity(json, "timestamp", 0);
        Fork fork = config.forks().forkAt(number, timestamp);
        if (fork == null) {
            throw new IllegalArgumentException("no fork Multilane runs is active at the genesis block");
        }
        List<AccountChange> alloc = alloc(json.get("alloc"));
        long gasLimit = GenesisConfig.quantity(json, "gasLimit", 0);
        boolean london = fork.isEnabled(Fork.LONDON);
        boolean shanghai = fork.isEnabled(Fork.SHANGHAI);
        boolean cancun = fork.isEnabled(Fork.CANCUN);
        U256 baseFee = json.hasNonNull("baseFeePerGas") ? GenesisConfig.u256(json, "baseFeePerGas") : INITIAL_BASE_FEE;
        BlockHeader header = new BlockHeader(
                json.hasNonNull("parentHash") ? hash(json, "parentHash") : Hash.ZERO,
                Keccak.EMPTY_LIST,
                json.hasNonNull("coinbase") ? Address.fromHex(json.get("coinbase").asText()) : Address.ZERO,
                stateRoot(alloc),
                Keccak.EMPTY_TRIE_ROOT,
                Keccak.EMPTY_TRIE_ROOT,
                new byte[256],
                difficulty,
                number,
                gasLimit == 0 ? DEFAULT_GAS_LIMIT : gasLimit,
                GenesisConfig.quantity(json, "gasUsed", 0),
                timestamp,
                json.hasNonNull("extraData") ? Hex.decode(json.get("extraData").asText()) : new byte[0],
                mixHash,
                GenesisConfig.quantity(json, "nonce", 0),
                london ? baseFee : null,
                shanghai ? Keccak.EMPTY_TRIE_ROOT : null,
                cancun ? GenesisConfig.quantity(json, "blobGasUsed", 0) : null,
                cancun ? GenesisConfig.quantity(json, "excessBlobGas", 0) : null,
                // geth always uses zero here (the genesis has no parent); a value in the file is honoured.
                cancun ? (json.hasNonNull("parentBeaconBlockRoot") ? hash(json, "parentBeaconBlockRoot") : Hash.ZERO)
                        : null);
        Block block = new Block(header, List.of(), List.of(), shanghai ? List.of() : null);
        return new Genesis(config, block, alloc);
    }

    /** The alloc as an in-memory state, for tests and tools. */
    public InMemoryWorldState state() {
        InMemoryWorldState state = new InMemoryWorldState();
        state.apply(alloc);
        return state;
    }

    private static Hash stateRoot(List<AccountChange> alloc) {
        InMemoryWorldState state = new InMemoryWorldState();
        state.apply(alloc);
        return state.stateRoot();
    }

    /**
     * geth's alloc: address (with or without 0x) → {balance, nonce?, code?, storage?}. Storage keys
     * and values are 32-byte hex words; zero values are dropped, as a trie cannot hold them.
     */
    private static List<AccountChange> alloc(JsonNode alloc) {
        List<AccountChange> accounts = new ArrayList<>();
        if (alloc == null || alloc.isNull()) {
            return accounts;
        }
        for (Map.Entry<String, JsonNode> e : alloc.properties()) {
            JsonNode a = e.getValue();
            Address address = Address.fromHex(e.getKey());
            byte[] code = a.hasNonNull("code") ? Hex.decode(a.get("code").asText()) : new byte[0];
            Map<U256, U256> storage = new HashMap<>();
            if (a.hasNonNull("storage")) {
                for (Map.Entry<String, JsonNode> s : a.get("storage").properties()) {
                    U256 value = U256.fromBytes(Hex.decode(s.getValue().asText()));
                    if (!value.isZero()) {
                        storage.put(U256.fromBytes(Hex.decode(s.getKey())), value);
                    }
                }
            }
            U256 balance = a.hasNonNull("balance") ? GenesisConfig.u256(a, "balance") : U256.ZERO;
            AccountInfo info = new AccountInfo(GenesisConfig.quantity(a, "nonce", 0), balance,
                    code.length == 0 ? Keccak.EMPTY : Keccak.of(code));
            accounts.add(new AccountChange(address, info, code.length == 0 ? null : code, false, storage));
        }
        accounts.sort(Comparator.comparing(AccountChange::address));
        return accounts;
    }

    private static JsonNode field(JsonNode json, String name) {
        JsonNode v = json.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("genesis has no '" + name + "'");
        }
        return v;
    }

    private static Hash hash(JsonNode json, String name) {
        return Hash.wrap(fixed(json.get(name).asText(), Hash.SIZE, name));
    }

    private static byte[] fixed(String hex, int size, String name) {
        byte[] b = Hex.decode(hex);
        if (b.length != size) {
            throw new IllegalArgumentException("'" + name + "' must be " + size + " bytes: " + hex);
        }
        return b;
    }
}
