package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTest {
    private static final String HEX = "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b";

    @Test
    void hexRoundTrip() {
        Address a = Address.fromHex(HEX);
        assertEquals(HEX, a.toString());
        assertEquals(a, Address.fromHex(HEX.toUpperCase().replace("0X", "0x")));
        assertEquals(a.hashCode(), Address.fromHex(HEX).hashCode());
        assertThrows(IllegalArgumentException.class, () -> Address.fromHex("0x1234"));
        assertThrows(IllegalArgumentException.class, () -> Address.wrap(new byte[21]));
    }

    @Test
    void wordLimbs() {
        Address a = Address.fromHex(HEX);
        assertEquals(a, Address.fromWord(a.u0(), a.u1(), a.u2()));
        assertEquals(U256.parse(HEX), a.toU256());
        assertEquals(a, a.toU256().toAddress());
        // The EVM drops the top 96 bits of a stack word.
        assertEquals(a, new U256(a.u0(), a.u1(), a.u2() | 0xdead_0000_0000L, -1L).toAddress());
    }

    @Test
    void smallNumbersAndHashTails() {
        assertEquals("0x0000000000000000000000000000000000000001", Address.ofNumber(1).toString());
        assertEquals("0x000000000000000000000000000000000000000a", Address.ofNumber(10).toString());
        byte[] hash = Hex.decode("0x" + "11".repeat(12) + HEX.substring(2));
        assertEquals(Address.fromHex(HEX), Address.fromHashTail(hash));
    }

    @Test
    void orderingIsUnsigned() {
        Address low = Address.ofNumber(1);
        Address high = Address.fromHex("0xff00000000000000000000000000000000000000");
        assertTrue(low.compareTo(high) < 0);
        assertNotEquals(low, high);
        assertEquals(0, Address.ZERO.compareTo(Address.wrap(new byte[20])));
    }
}
