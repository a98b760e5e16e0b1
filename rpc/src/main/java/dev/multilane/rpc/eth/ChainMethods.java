package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcHex;
import dev.multilane.rpc.pubsub.LogCriteria;
import dev.multilane.store.BlockCodec;
import dev.multilane.store.ChainStore;
import dev.multilane.store.IndexedLog;
import dev.multilane.store.TxLocation;
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
        Hash blockHash = block.get().header().hash();
        List<Receipt> receipts = store.receipts(blockHash).orElseThrow();
        ArrayNode out = NODES.arrayNode();
        int logIndex = 0;
        for (int i = 0; i < receipts.size(); i++) {
            out.add(EthJson.receipt(block.get(), blockHash, receipts, i, logIndex));
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

    /**
     * eth_getLogs: {fromBlock, toBlock} or {blockHash}, with address and topics filters, decoded
     * and resolved as the polling filters' criteria are, with geth's errors ("exceed max topics",
     * "invalid block range params", blockHash with a range).
     */
    private MethodResult logs(JsonNode f) {
        LogCriteria.Decoded d = LogCriteria.parseQuery(f, 0);
        if (d.error() != null) {
            return MethodResult.err(d.error());
        }
        LogCriteria.Query q = d.criteria().storedQuery(store);
        if (q.error() != null) {
            return MethodResult.err(q.error());
        }
        ArrayNode out = NODES.arrayNode();
        for (IndexedLog l : store.logs(q.filter())) {
            out.add(EthJson.log(l.log(), l.blockNumber(), l.blockHash(), l.transactionHash(), l.transactionIndex(),
                    l.logIndex()));
        }
        return MethodResult.ok(out);
    }
}
