package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RlpReaderTest {
    private static final Address ADDR = Address.fromHex("0x00112233445566778899aabbccddeeff00112233");

    @Test
    void readsAStructure() {
        Hash h = Keccak.of(new byte[] {1});
        byte[] encoded = Rlp.encodeList(Rlp.encodeLong(9), Rlp.encodeU256(U256.MAX),
                Rlp.encodeBytes(ADDR.bytes()), Rlp.EMPTY_STRING, Rlp.encodeBytes(h.bytes()),
                Rlp.encodeList(Rlp.encodeBytes(new byte[] {'a', 'b'})), Rlp.encodeLong(0));
        RlpReader r = RlpReader.ofSingleList(encoded);
        assertFalse(r.isList());
        assertEquals(9, r.readLong());
        assertEquals(U256.MAX, r.readU256());
        assertEquals(ADDR, r.readOptionalAddress());
        assertNull(r.readOptionalAddress());
        assertEquals(h, r.readHash());
        assertTrue(r.isList());
        RlpReader inner = r.enterList();
        assertArrayEquals(new byte[] {'a', 'b'}, inner.readBytes());
        inner.expectEnd();
        assertEquals(0, r.readLong());
        assertFalse(r.hasNext());
        r.expectEnd();
    }

    @Test
    void readRawAndSkip() {
        byte[] item1 = Rlp.encodeList(Rlp.encodeLong(1), Rlp.encodeBytes(new byte[60]));
        byte[] item2 = Rlp.encodeBytes(ADDR.bytes());
        RlpReader r = new RlpReader(Bytes.concat(item1, item2, Rlp.encodeLong(0x7f)));
        assertArrayEquals(item1, r.readRaw());
        assertEquals(item1.length, r.position());
        r.skip();
        assertEquals(0x7f, r.readLong());
        r.expectEnd();
    }

    @Test
    void integers() {
        assertEquals(-1L, new RlpReader(Hex.decode("88ffffffffffffffff")).readLong(), "2^64-1");
        assertEquals(0x80, new RlpReader(Hex.decode("8180")).readLong());
        rejects("00", RlpReader::readLong); // zero is 0x80, not a zero byte
        rejects("820001", RlpReader::readLong);
        rejects("89010000000000000000", RlpReader::readLong);
        rejects("a1" + "01" + "00".repeat(32), RlpReader::readU256);
        rejects("c0", RlpReader::readLong);
    }

    @Test
    void fixedSizes() {
        rejects("94" + "00".repeat(19), RlpReader::readAddress); // truncated
        rejects("93" + "00".repeat(19), RlpReader::readAddress);
        rejects("80", RlpReader::readAddress);
        rejects("9f" + "00".repeat(31), RlpReader::readHash);
        rejects("8101", RlpReader::readOptionalAddress);
    }

    @Test
    void nonCanonicalHeaders() {
        rejects("8100", RlpReader::readBytes); // single byte below 0x80 wrapped in a header
        rejects("817f", RlpReader::readBytes);
        rejects("b800", RlpReader::readBytes); // long form for a short length
        rejects("b837" + "00".repeat(55), RlpReader::readBytes);
        rejects("b90038" + "00".repeat(56), RlpReader::readBytes); // leading zero in length
        rejects("f837" + "00".repeat(55), RlpReader::enterList);
        rejects("bb7fffffff", RlpReader::readBytes); // longer than the input
        rejects("bc80000000" + "00", RlpReader::readBytes); // 2^31 overflows an int
        rejects("bf0f000000000000021111", RlpReader::readBytes);
        rejects("b9", RlpReader::readBytes); // input ends inside the length
        rejects("", RlpReader::readBytes);
        assertArrayEquals(new byte[] {(byte) 0x80}, new RlpReader(Hex.decode("8180")).readBytes());
        assertArrayEquals(new byte[56], new RlpReader(Hex.decode("b838" + "00".repeat(56))).readBytes());
    }

    @Test
    void boundsOfEnclosingList() {
        // The list claims 2 bytes of payload but its string item needs 3.
        RlpReader list = new RlpReader(Hex.decode("c2820102")).enterList();
        RlpException e = assertThrows(RlpException.class, list::readBytes);
        assertEquals(1, e.offset());
        assertTrue(e.getMessage().contains("offset 1"), e.getMessage());
    }

    @Test
    void trailingBytes() {
        assertThrows(RlpException.class, () -> RlpReader.ofSingleList(Hex.decode("c0c0")));
        assertThrows(RlpException.class, () -> RlpReader.ofSingleList(Hex.decode("80")));
        RlpReader r = new RlpReader(Hex.decode("0102"));
        r.readLong();
        RlpException e = assertThrows(RlpException.class, r::expectEnd);
        assertEquals(1, e.offset());
        assertEquals(2, new RlpReader(Hex.decode("ff0102ff"), 1, 2).readLong() + 1);
        assertThrows(RlpException.class, () -> new RlpReader(new byte[0]).isList());
    }

    @Test
    void typeMismatch() {
        rejects("c0", RlpReader::readBytes);
        rejects("80", RlpReader::enterList);
    }

    private static void rejects(String hex, Consumer<RlpReader> read) {
        assertThrows(RlpException.class, () -> {
            RlpReader r = new RlpReader(Hex.decode(hex));
            read.accept(r);
        }, hex);
    }
}
