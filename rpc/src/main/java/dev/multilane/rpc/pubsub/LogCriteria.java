package dev.multilane.rpc.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcException;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.ChainStore;
import dev.multilane.store.IndexedLog;
import dev.multilane.store.LogFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The criteria of a log filter or a {@code logs} subscription (geth's FilterCriteria): contracts,
 * topics per position (null a wildcard, an array any of its values), and a block range or one
 * block's hash.
 *
 * <p>For logs of new blocks a numeric {@code fromBlock}/{@code toBlock} bounds the block number
 * and a tag bounds nothing, as in geth's event system; for the logs already stored ({@code
 * eth_getFilterLogs}) the tags resolve against the head.
 *
 * @param fromBlock the first block, or null for a tag other than {@code earliest} (0)
 * @param toBlock the last block, or null for a tag
 * @param blockHash the one block, or null
 */
public record LogCriteria(LogFilter match, Long fromBlock, Long toBlock, Hash blockHash) {
    /** geth's limit on topic positions (eth/filters: maxTopics). */
    static final int MAX_TOPICS = 4;
    /** geth's limit on addresses (eth/filters: maxAddresses). */
    static final int MAX_ADDRESSES = 1000;

    private static final Set<String> HEAD_TAGS = Set.of("latest", "pending", "safe", "finalized");

    /** Every log of every new block. */
    public static LogCriteria any() {
        return new LogCriteria(new LogFilter(0, Long.MAX_VALUE, List.of(), List.of()), null, null, null);
    }

    /**
     * Decodes the criteria of a log filter or a {@code logs} subscription, parameter {@code arg}.
     * Malformed values end the call with -32602 (thrown, as {@code Params} does); values that
     * decode but cannot be served come back as geth's -32000 errors, among them geth's rule for
     * new logs: the range is latest..latest, n..latest or n..m with n <= m.
     */
    public static Decoded parse(JsonNode f, int arg) {
        Decoded d = parseQuery(f, arg);
        if (d.error() != null) {
            return d;
        }
        Long from = d.criteria().fromBlock();
        Long to = d.criteria().toBlock();
        // geth's subscribeLogs: latest..latest, n..m with n <= m, or n..latest.
        boolean valid = (from == null && to == null) || (from != null && (to == null || to >= from));
        if (!valid) {
            return new Decoded(null, RpcError.server("invalid from and to block combination"));
        }
        return d;
    }

