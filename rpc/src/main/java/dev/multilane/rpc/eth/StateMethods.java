package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcHex;

/**
 * Account state: balance, nonce, code and storage, and their proofs (eth_getProof, {@link
 * ProofMethod}), at the head or any earlier block (the store's history index; see {@link
 * ChainView#withState}).
 */
public final class StateMethods {
    private final RpcContext ctx;
    private final ChainView chain;

    public StateMethods(RpcContext ctx) {
        this.ctx = ctx;
        this.chain = new ChainView(ctx.store());
    }

    public void register(JsonRpcDispatcher d) {
        d.register("eth_getBalance", p -> read(p.address(0), p.block(1, false), (s, a) -> {
            AccountInfo info = s.account(a);
            return RpcHex.quantity(info == null ? U256.ZERO : info.balance());
        }));
        d.register("eth_getTransactionCount", p -> read(p.address(0), p.block(1, false), (s, a) -> {
            AccountInfo info = s.account(a);
            return RpcHex.quantity(info == null ? 0 : info.nonce());
        }));
        d.register("eth_getCode", p -> read(p.address(0), p.block(1, false), (s, a) -> Hex.encode(s.code(a))));
        d.register("eth_getStorageAt", this::storageAt);
        d.register("eth_getProof", new ProofMethod(chain)::getProof);
    }

    private interface Reader {
        String read(StateView state, Address address);
    }

    private MethodResult read(Address address, BlockParam block, Reader reader) {
        return chain.withState(block, (header, state) -> MethodResult.ok(TextNode.valueOf(reader.read(state, address))));
    }

    private MethodResult storageAt(Params p) {
        Address address = p.address(0);
        String key = p.text(1);
        BlockParam block = p.block(2, false);
        byte[] slot;
        try {
            slot = storageKey(key);
        } catch (IllegalArgumentException e) {
            return MethodResult.err(RpcError.server("unable to decode storage key: " + e.getMessage()));
        }
        U256 slotWord = U256.fromBytes(slot);
        return read(address, block, (s, a) -> Hex.encode(s.storage(a, slotWord).toBytes()));
    }

    /** geth's decodeHash: optional 0x, odd length padded, at most 32 bytes, left-padded. */
    static byte[] storageKey(String s) {
        String digits = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (digits.length() % 2 == 1) {
            digits = "0" + digits;
        }
        if (digits.length() > 64) {
            throw new IllegalArgumentException("hex string too long, want at most 32 bytes");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("hex string invalid");
            }
        }
        return Bytes.leftPad(Hex.decode(digits), 32);
    }

}
