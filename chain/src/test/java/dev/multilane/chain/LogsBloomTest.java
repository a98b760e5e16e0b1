package dev.multilane.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsBloomTest {
    /**
     * keccak(20 zero bytes) = 0x5380c7b7ae81...: byte pairs 0x5380, 0xc7b7, 0xae81 masked to 11 bits
     * are 896, 1975 and 1665. Bit b sits in byte 255 - b/8 under mask 1 << (b % 8): byte 143 gets
     * 0x01, byte 9 gets 0x80, byte 47 gets 0x02.
     */
    @Test
    void zeroAddressSetsThreeHandCheckedBits() {
        assertEquals(Hash.fromHex("0x5380c7b7ae81a58eb98d9c78de4a1fd7fd9535fc953ed2be602daaa41767312a"),
                Keccak.of(new byte[20]));
        byte[] expected = new byte[256];
        expected[143] = 0x01;
        expected[9] = (byte) 0x80;
        expected[47] = 0x02;
        LogsBloom bloom = LogsBloom.of(List.of(new Log(Address.ZERO, List.of(), new byte[] {1, 2, 3})));
        assertArrayEquals(expected, bloom.toBytes());
    }

    /**
     * keccak(32 zero bytes) = 0x290decd9548b...: 0x290d, 0xecd9, 0x548b give bits 269, 1241 and
     * 1163, so byte 222 gets 0x20, byte 100 gets 0x02, byte 110 gets 0x08; with the zero address
     * as the log's address its three bits join them.
     */
    @Test
    void topicBitsJoinAddressBits() {
        assertEquals(Hash.fromHex("0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"),
                Keccak.of(new byte[32]));
        byte[] expected = new byte[256];
        expected[143] = 0x01;
        expected[9] = (byte) 0x80;
        expected[47] = 0x02;
        expected[222] = 0x20;
        expected[100] = 0x02;
        expected[110] = 0x08;
        LogsBloom bloom = new LogsBloom().add(new Log(Address.ZERO, List.of(Hash.ZERO), new byte[0]));
        assertArrayEquals(expected, bloom.toBytes());
        assertTrue(bloom.mightContain(new byte[32]));
        assertTrue(bloom.mightContain(new byte[20]));
        assertFalse(bloom.mightContain(new byte[] {1}));
    }

    @Test
    void orUnitesAndLeavesTheArgumentAlone() {
        LogsBloom a = new LogsBloom().addValue(new byte[20]);
        LogsBloom b = new LogsBloom().addValue(new byte[32]);
        LogsBloom both = new LogsBloom().addValue(new byte[20]).addValue(new byte[32]);
        byte[] bBefore = b.toBytes();
        assertEquals(both, a.or(b));
        assertArrayEquals(bBefore, b.toBytes());
        assertEquals(new LogsBloom(), LogsBloom.of(List.of()));
        assertEquals(both, LogsBloom.fromBytes(both.toBytes()));
    }

    @Test
    void toBytesIsACopy() {
        LogsBloom bloom = new LogsBloom();
        bloom.toBytes()[0] = 1;
        assertEquals(new LogsBloom(), bloom);
    }

    /**
     * The per-thread cache of recent values must never change a bloom: many values, most of them
     * sharing cache slots, each added again and again in a shuffled order, against bits computed
     * straight from the keccak hash.
     */
    @Test
    void cachedValuesSetTheSameBitsAsHashing() {
        java.util.Random random = new java.util.Random(7);
        List<byte[]> values = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            byte[] v = new byte[i % 3 == 0 ? 20 : 32];
            random.nextBytes(v);
            values.add(v);
        }
        for (int round = 0; round < 4; round++) {
            java.util.Collections.shuffle(values, random);
            for (byte[] v : values) {
                byte[] expected = new byte[LogsBloom.SIZE];
                byte[] h = Keccak.hash(v);
                for (int i = 0; i < 6; i += 2) {
                    int bit = (((h[i] & 0xff) << 8) | (h[i + 1] & 0xff)) & 2047;
                    expected[LogsBloom.SIZE - 1 - bit / 8] |= (byte) (1 << (bit % 8));
                }
                assertArrayEquals(expected, new LogsBloom().addValue(v).toBytes());
            }
        }
    }
}
