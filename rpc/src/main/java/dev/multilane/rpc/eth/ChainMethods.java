package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.BlockCodec;
import dev.multilane.store.ChainStore;
import dev.multilane.store.IndexedLog;
import dev.multilane.store.LogFilter;
import dev.multilane.store.TxLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chain data: identity, blocks, transactions, receipts, logs and their raw encodings, all read from
 * the store. A block or transaction that does not exist is a null result, as in geth.
 */
public final class ChainMethods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RpcContext ctx;
    private final ChainStore store;
    private final ChainView chain;

    public ChainMethods(RpcContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
        this.chain = new ChainView(ctx.store());
    }

    public void register(JsonRpcDispatcher d) {
        d.register("web3_clientVersion", p -> ok(ctx.clientVersion()));
        d.register("net_version", p -> ok(Long.toUnsignedString(ctx.config().chainId())));
        d.register("eth_chainId", p -> ok(RpcHex.quantity(ctx.config().chainId())));
        d.register("eth_blockNumber", p -> ok(RpcHex.quantity(chain.head().number())));
        d.register("eth_syncing", p -> MethodResult.ok(BooleanNode.FALSE));
        d.register("eth_getBlockByNumber", p -> blockBy(p.block(0, false), p.bool(1)));
        d.register("eth_getBlockByHash", p -> blockBy(new BlockParam.ByHash(p.hash(0), false), p.bool(1)));
        d.register("eth_getBlockTransactionCountByNumber", p -> txCount(p.block(0, false)));
        d.register("eth_getBlockTransactionCountByHash", p -> txCount(new BlockParam.ByHash(p.hash(0), false)));
        d.register("eth_getTransactionByHash", p -> transactionAt(store.transactionLocation(p.hash(0))));
        d.register("eth_getTransactionByBlockHashAndIndex",
                p -> transactionIn(new BlockParam.ByHash(p.hash(0), false), p.quantity(1)));
        d.register("eth_getTransactionByBlockNumberAndIndex", p -> transactionIn(p.block(0, false), p.quantity(1)));
        d.register("eth_getTransactionReceipt", this::receipt);
        d.register("eth_getBlockReceipts", p -> blockReceipts(p.block(0, false)));
        d.register("eth_getLogs", p -> logs(p.node(0)));
        d.register("debug_getRawHeader", p -> raw(p.block(0, false), h -> h.encode()));
        d.register("debug_getRawBlock", p -> rawBlock(p.block(0, false)));
        d.register("debug_getRawReceipts", p -> rawReceipts(p.block(0, false)));
        d.register("debug_getRawTransaction", p -> rawTransaction(p.hash(0)));
    }

    private static MethodResult ok(String s) {
        return MethodResult.ok(TextNode.valueOf(s));
    }

    private MethodResult blockBy(BlockParam param, boolean full) {
        Optional<Block> block = chain.header(param).flatMap(h -> store.block(h.hash()));
        return MethodResult.ok(block.map(b -> EthJson.block(b, chain.totalDifficulty(b.header()), full)).orElse(null));
    }

    private MethodResult txCount(BlockParam param) {
        return MethodResult.ok(chain.header(param).flatMap(h -> store.block(h.hash()))
                .map(b -> (JsonNode) TextNode.valueOf(RpcHex.quantity(b.transactions().size()))).orElse(null));
    }

    private MethodResult transactionAt(Optional<TxLocation> location) {
        if (location.isEmpty()) {
            return MethodResult.ok(null);
        }
        TxLocation l = location.get();
        Optional<Block> block = store.block(l.blockHash());
        if (block.isEmpty() || l.index() >= block.get().transactions().size()) {
            return MethodResult.ok(null);
        }
        return MethodResult.ok(EthJson.transaction(block.get().transactions().get(l.index()), block.get().header(),
                l.index()));
    }

    private MethodResult transactionIn(BlockParam param, long index) {
        Optional<BlockHeader> h = chain.header(param);
        if (h.isEmpty() || index < 0 || index > Integer.MAX_VALUE) {
            return MethodResult.ok(null);
        }
        return transactionAt(Optional.of(new TxLocation(h.get().number(), h.get().hash(), (int) index)));
    }

    private MethodResult receipt(Params p) {
        Optional<TxLocation> location = store.transactionLocation(p.hash(0));
        if (location.isEmpty()) {
            return MethodResult.ok(null);
        }
        TxLocation l = location.get();
        Block block = store.block(l.blockHash()).orElseThrow();
        List<Receipt> receipts = store.receipts(l.blockHash()).orElseThrow();
        return MethodResult.ok(EthJson.receipt(block, receipts, l.index(), logsBefore(receipts, l.index())));
    }

    private MethodResult blockReceipts(BlockParam param) {
        Optional<Block> block = chain.header(param).flatMap(h -> store.block(h.hash()));
        if (block.isEmpty()) {
            return MethodResult.ok(null);
        }
        List<Receipt> receipts = store.receipts(block.get().header().hash()).orElseThrow();
        ArrayNode out = NODES.arrayNode();
        int logIndex = 0;
        for (int i = 0; i < receipts.size(); i++) {
            out.add(EthJson.receipt(block.get(), receipts, i, logIndex));
            logIndex += receipts.get(i).logs().size();
        }
        return MethodResult.ok(out);
    }

    private static int logsBefore(List<Receipt> receipts, int index) {
        int n = 0;
        for (int i = 0; i < index; i++) {
            n += receipts.get(i).logs().size();
        }
        return n;
    }

    private MethodResult raw(BlockParam param, java.util.function.Function<BlockHeader, byte[]> encode) {
        return MethodResult.ok(chain.header(param).map(h -> (JsonNode) TextNode.valueOf(Hex.encode(encode.apply(h))))
                .orElse(null));
    }

    private MethodResult rawBlock(BlockParam param) {
        return MethodResult.ok(chain.header(param).flatMap(h -> store.block(h.hash()))
                .map(b -> (JsonNode) TextNode.valueOf(Hex.encode(BlockCodec.encodeBlock(b)))).orElse(null));
    }

    private MethodResult rawReceipts(BlockParam param) {
        Optional<BlockHeader> h = chain.header(param);
        if (h.isEmpty()) {
            return MethodResult.ok(null);
        }
        ArrayNode out = NODES.arrayNode();
        store.receipts(h.get().hash()).orElseThrow().forEach(r -> out.add(Hex.encode(r.encode())));
        return MethodResult.ok(out);
    }

    private MethodResult rawTransaction(Hash txHash) {
        Optional<TxLocation> l = store.transactionLocation(txHash);
        return MethodResult.ok(l.flatMap(loc -> store.block(loc.blockHash()))
                .map(b -> (JsonNode) TextNode.valueOf(Hex.encode(b.transactions().get(l.get().index()).encode())))
                .orElse(null));
    }

    /** eth_getLogs: {fromBlock, toBlock} or {blockHash}, with address and topics filters. */
    private MethodResult logs(JsonNode f) {
        if (!f.isObject()) {
            throw new RpcException(RpcError.invalidArgument(0, "json: cannot unmarshal non-object into filter criteria"));
        }
        List<Address> addresses = new ArrayList<>();
        JsonNode a = f.get("address");
        if (a != null && !a.isNull()) {
            for (JsonNode x : a.isArray() ? a : NODES.arrayNode().add(a)) {
                addresses.add(Address.wrap(fixed(x, Address.SIZE, "common.Address")));
            }
        }
        List<List<Hash>> topics = new ArrayList<>();
        JsonNode t = f.get("topics");
        if (t != null && !t.isNull()) {
            for (JsonNode position : t) {
                List<Hash> any = new ArrayList<>();
                if (position.isArray()) {
                    position.forEach(x -> any.add(Hash.wrap(fixed(x, Hash.SIZE, "common.Hash"))));
                } else if (!position.isNull()) {
                    any.add(Hash.wrap(fixed(position, Hash.SIZE, "common.Hash")));
                }
                topics.add(any);
            }
        }
        long from;
        long to;
        JsonNode blockHash = f.get("blockHash");
        if (blockHash != null && !blockHash.isNull()) {
            if (f.hasNonNull("fromBlock") || f.hasNonNull("toBlock")) {
                throw new RpcException(RpcError.invalidArgument(0, "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"));
            }
            Optional<BlockHeader> h = store.header(Hash.wrap(fixed(blockHash, Hash.SIZE, "common.Hash")));
            if (h.isEmpty()) {
                return MethodResult.err(RpcError.server("unknown block"));
            }
            from = to = h.get().number();
        } else {
            from = rangeEnd(f.get("fromBlock"));
            to = rangeEnd(f.get("toBlock"));
            if (from > to) {
                return MethodResult.err(RpcError.server("invalid block range params"));
            }
        }
        ArrayNode out = NODES.arrayNode();
        for (IndexedLog l : store.logs(new LogFilter(from, to, addresses, topics))) {
            out.add(EthJson.log(l.log(), l.blockNumber(), l.blockHash(), l.transactionHash(), l.transactionIndex(),
                    l.logIndex()));
        }
        return MethodResult.ok(out);
    }

    /** A fromBlock/toBlock value: a number, or a tag (every tag but earliest is the head here). */
    private long rangeEnd(JsonNode n) {
        if (n == null || n.isNull()) {
            return chain.head().number();
        }
        return switch (n.asText()) {
            case "latest", "pending", "safe", "finalized" -> chain.head().number();
            case "earliest" -> 0;
            default -> {
                try {
                    yield RpcHex.decodeQuantity(n.asText());
                } catch (IllegalArgumentException e) {
                    throw new RpcException(RpcError.invalidArgument(0, e.getMessage()));
                }
            }
        };
    }

    private static byte[] fixed(JsonNode n, int size, String goType) {
        try {
            return RpcHex.decodeFixed(n.asText(), size, goType);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(0, e.getMessage()));
        }
    }
}
