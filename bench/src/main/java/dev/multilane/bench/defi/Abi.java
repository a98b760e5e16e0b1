package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Solidity contract ABI, as much of it as the workloads need: a function selector, and the
 * head/tail encoding of addresses, unsigned integers, booleans, strings and address arrays.
 * Arguments are Java values: {@link Address}, {@link U256}, {@link Long} or {@link Integer}
 * (unsigned), {@link Boolean}, {@link String} and {@code List<Address>}.
 */
public final class Abi {
    private static final int WORD = 32;

    private Abi() {}

    /** The first four bytes of keccak256 of a canonical signature such as {@code "transfer(address,uint256)"}. */
    public static byte[] selector(String signature) {
        return Arrays.copyOf(Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4);
    }

    /** Calldata: the selector of {@code signature}, then its arguments encoded. */
    public static byte[] call(String signature, Object... args) {
        return Bytes.concat(selector(signature), encode(args));
    }

    /**
     * The arguments as a tuple: a head of one word per argument (the value itself, or for a string
     * or array the offset of its tail), then the tails in order.
     */
    public static byte[] encode(Object... args) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (Object arg : args) {
            byte[] dynamic = dynamicPart(arg);
            if (dynamic == null) {
                head.writeBytes(word(arg));
            } else {
                head.writeBytes(U256.of((long) args.length * WORD + tail.size()).toBytes());
                tail.writeBytes(dynamic);
            }
        }
        head.writeBytes(tail.toByteArray());
        return head.toByteArray();
    }

    /** Word {@code index} of a call's return data, as an unsigned integer. */
    public static U256 word(byte[] output, int index) {
        if (output.length < (index + 1) * WORD) {
            throw new IllegalArgumentException("return data of " + output.length + " bytes has no word " + index);
        }
        return U256.fromBytes(output, index * WORD, WORD);
    }

    private static byte[] word(Object arg) {
        return switch (arg) {
            case Address a -> Bytes.leftPad(a.bytes(), WORD);
            case U256 u -> u.toBytes();
            case Long l -> U256.of(l).toBytes();
            case Integer i -> U256.of(Integer.toUnsignedLong(i)).toBytes();
            case Boolean b -> U256.of(b ? 1 : 0).toBytes();
            default -> throw new IllegalArgumentException("no ABI word for " + arg.getClass().getSimpleName());
        };
    }

    /** The tail of a dynamic argument (its length, then its contents padded to words), or null for a static one. */
    private static byte[] dynamicPart(Object arg) {
        return switch (arg) {
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                byte[] padded = Arrays.copyOf(utf8, (utf8.length + WORD - 1) / WORD * WORD);
                yield Bytes.concat(U256.of(utf8.length).toBytes(), padded);
            }
            case List<?> list -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(U256.of(list.size()).toBytes());
                for (Object element : list) {
                    if (!(element instanceof Address)) {
                        throw new IllegalArgumentException("only address[] arrays are supported");
                    }
                    out.writeBytes(word(element));
                }
                yield out.toByteArray();
            }
            default -> null;
        };
    }
}
