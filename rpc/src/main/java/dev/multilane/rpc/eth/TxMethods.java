package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.chain.DecodeResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.pool.AddResult;
import dev.multilane.chain.pool.BlobSidecar;
import dev.multilane.chain.pool.PoolRejection;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.StateSnapshot;
import dev.multilane.store.TxLocation;
import java.util.Optional;

/**
 * The methods that involve the transaction pool: {@code eth_sendRawTransaction}, and the pool-aware
 * versions of {@code eth_getTransactionCount} (with "pending") and {@code eth_getTransactionByHash}
 * (pending transactions, with a null block hash). Registered after {@link EthApi}, they replace the
 * store-only versions of the last two.
 *
 * <p>A blob transaction comes in the network form, with its blobs, commitments and proofs, which
 * {@link BlobNetworkForm} unwraps; the pool verifies them (versioned hashes, KZG proofs) and keeps
 * them with the transaction.
 *
 * <p>Rejections use geth's error messages (core/txpool/errors.go, core/error.go), which client
 * libraries match on, followed by our detail.
 */
public final class TxMethods {
    /** Called after the pool accepted a transaction; a dev node mines it here in automine mode. */
    @FunctionalInterface
    public interface Listener {
        void accepted(AddResult result);
    }

    private final RpcContext ctx;
    private final ChainView chain;
    private final TransactionPool pool;
    private final Listener listener;

    public TxMethods(RpcContext ctx, TransactionPool pool, Listener listener) {
        this.ctx = ctx;
        this.chain = new ChainView(ctx.store());
        this.pool = pool;
        this.listener = listener;
    }

    public void register(JsonRpcDispatcher d) {
        d.register("eth_sendRawTransaction", this::sendRaw);
        d.register("eth_getTransactionCount", p -> transactionCount(p.address(0), p.block(1, false)));
        d.register("eth_getTransactionByHash", p -> transactionByHash(p.hash(0)));
    }

    private MethodResult sendRaw(Params p) {
        byte[] raw = p.atMost(1).data(0);
        BlobSidecar sidecar = null;
        if (BlobNetworkForm.isNetworkForm(raw)) {
            switch (BlobNetworkForm.unwrap(raw)) {
                case BlobNetworkForm.Unwrapped.Ok ok -> {
                    sidecar = ok.sidecar();
                    raw = ok.transaction();
                }
                case BlobNetworkForm.Unwrapped.Bad bad -> {
                    return MethodResult.err(RpcError.server(bad.reason()));
                }
            }
        }
        Transaction tx;
        switch (Transaction.decode(raw)) {
            case DecodeResult.Decoded d -> tx = d.transaction();
            case DecodeResult.Malformed m -> {
                // A typed envelope of a type we do not decode is geth's ErrTxTypeNotSupported.
                if (m.error() == dev.multilane.chain.TxError.UNKNOWN_TYPE) {
                    return MethodResult.err(RpcError.server("transaction type not supported: " + m.message()));
                }
                return MethodResult.err(RpcError.server("invalid transaction encoding (" + m.error() + "): "
                        + m.message()));
            }
        }
        AddResult result = pool.add(tx, sidecar);
        if (result instanceof AddResult.Rejected r) {
            return MethodResult.err(RpcError.server(message(r)));
        }
        listener.accepted(result);
        return MethodResult.ok(TextNode.valueOf(tx.hash().toString()));
    }

    /** geth's message for each rejection; "already known" alone, as geth says it. */
    static String message(AddResult.Rejected r) {
        String geth = switch (r.reason()) {
            case ALREADY_KNOWN -> "already known";
            case NONCE_TOO_LOW -> "nonce too low";
            case NONCE_TOO_FAR_AHEAD -> "nonce too high";
            case INSUFFICIENT_FUNDS -> "insufficient funds for gas * price + value";
            case REPLACEMENT_UNDERPRICED -> "replacement transaction underpriced";
            case POOL_FULL -> "txpool is full";
            case SENDER_LIMIT -> "account limit exceeded";
            case FEE_CAP_TOO_LOW -> "transaction underpriced";
            case INTRINSIC_GAS -> "intrinsic gas too low";
            case GAS_LIMIT_ABOVE_BLOCK -> "exceeds block gas limit";
            case TYPE_NOT_SUPPORTED -> "transaction type not supported";
            case WRONG_CHAIN_ID -> "invalid chain id";
            case INVALID_SIGNATURE -> "invalid sender";
            case SENDER_RESERVED -> "address already reserved";
            case INVALID_BLOBS -> "invalid blob transaction";
            case INVALID -> "invalid transaction";
        };
        return r.reason() == PoolRejection.ALREADY_KNOWN || r.detail() == null || r.detail().isEmpty()
                ? geth : geth + ": " + r.detail();
    }

    private MethodResult transactionCount(Address address, BlockParam block) {
        if (block instanceof BlockParam.Named(BlockParam.Tag tag) && tag == BlockParam.Tag.PENDING) {
            try (StateSnapshot state = ctx.store().snapshot()) {
                return MethodResult.ok(TextNode.valueOf(RpcHex.quantity(pool.nextNonce(address, state))));
            }
        }
        return chain.withState(block, (header, state) -> {
            AccountInfo info = state.account(address);
            return MethodResult.ok(TextNode.valueOf(RpcHex.quantity(info == null ? 0 : info.nonce())));
        });
    }

    private MethodResult transactionByHash(Hash hash) {
        Optional<TxLocation> location = ctx.store().transactionLocation(hash);
        if (location.isPresent()) {
            TxLocation l = location.get();
            Optional<Block> block = ctx.store().block(l.blockHash());
            if (block.isPresent() && l.index() < block.get().transactions().size()) {
                return MethodResult.ok(EthJson.transaction(block.get().transactions().get(l.index()),
                        block.get().header(), l.index()));
            }
        }
        Transaction pending = pool.get(hash);
        return MethodResult.ok(pending == null ? null : EthJson.transaction(pending, null, 0));
    }
}
