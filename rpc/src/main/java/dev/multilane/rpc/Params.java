package dev.multilane.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.function.Function;

/**
 * A call's positional parameters with decoders for the Ethereum encodings. A parameter that is
 * missing or does not decode ends the call with geth's -32602 error ("invalid argument N: ...") by
 * throwing {@link RpcException}, which only the dispatcher catches.
 */
public final class Params {
    private final ArrayNode values;

    public Params(ArrayNode values) {
        this.values = values;
    }

    public static Params of(JsonNode... values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (JsonNode v : values) {
            a.add(v);
        }
        return new Params(a);
    }

    public int size() {
        return values.size();
    }

    /** True when parameter {@code i} is absent or JSON null (optional parameters). */
    public boolean absent(int i) {
        return i >= values.size() || values.get(i).isNull();
    }

    /** The raw JSON of a required parameter. */
    public JsonNode node(int i) {
        if (absent(i)) {
            throw new RpcException(RpcError.invalidParams("missing value for required argument " + i));
        }
        return values.get(i);
    }

    /** Fails unless there are at most {@code n} parameters, as geth does. */
    public Params atMost(int n) {
        if (values.size() > n) {
            throw new RpcException(RpcError.invalidParams("too many arguments, want at most " + n));
        }
        return this;
    }

    public String text(int i) {
        JsonNode n = node(i);
        if (!n.isTextual()) {
            throw new RpcException(RpcError.invalidArgument(i, "json: cannot unmarshal " + jsonKind(n)
                    + " into Go value of type string"));
        }
        return n.asText();
    }

    public long quantity(int i) {
        return decode(i, RpcHex::decodeQuantity);
    }

    public U256 u256(int i) {
        return decode(i, RpcHex::decodeU256);
    }

    public byte[] data(int i) {
        return decode(i, RpcHex::decodeData);
    }

    public Address address(int i) {
        return decode(i, s -> Address.wrap(RpcHex.decodeFixed(s, Address.SIZE, "common.Address")));
    }

    public Hash hash(int i) {
        return decode(i, s -> Hash.wrap(RpcHex.decodeFixed(s, Hash.SIZE, "common.Hash")));
    }

    public boolean bool(int i) {
        JsonNode n = node(i);
        if (!n.isBoolean()) {
            throw new RpcException(RpcError.invalidArgument(i, "json: cannot unmarshal " + jsonKind(n)
                    + " into Go value of type bool"));
        }
        return n.booleanValue();
    }

    /** A block parameter; {@code latest} when optional and absent. */
    public BlockParam block(int i, boolean optional) {
        if (optional && absent(i)) {
            return BlockParam.LATEST;
        }
        try {
            return BlockParams.parse(node(i));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(i, e.getMessage()));
        }
    }

    private <T> T decode(int i, Function<String, T> decoder) {
        String s = text(i);
        try {
            return decoder.apply(s);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcError.invalidArgument(i, e.getMessage()));
        }
    }

    static String jsonKind(JsonNode n) {
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
