package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder at its boundaries: single bytes, the 55/56-byte switch to long lengths. */
class RlpTest {
    @Test
    void strings() {
        assertEquals("0x80", Hex.encode(Rlp.encodeBytes(Bytes.EMPTY)));
        assertEquals("0x00", Hex.encode(Rlp.encodeBytes(new byte[] {0})));
        assertEquals("0x7f", Hex.encode(Rlp.encodeBytes(new byte[] {0x7f})));
        assertEquals("0x8180", Hex.encode(Rlp.encodeBytes(new byte[] {(byte) 0x80})));
        assertEquals("0xb7", Hex.encode(Rlp.encodeBytes(new byte[55])).substring(0, 4));
        assertEquals("0xb838", Hex.encode(Rlp.encodeBytes(new byte[56])).substring(0, 6));
        assertEquals("0xb90100", Hex.encode(Rlp.encodeBytes(new byte[256])).substring(0, 8));
        assertEquals(3 + 65535, Rlp.encodeBytes(new byte[65535]).length); // b9ffff
        assertEquals(4 + 65536, Rlp.encodeBytes(new byte[65536]).length); // ba010000
    }

    @Test
    void integers() {
        assertEquals("0x80", Hex.encode(Rlp.encodeLong(0)));
        assertEquals("0x7f", Hex.encode(Rlp.encodeLong(127)));
        assertEquals("0x8180", Hex.encode(Rlp.encodeLong(128)));
        assertEquals("0x820400", Hex.encode(Rlp.encodeLong(1024)));
        assertEquals("0x88ffffffffffffffff", Hex.encode(Rlp.encodeLong(-1L)));
        assertEquals("0x80", Hex.encode(Rlp.encodeU256(U256.ZERO)));
        assertEquals("0xa0" + "ff".repeat(32), Hex.encode(Rlp.encodeU256(U256.MAX)));
    }

    @Test
    void lists() {
        assertEquals("0xc0", Hex.encode(Rlp.encodeList()));
        assertEquals("0xc0", Hex.encode(Rlp.encodeList(List.of())));
        assertEquals("0xc3010203", Hex.encode(Rlp.encodeList(Rlp.encodeLong(1), Rlp.encodeLong(2),
                Rlp.encodeLong(3))));
        byte[] payload55 = Rlp.encodeBytes(new byte[54]); // 1 + 54 bytes
        assertEquals("0xf7", Hex.encode(Rlp.encodeList(payload55)).substring(0, 4));
        byte[] payload56 = Rlp.encodeBytes(new byte[55]);
        assertEquals("0xf838", Hex.encode(Rlp.encodeList(payload56)).substring(0, 6));
    }

    @Test
    void roundTripThroughReader() {
        for (int len : new int[] {0, 1, 55, 56, 255, 256, 70000}) {
            byte[] value = new byte[len];
            for (int i = 0; i < len; i++) {
                value[i] = (byte) (i * 7 + 0x81);
            }
            RlpReader r = new RlpReader(Rlp.encodeList(Rlp.encodeBytes(value))).enterList();
            assertEquals(Hex.encode(value), Hex.encode(r.readBytes()), "length " + len);
            r.expectEnd();
        }
        for (long v : new long[] {0, 1, 127, 128, 255, 256, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            assertEquals(v, new RlpReader(Rlp.encodeLong(v)).readLong());
        }
    }

    /** The one-pass list of byte strings equals the list of separately encoded strings. */
    @Test
    void bytesListMatchesListOfEncodedStrings() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[][] values = new byte[random.nextInt(5)][];
            byte[][] encoded = new byte[values.length][];
            for (int i = 0; i < values.length; i++) {
                int length = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(2);
                    case 1 -> 50 + random.nextInt(10);
                    case 2 -> random.nextInt(300);
                    default -> 60_000 + random.nextInt(10_000);
                };
                values[i] = new byte[length];
                random.nextBytes(values[i]);
                encoded[i] = Rlp.encodeBytes(values[i]);
                assertEquals(encoded[i].length, Rlp.encodedBytesLength(values[i]));
            }
            assertEquals(Hex.encode(Rlp.encodeList(encoded)), Hex.encode(Rlp.encodeBytesList(values)));
        }
    }

    /** encodeLong writes what encoding the long's minimal bytes as a string writes. */
    @Test
    void integersMatchStringEncodingOfMinimalBytes() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 5000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            assertEquals(Hex.encode(Rlp.encodeBytes(Bytes.ofUnsignedLong(v))), Hex.encode(Rlp.encodeLong(v)));
        }
    }
}
