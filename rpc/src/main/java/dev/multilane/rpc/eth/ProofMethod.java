package dev.multilane.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.BlockParam;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.StateProofs;
import dev.multilane.store.StateSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * eth_getProof (EIP-1186): an account and some of its slots with their Merkle proofs, at the head
 * or any earlier block. The store rebuilds the block's tries for it (see the store's {@code
 * StateProofs}), so a proof costs time in proportion to the state: fine for a dev chain.
 *
 * <p>Output as geth writes it: a missing account has zero balance and nonce and a zero code hash; a
 * storage key comes back as given when it was 32 bytes, else as a quantity ("0x00" → "0x0").
 */
final class ProofMethod {
    private final ChainView chain;

    ProofMethod(ChainView chain) {
        this.chain = chain;
    }

    MethodResult getProof(Params p) {
        Address address = p.address(0);
        JsonNode keysNode = p.node(1);
        BlockParam block = p.block(2, false);
        if (keysNode == null || !keysNode.isArray()) {
            return MethodResult.err(RpcError.invalidArgument(1, "want an array of storage keys"));
        }
        List<U256> slots = new ArrayList<>();
        List<Integer> keyLengths = new ArrayList<>();
        for (JsonNode k : keysNode) {
            byte[] slot;
            try {
                slot = StateMethods.storageKey(k.asText());
            } catch (IllegalArgumentException e) {
                return MethodResult.err(RpcError.server("unable to decode storage key: " + e.getMessage()));
            }
            slots.add(U256.fromBytes(slot));
            String digits = k.asText().replaceFirst("^0[xX]", "");
            keyLengths.add((digits.length() + 1) / 2);
        }
        Optional<dev.multilane.chain.block.BlockHeader> header = chain.header(block);
        if (header.isEmpty()) {
            return MethodResult.err(RpcError.server(block instanceof BlockParam.ByHash
                    ? "header for hash not found" : "header not found"));
        }
        try (StateSnapshot snapshot = chain.store().snapshot()) {
            long number = header.get().number();
            if (snapshot.head() == null || number > snapshot.head().number()
                    || !snapshot.canonicalHash(number).equals(Optional.of(header.get().hash()))) {
                return MethodResult.err(RpcError.server("block " + number + " is no longer canonical; retry"));
            }
            return MethodResult.ok(json(snapshot.proof(number, address, slots), keyLengths));
        }
    }

    private static ObjectNode json(StateProofs.AccountProof proof, List<Integer> keyLengths) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        AccountInfo a = proof.account();
        o.put("address", proof.address().toString());
        o.set("accountProof", nodes(proof.accountProof()));
        o.put("balance", RpcHex.quantity(a == null ? U256.ZERO : a.balance()));
        o.put("codeHash", (a == null ? Hash.ZERO : a.codeHash()).toString());
        o.put("nonce", RpcHex.quantity(a == null ? 0 : a.nonce()));
        o.put("storageHash", proof.storageRoot().toString());
        ArrayNode storage = o.putArray("storageProof");
        for (int i = 0; i < proof.storage().size(); i++) {
            StateProofs.SlotProof s = proof.storage().get(i);
            ObjectNode e = storage.addObject();
            e.put("key", keyLengths.get(i) == 32 ? Hex.encode(s.slot().toBytes()) : RpcHex.quantity(s.slot()));
            e.put("value", RpcHex.quantity(s.value()));
            e.set("proof", nodes(s.proof()));
        }
        return o;
    }

    private static ArrayNode nodes(List<byte[]> proof) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        proof.forEach(n -> a.add(Hex.encode(n)));
        return a;
    }
}
