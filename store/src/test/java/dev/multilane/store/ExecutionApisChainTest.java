package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.evm.Log;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution-apis test chain end to end: its genesis and its 20 Cancun blocks (chain.rlp) are
 * executed with the chain module's BlockProcessor on a {@link PersistentWorldState} and committed;
 * the database is reopened; then every data lookup among the JSON-RPC conformance cases is answered
 * from the store and compared, field by field, with what a real client answered.
 *
 * <p>Cases that are not the store's to answer are counted apart, each with its reason: errors for
 * malformed parameters (the RPC layer's), and state at a block other than the head (historical
 * state is not kept). Methods that execute code (eth_call, eth_estimateGas, ...) are not listed.
 */
class ExecutionApisChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("eth_blockNumber", "eth_chainId", "eth_getBalance",
            "eth_getCode", "eth_getStorageAt", "eth_getTransactionCount", "eth_getBlockByHash", "eth_getBlockByNumber",
            "eth_getBlockTransactionCountByHash", "eth_getBlockTransactionCountByNumber", "eth_getTransactionByHash",
            "eth_getTransactionByBlockHashAndIndex", "eth_getTransactionByBlockNumberAndIndex",
            "eth_getTransactionReceipt", "eth_getBlockReceipts", "eth_getLogs", "debug_getRawBlock",
            "debug_getRawHeader", "debug_getRawReceipts", "debug_getRawTransaction");

    @TempDir
    Path dir;

    @Test
    void importTheChainThenAnswerTheRpcCases() throws IOException {
        Genesis genesis = Genesis.read(Fixtures.executionApis().resolve("genesis.json"));
        int imported = importChain(genesis);
        assertEquals(20, imported);

        try (ChainStore store = ChainStore.open(dir)) {
            PersistentWorldState reopened = PersistentWorldState.open(store); // checks root == head stateRoot
            assertEquals(store.header(20).orElseThrow().stateRoot(), reopened.committedRoot());
            int passed = 0;
            List<String> failures = new ArrayList<>();
            List<String> notApplicable = new ArrayList<>();
            for (String method : METHODS) {
                for (Path io : cases(method)) {
                    String name = method + "/" + io.getFileName();
                    JsonNode request = JSON.readTree(Fixtures.request(io));
                    JsonNode response = JSON.readTree(Fixtures.response(io));
                    if (response.has("error")) {
                        notApplicable.add(name + " (parameter error: the RPC layer's)");
                        continue;
                    }
                    Answer answer = answer(store, method, request.get("params"), response.get("result"));
                    switch (answer) {
                        case Answer.NotApplicable n -> notApplicable.add(name + " (" + n.reason() + ")");
                        case Answer.Compared c when c.mismatches().isEmpty() -> passed++;
                        case Answer.Compared c -> failures.add(name + ": " + c.mismatches());
                    }
                }
            }
            System.out.println("ExecutionApisRpc: " + passed + " passed, " + failures.size() + " failed, "
                    + notApplicable.size() + " not the store's to answer");
            failures.forEach(f -> System.out.println("  FAIL " + f));
            notApplicable.forEach(n -> System.out.println("  n/a  " + n));
            assertEquals(List.of(), failures);
            assertTrue(passed >= 50, "cases answered: " + passed);
        }
    }

    /** Executes and commits every block of chain.rlp; fails on the first block whose results differ from its header. */
    private int importChain(Genesis genesis) throws IOException {
        byte[] rlp = Files.readAllBytes(Fixtures.executionApis().resolve("chain.rlp"));
        BlockProcessor processor = BlockProcessor.sequential(genesis.config(), true);
        int imported = 0;
        List<String> failures = new ArrayList<>();
        try (ChainStore store = ChainStore.open(dir)) {
            assertInstanceOf(CommitOutcome.Committed.class, store.initialize(genesis));
            PersistentWorldState world = PersistentWorldState.open(store);
            RlpReader reader = new RlpReader(rlp);
            while (reader.hasNext()) {
                Block block = BlockCodec.readBlock(reader);
                BlockHeader h = block.header();
                BlockOutcome outcome = processor.process(block, world, n -> store.canonicalHash(n).orElse(null), null);
                if (!(outcome instanceof BlockOutcome.Processed(BlockResult r))) {
                    failures.add("block " + h.number() + ": " + outcome);
                    break;
                }
                List<String> problems = new ArrayList<>();
                if (r.gasUsed() != h.gasUsed()) {
                    problems.add("gasUsed " + r.gasUsed() + " != " + h.gasUsed());
                }
                if (!r.receiptsRoot().equals(h.receiptsRoot())) {
                    problems.add("receiptsRoot");
                }
                if (!Arrays.equals(r.logsBloom().toBytes(), h.logsBloom())) {
                    problems.add("logsBloom");
                }
                if (!h.stateRoot().equals(r.stateRoot())) {
                    problems.add("stateRoot " + r.stateRoot() + " != " + h.stateRoot());
                }
                CommitOutcome committed = world.commit(block, r.receipts());
                if (!(committed instanceof CommitOutcome.Committed)) {
                    problems.add("commit " + committed);
                }
                if (!problems.isEmpty()) {
                    failures.add("block " + h.number() + ": " + problems);
                    break;
                }
                imported++;
            }
        }
        System.out.println("ExecutionApisImport: " + imported + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);
        return imported;
    }

    private static List<Path> cases(String method) throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.executionApis().resolve(method))) {
            return s.filter(p -> p.toString().endsWith(".io")).sorted().toList();
        }
    }

    sealed interface Answer {
        record Compared(List<String> mismatches) implements Answer {}

        record NotApplicable(String reason) implements Answer {}
    }

    /** Answers one call from the store and compares it with {@code expected} (the client's result). */
    private static Answer answer(ChainStore store, String method, JsonNode params, JsonNode expected) {
        Compare c = new Compare();
        ChainHead head = store.head().orElseThrow();
        switch (method) {
            case "eth_blockNumber" -> c.eq("number", expected, quantity(head.number()));
            case "eth_chainId" -> c.eq("chainId", expected, quantity(store.chainId().orElseThrow()));
            case "eth_getBalance", "eth_getCode", "eth_getStorageAt", "eth_getTransactionCount" -> {
                JsonNode blockParam = params.get(params.size() - 1);
                if (!blockHash(store, blockParam).equals(Optional.of(head.hash()))) {
                    return new Answer.NotApplicable("state at a block other than the head");
                }
                try (StateSnapshot state = store.snapshot()) {
                    Address address = Address.fromHex(params.get(0).asText());
                    AccountInfo info = state.account(address);
                    switch (method) {
                        case "eth_getBalance" -> c.eq("balance", expected, (info == null ? U256.ZERO : info.balance()).toHexString());
                        case "eth_getCode" -> c.eq("code", expected, Hex.encode(state.code(address)));
                        case "eth_getTransactionCount" -> c.eq("nonce", expected, quantity(info == null ? 0 : info.nonce()));
                        default -> c.eq("storage", expected, Hex.encode(state.storage(address,
                                U256.fromBytes(Hex.decode(params.get(1).asText()))).toBytes()));
                    }
                }
            }
            case "eth_getBlockByHash", "eth_getBlockByNumber" ->
                    block(c, expected, blockHash(store, params.get(0)).flatMap(store::block));
            case "eth_getBlockTransactionCountByHash", "eth_getBlockTransactionCountByNumber" -> {
                Optional<Block> block = blockHash(store, params.get(0)).flatMap(store::block);
                c.eq("count", expected, block.map(b -> quantity(b.transactions().size())).orElse(null));
            }
            case "eth_getTransactionByHash" ->
                    transaction(store, c, expected, store.transactionLocation(Hash.fromHex(params.get(0).asText())));
            case "eth_getTransactionByBlockHashAndIndex", "eth_getTransactionByBlockNumberAndIndex" -> {
                int index = Integer.decode(params.get(1).asText());
                Optional<TxLocation> location = blockHash(store, params.get(0)).flatMap(store::header)
                        .map(h -> new TxLocation(h.number(), h.hash(), index));
                transaction(store, c, expected, location);
            }
            case "eth_getTransactionReceipt" -> {
                Optional<TxLocation> location = store.transactionLocation(Hash.fromHex(params.get(0).asText()));
                if (c.presence(expected, location.isPresent())) {
                    receipt(store, c, expected, location.get());
                }
            }
            case "eth_getBlockReceipts" -> {
                Optional<BlockHeader> header = blockHash(store, params.get(0)).flatMap(store::header);
                if (c.presence(expected, header.isPresent())) {
                    c.eq("receipt count", quantity(expected.size()), quantity(store.receipts(header.get().hash()).orElseThrow().size()));
                    for (int i = 0; i < expected.size(); i++) {
                        receipt(store, c, expected.get(i), new TxLocation(header.get().number(), header.get().hash(), i));
                    }
                }
            }
            case "eth_getLogs" -> logs(store, c, params.get(0), expected);
            case "debug_getRawBlock" -> c.eq("raw block", expected,
                    blockHash(store, params.get(0)).flatMap(store::block).map(b -> Hex.encode(BlockCodec.encodeBlock(b))).orElse(null));
            case "debug_getRawHeader" -> c.eq("raw header", expected,
                    blockHash(store, params.get(0)).flatMap(store::header).map(h -> Hex.encode(h.encode())).orElse(null));
            case "debug_getRawReceipts" -> {
                List<String> raw = blockHash(store, params.get(0)).flatMap(store::receipts).orElseThrow().stream()
                        .map(r -> Hex.encode(r.encode())).toList();
                List<String> want = new ArrayList<>();
                expected.forEach(e -> want.add(e.asText()));
                c.eq("raw receipts", want.toString(), raw.toString());
            }
            case "debug_getRawTransaction" -> {
                Optional<TxLocation> location = store.transactionLocation(Hash.fromHex(params.get(0).asText()));
                c.eq("raw transaction", expected, location.map(l -> Hex.encode(tx(store, l).encode())).orElse(null));
            }
            default -> throw new IllegalStateException(method);
        }
        return new Answer.Compared(c.mismatches);
    }

    /** A block parameter: a 32-byte hash, a number, or a tag; safe and finalized are the head on this chain. */
    private static Optional<Hash> blockHash(ChainStore store, JsonNode param) {
        String s = param.isObject() ? param.get("blockHash").asText() : param.asText();
        return switch (s) {
            case "latest", "safe", "finalized", "pending" -> Optional.of(store.head().orElseThrow().hash());
            case "earliest" -> store.canonicalHash(0);
            default -> s.length() == 66 ? Optional.of(Hash.fromHex(s)) : store.canonicalHash(Long.decode(s));
        };
    }

    private static void block(Compare c, JsonNode expected, Optional<Block> block) {
        if (!c.presence(expected, block.isPresent())) {
            return;
        }
        Block b = block.get();
        BlockHeader h = b.header();
        c.eq("hash", expected.get("hash"), h.hash().toString());
        c.eq("number", expected.get("number"), quantity(h.number()));
        c.eq("stateRoot", expected.get("stateRoot"), h.stateRoot().toString());
        c.eq("receiptsRoot", expected.get("receiptsRoot"), h.receiptsRoot().toString());
        c.eq("logsBloom", expected.get("logsBloom"), Hex.encode(h.logsBloom()));
        List<String> hashes = new ArrayList<>();
        expected.get("transactions").forEach(t -> hashes.add(t.isObject() ? t.get("hash").asText() : t.asText()));
        c.eq("transactions", hashes.toString(), b.transactions().stream().map(t -> t.hash().toString()).toList().toString());
        c.eq("withdrawals", quantity(expected.get("withdrawals").size()), quantity(b.withdrawals().size()));
    }

    private static void transaction(ChainStore store, Compare c, JsonNode expected, Optional<TxLocation> location) {
        Optional<Transaction> tx = location.flatMap(l -> store.block(l.blockHash())
                .filter(b -> l.index() < b.transactions().size()).map(b -> b.transactions().get(l.index())));
        if (!c.presence(expected, tx.isPresent())) {
            return;
        }
        c.eq("hash", expected.get("hash"), tx.get().hash().toString());
        c.eq("blockHash", expected.get("blockHash"), location.get().blockHash().toString());
        c.eq("blockNumber", expected.get("blockNumber"), quantity(location.get().blockNumber()));
        c.eq("transactionIndex", expected.get("transactionIndex"), quantity(location.get().index()));
    }

    private static void receipt(ChainStore store, Compare c, JsonNode expected, TxLocation l) {
        Receipt r = store.receipts(l.blockHash()).orElseThrow().get(l.index());
        c.eq("blockHash", expected.get("blockHash"), l.blockHash().toString());
        c.eq("blockNumber", expected.get("blockNumber"), quantity(l.blockNumber()));
        c.eq("transactionIndex", expected.get("transactionIndex"), quantity(l.index()));
        c.eq("transactionHash", expected.get("transactionHash"), tx(store, l).hash().toString());
        c.eq("type", expected.get("type"), quantity(r.type()));
        c.eq("status", expected.get("status"), quantity(r.success() ? 1 : 0));
        c.eq("cumulativeGasUsed", expected.get("cumulativeGasUsed"), quantity(r.cumulativeGasUsed()));
        c.eq("logsBloom", expected.get("logsBloom"), r.bloom().toString());
        c.eq("logs", quantity(expected.get("logs").size()), quantity(r.logs().size()));
    }

    private static void logs(ChainStore store, Compare c, JsonNode f, JsonNode expected) {
        List<Address> addresses = new ArrayList<>();
        JsonNode a = f.get("address");
        if (a != null && !a.isNull()) {
            (a.isArray() ? a : JSON.createArrayNode().add(a)).forEach(x -> addresses.add(Address.fromHex(x.asText())));
        }
        List<List<Hash>> topics = new ArrayList<>();
        JsonNode t = f.get("topics");
        if (t != null && !t.isNull()) {
            for (JsonNode position : t) {
                List<Hash> any = new ArrayList<>();
                if (position.isArray()) {
                    position.forEach(x -> any.add(Hash.fromHex(x.asText())));
                } else if (!position.isNull()) {
                    any.add(Hash.fromHex(position.asText()));
                }
                topics.add(any);
            }
        }
        List<IndexedLog> logs = store.logs(new LogFilter(Long.decode(f.get("fromBlock").asText()),
                Long.decode(f.get("toBlock").asText()), addresses, topics));
        List<String> want = new ArrayList<>();
        expected.forEach(e -> {
            List<String> ts = new ArrayList<>();
            e.get("topics").forEach(x -> ts.add(x.asText()));
            want.add(String.join(" ", e.get("address").asText(), ts.toString(), e.get("data").asText(),
                    e.get("blockNumber").asText(), e.get("blockHash").asText(), e.get("transactionHash").asText(),
                    e.get("transactionIndex").asText(), e.get("logIndex").asText()));
        });
        List<String> got = logs.stream().map(l -> {
            Log log = l.log();
            return String.join(" ", log.address().toString(), log.topics().stream().map(Hash::toString).toList().toString(),
                    Hex.encode(log.data()), quantity(l.blockNumber()), l.blockHash().toString(),
                    l.transactionHash().toString(), quantity(l.transactionIndex()), quantity(l.logIndex()));
        }).toList();
        c.eq("logs", String.join("\n", want), String.join("\n", got));
    }

    private static Transaction tx(ChainStore store, TxLocation l) {
        return store.block(l.blockHash()).orElseThrow().transactions().get(l.index());
    }

    private static String quantity(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Collects field mismatches; values compare as lower-case strings, null for "no result". */
    private static final class Compare {
        final List<String> mismatches = new ArrayList<>();

        void eq(String field, JsonNode expected, String actual) {
            eq(field, expected == null || expected.isNull() ? null : expected.asText(), actual);
        }

        void eq(String field, String expected, String actual) {
            boolean same = expected == null ? actual == null : actual != null && expected.equalsIgnoreCase(actual);
            if (!same) {
                mismatches.add(field + ": expected " + expected + ", got " + actual);
            }
        }

        /** Checks that a result exists exactly when the client returned one; true when both do. */
        boolean presence(JsonNode expected, boolean present) {
            boolean want = expected != null && !expected.isNull();
            if (want != present) {
                mismatches.add(want ? "expected a result, found none" : "expected null, found a result");
            }
            return want && present;
        }
    }
}