    /**
     * Decodes eth_getLogs' filter, parameter {@code arg}: as {@link #parse} but without the rule
     * for new logs; the range is checked once {@link #storedQuery} has resolved it against the
     * head, where geth's GetLogs answers "invalid block range params".
     */
    public static Decoded parseQuery(JsonNode f, int arg) {
        if (!f.isObject()) {
            throw new RpcException(RpcError.invalidArgument(arg,
                    "json: cannot unmarshal " + kind(f) + " into Go value of type filters.FilterCriteria"));
        }
        List<Address> addresses = new ArrayList<>();
        JsonNode a = f.get("address");
        if (a != null && !a.isNull()) {
            if (!a.isArray() && !a.isTextual()) {
                throw new RpcException(RpcError.invalidArgument(arg, "invalid addresses in query"));
            }
            for (JsonNode x : a.isArray() ? a : List.of(a)) {
                addresses.add(Address.wrap(fixed(x, Address.SIZE, "common.Address", arg)));
            }
        }
        List<List<Hash>> topics = new ArrayList<>();
        JsonNode t = f.get("topics");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new RpcException(RpcError.invalidArgument(arg, "json: cannot unmarshal " + kind(t)
                        + " into Go struct field .topics of type []interface {}"));
            }
            for (JsonNode position : t) {
                List<Hash> any = new ArrayList<>();
                if (position.isArray()) {
                    for (JsonNode x : position) {
                        if (!x.isNull()) {
                            any.add(Hash.wrap(fixed(x, Hash.SIZE, "common.Hash", arg)));
                        }
                    }
                } else if (!position.isNull()) {
                    any.add(Hash.wrap(fixed(position, Hash.SIZE, "common.Hash", arg)));
                }
                topics.add(any);
            }
        }
        Hash blockHash = null;
        JsonNode h = f.get("blockHash");
        if (h != null && !h.isNull()) {
            if (f.hasNonNull("fromBlock") || f.hasNonNull("toBlock")) {
                throw new RpcException(RpcError.invalidArgument(arg,
                        "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"));
            }
            blockHash = Hash.wrap(fixed(h, Hash.SIZE, "common.Hash", arg));
        }
        Long from = bound(f.get("fromBlock"), arg);
        Long to = bound(f.get("toBlock"), arg);
        if (topics.size() > MAX_TOPICS) {
            return new Decoded(null, RpcError.server("exceed max topics"));
        }
        if (addresses.size() > MAX_ADDRESSES) {
            return new Decoded(null, RpcError.server("exceed max addresses"));
        }
        LogFilter match = new LogFilter(0, Long.MAX_VALUE, addresses, topics);
        return new Decoded(new LogCriteria(match, from, to, blockHash), null);
    }

    /** Criteria, or the error to answer instead. */
    public record Decoded(LogCriteria criteria, RpcError error) {}

    /** Whether a log of a new block matches. */
    public boolean matches(IndexedLog log) {
        if (blockHash != null && !blockHash.equals(log.blockHash())) {
            return false;
        }
        if (fromBlock != null && log.blockNumber() < fromBlock) {
            return false;
        }
        if (toBlock != null && log.blockNumber() > toBlock) {
            return false;
        }
        return match.matches(log.log());
    }

    /** The stored-log query for a chain whose head is {@code head}; blockHash criteria are resolved by the caller. */
    public LogFilter storedRange(long head) {
        long from = fromBlock == null ? head : fromBlock;
        long to = toBlock == null ? head : toBlock;
        return new LogFilter(from, to, match.addresses(), match.topics());
    }

    /** A stored-log query, or the error to answer instead. */
    public record Query(LogFilter filter, RpcError error) {}

    /**
     * The stored logs these criteria mean on {@code store} now (eth_getLogs, eth_getFilterLogs):
     * the one block of {@code blockHash} ("unknown block" when the store lacks it), or the range
     * with tags at the head ("invalid block range params" when it runs backwards).
     */
    public Query storedQuery(ChainStore store) {
        if (blockHash != null) {
            Optional<BlockHeader> h = store.header(blockHash);
            if (h.isEmpty()) {
                return new Query(null, RpcError.server("unknown block"));
            }
            long n = h.get().number();
            return new Query(new LogFilter(n, n, match.addresses(), match.topics()), null);
        }
        LogFilter range = storedRange(store.head().orElseThrow().number());
        if (range.fromBlock() > range.toBlock()) {
            return new Query(null, RpcError.server("invalid block range params"));
        }
        return new Query(range, null);
    }

    /** A fromBlock/toBlock: null for a tag that means the head, 0 for earliest, else the number. */
    private static Long bound(JsonNode n, int arg) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new RpcException(RpcError.invalidArgument(arg, "json: cannot unmarshal " + kind(n)
                    + " into Go value of type string"));
        }
        String s = n.asText();
        if (HEAD_TAGS.contains(s)) {
            return null;
        }
        if (s.equals("earliest")) {
            return 0L;
        }
        try {
            long v = RpcHex.decodeQuantity(s);
            if (v < 0) {
                throw new IllegalArgumentException("block number larger than int64");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(arg, e.getMessage()));
        }
    }

    private static byte[] fixed(JsonNode n, int size, String goType, int arg) {
        if (!n.isTextual()) {
            throw new RpcException(RpcError.invalidArgument(arg, "json: cannot unmarshal " + kind(n)
                    + " into Go value of type " + goType));
        }
        try {
            return RpcHex.decodeFixed(n.asText(), size, goType);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(arg, e.getMessage()));
        }
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case STRING -> "string";
            default -> "value";
        };
    }
}
