package dev.multilane.rpc.eth;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.RpcError;
import dev.multilane.store.ChainStore;
import dev.multilane.store.StateSnapshot;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Block parameters resolved against the store, and the state at a block. The store keeps one chain
 * and no finality labels, so {@code safe}, {@code finalized} and {@code pending} all mean the head
 * (as on a dev chain whose every block is final at once).
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

    /** What to do with the state after a block: its header and a view valid during the call. */
    @FunctionalInterface
    public interface StateAction {
        MethodResult run(BlockHeader header, StateView state);
    }

    /**
     * Runs {@code action} on the state after the block {@code param} names, head or earlier (the
     * store's history index answers for earlier blocks), read from one RocksDB snapshot so that a
     * block committed or rolled back meanwhile changes nothing the action sees. An unknown block is
     * geth's "header not found"; a block that stopped being canonical between the lookup and the
     * snapshot (an evm_revert) is an error to retry.
     */
    public MethodResult withState(BlockParam param, StateAction action) {
        Optional<BlockHeader> found = header(param);
        if (found.isEmpty()) {
            return MethodResult.err(RpcError.server(param instanceof BlockParam.ByHash
                    ? "header for hash not found" : "header not found"));
        }
        BlockHeader header = found.get();
        try (StateSnapshot snapshot = store.snapshot()) {
            if (snapshot.head() == null || header.number() > snapshot.head().number()
                    || !snapshot.canonicalHash(header.number()).equals(Optional.of(header.hash()))) {
                return MethodResult.err(RpcError.server("block " + header.number() + " " + header.hash()
                        + " is no longer canonical (the chain was rolled back); retry"));
            }
            return action.run(header, snapshot.at(header.number()));
        }
    }

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
