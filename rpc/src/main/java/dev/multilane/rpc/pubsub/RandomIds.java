package dev.multilane.rpc.pubsub;

import dev.multilane.primitives.Hex;
import java.security.SecureRandom;

/**
 * Subscription and filter ids: 16 random bytes as 0x-hex, as geth makes them, so an id cannot be
 * guessed to read or cancel another client's filter.
 */
final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    static String next() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Hex.encode(b);
    }
}
