package dev.multilane.chain.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One folder of {@code shared/fixtures/mainnet-blocks}: a real mainnet block ({@code block.json}),
 * the accounts it touches as they were before it ({@code pre_state.json}) and, for some blocks,
 * ancestor hashes for BLOCKHASH ({@code block_hashes.json}). The pre-state is partial: a block's
 * gas, receipts and bloom can be checked against its header, its state root cannot.
 *
 * <p>The pre-state is kept private and handed out as copies, so a fixture can be replayed any
 * number of times (sequentially, then in parallel) from the same starting point.
 */
public final class MainnetBlockFixture {
    public static final String BLOCK_FILE = "block.json";
    public static final String PRE_STATE_FILE = "pre_state.json";
    public static final String BLOCK_HASHES_FILE = "block_hashes.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Block block;
    private final Hash expectedHash;
    private final List<Address> senders;
    private final List<Hash> ommerHashes;
    private final InMemoryWorldState preState;
    private final Map<Long, Hash> blockHashes;

    private MainnetBlockFixture(Path dir, Block block, Hash expectedHash, List<Address> senders,
            List<Hash> ommerHashes, InMemoryWorldState preState, Map<Long, Hash> blockHashes) {
        this.dir = dir;
        this.block = block;
        this.expectedHash = expectedHash;
        this.senders = List.copyOf(senders);
        this.ommerHashes = List.copyOf(ommerHashes);
        this.preState = preState;
        this.blockHashes = Map.copyOf(blockHashes);
    }

    /** True when {@code dir} is a fixture folder (it holds a {@code block.json}). */
    public static boolean isFixture(Path dir) {
        return Files.isRegularFile(dir.resolve(BLOCK_FILE));
    }

    /**
     * Reads a fixture folder.
     *
     * @throws IOException when a file cannot be read or is not JSON
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static MainnetBlockFixture load(Path dir) throws IOException {
        JsonNode blockJson = JSON.readTree(dir.resolve(BLOCK_FILE).toFile());
        Block block = BlockJson.fromRpc(blockJson);
        InMemoryWorldState state = preState(JSON.readTree(dir.resolve(PRE_STATE_FILE).toFile()));
        Map<Long, Hash> hashes = new HashMap<>();
        Path hashesFile = dir.resolve(BLOCK_HASHES_FILE);
        if (Files.isRegularFile(hashesFile)) {
            JSON.readTree(hashesFile.toFile()).properties().forEach(e ->
                    hashes.put(Long.parseLong(e.getKey()), Hash.fromHex(e.getValue().asText())));
        }
        return new MainnetBlockFixture(dir, block, RpcJson.hash(blockJson, "hash"), BlockJson.senders(blockJson),
                BlockJson.ommerHashes(blockJson), state, hashes);
    }

    /** {address: {balance, nonce, code?, storage?: {slot: value}}}, all quantities in hex. */
    private static InMemoryWorldState preState(JsonNode accounts) {
        InMemoryWorldState state = new InMemoryWorldState();
        for (Map.Entry<String, JsonNode> e : accounts.properties()) {
            JsonNode a = e.getValue();
            Map<U256, U256> storage = new HashMap<>();
            if (a.hasNonNull("storage")) {
                a.get("storage").properties().forEach(s ->
                        storage.put(U256.parse(s.getKey()), U256.parse(s.getValue().asText())));
            }
            byte[] code = a.hasNonNull("code") ? Hex.decode(a.get("code").asText()) : null;
            long nonce = a.hasNonNull("nonce") ? RpcJson.quantity(a, "nonce") : 0;
            state.putAccount(Address.fromHex(e.getKey()), nonce, RpcJson.u256(a, "balance"), code, storage);
        }
        return state;
    }

    public Path dir() {
        return dir;
    }

    public Block block() {
        return block;
    }

    /** The block hash the JSON gives, which the header must hash to. */
    public Hash expectedHash() {
        return expectedHash;
    }

    /** Each transaction's {@code from}, as the JSON gives it. */
    public List<Address> senders() {
        return senders;
    }

    /** The ommer hashes the JSON lists; their headers, and so their rewards, are unknown. */
    public List<Hash> ommerHashes() {
        return ommerHashes;
    }

    /** A fresh copy of the pre-state, to run the block on. */
    public InMemoryWorldState newPreState() {
        return preState.copy();
    }

    /** Ancestor hashes from {@code block_hashes.json}; null for numbers it lacks. */
    public LongFunction<Hash> blockHashes() {
        return blockHashes::get;
    }

    /**
     * Recovers every sender from its signature and lists each one that is not the JSON's {@code
     * from} (or does not recover); empty when all agree.
     */
    public List<String> senderMismatches() {
        List<String> mismatches = new ArrayList<>();
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            String problem = switch (txs.get(i).recoverSender()) {
                case SenderResult.Recovered r -> r.sender().equals(senders.get(i)) ? null : "recovered " + r.sender();
                case SenderResult.Unrecoverable u -> u.error() + ": " + u.message();
            };
            if (problem != null) {
                mismatches.add("tx " + i + " " + txs.get(i).hash() + ": from " + senders.get(i) + ", " + problem);
            }
        }
        return mismatches;
    }

    @Override
    public String toString() {
        return "MainnetBlockFixture{" + dir + ", block " + block.number() + "}";
    }
}
