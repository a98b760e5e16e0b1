package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void encode() {
        assertEquals("0x", Hex.encode(Bytes.EMPTY));
        assertEquals("0x00ff10ab", Hex.encode(new byte[] {0, (byte) 0xff, 0x10, (byte) 0xab}));
        assertEquals("ff10", Hex.encodeBare(new byte[] {0, (byte) 0xff, 0x10, 1}, 1, 2));
    }

    @Test
    void decode() {
        assertArrayEquals(Bytes.EMPTY, Hex.decode(""));
        assertArrayEquals(Bytes.EMPTY, Hex.decode("0x"));
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, Hex.decode("0xABcd"));
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, Hex.decode("0Xabcd"));
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, Hex.decode("abcd"));
        assertArrayEquals(new byte[] {0x01, 0x23}, Hex.decode("0x123"), "odd length");
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0x12g4"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0x 1"));
    }

    @Test
    void roundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, Hex.decode(Hex.encode(all)));
    }
}
