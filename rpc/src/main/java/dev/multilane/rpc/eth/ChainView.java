package dev.multilane.rpc.eth;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.RpcError;
import dev.multilane.store.ChainStore;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Block parameters resolved against the store. The store keeps one chain and no finality labels,
 * so {@code safe}, {@code finalized} and {@code pending} all mean the head (as on a dev chain whose
 * every block is final at once).
 */
public final class ChainView {
    private final ChainStore store;

    public ChainView(ChainStore store) {
        this.store = store;
    }

    public ChainStore store() {
        return store;
    }

    public BlockHeader head() {
        return store.header(store.head().orElseThrow().hash()).orElseThrow();
    }

    /** The header a parameter names, or empty when there is no such block. */
    public Optional<BlockHeader> header(BlockParam param) {
        return switch (param) {
            case BlockParam.Named n -> switch (n.tag()) {
                case EARLIEST -> store.header(0);
                case LATEST, PENDING, SAFE, FINALIZED -> Optional.of(head());
            };
            case BlockParam.Number n -> store.header(n.number());
            case BlockParam.ByHash h -> store.header(h.hash())
                    .filter(b -> !h.requireCanonical() || store.canonicalHash(b.number()).equals(Optional.of(h.hash())));
        };
    }

    /**
     * The head's header when {@code param} names the head; otherwise an error, since only the
     * head's state is kept (historical state would need per-block state diffs or trie nodes).
     */
    public StateAt stateAt(BlockParam param) {
        Optional<BlockHeader> header = header(param);
        if (header.isEmpty()) {
            return new StateAt(null, MethodResult.err(RpcError.server(param instanceof BlockParam.ByHash
                    ? "header for hash not found" : "header not found")));
        }
        BlockHeader head = head();
        if (!header.get().hash().equals(head.hash())) {
            return new StateAt(null, MethodResult.err(RpcError.server("historical state not available: block "
                    + header.get().number() + " is not the head (" + head.number() + "); only the head's state is kept")));
        }
        return new StateAt(head, null);
    }

    /** Either the head header or the error to return. */
    public record StateAt(BlockHeader header, MethodResult error) {}

    /**
     * The sum of difficulties from genesis to the block (geth's totalDifficulty field). Walks the
     * chain: linear in the block number, fine for dev chains; a long chain would store it per block.
     */
    public BigInteger totalDifficulty(BlockHeader header) {
        BigInteger td = BigInteger.ZERO;
        for (long n = 0; n <= header.number(); n++) {
            Optional<BlockHeader> h = n == header.number() ? Optional.of(header) : store.header(n);
            if (h.isPresent()) {
                td = td.add(h.get().difficulty().toBigInteger());
            }
        }
        return td;
    }

    public Optional<Hash> canonicalHash(long number) {
        return store.canonicalHash(number);
    }
}
