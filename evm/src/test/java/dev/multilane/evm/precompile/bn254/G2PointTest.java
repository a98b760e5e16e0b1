package dev.multilane.evm.precompile.bn254;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.primitives.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endomorphism-based G2 membership test against the definition [r]Q = ∞. */
class G2PointTest {

    @Test
    void membershipMatchesTheDefinition() throws IOException {
        int passed = 0;
        List<String> failures = new ArrayList<>();
        try (InputStream in = G2PointTest.class.getResourceAsStream("g2-membership.txt")) {
            assertNotNull(in);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\\|");
                boolean member = Boolean.parseBoolean(f[1]);
                byte[] enc = Hex.decode(f[2]);
                G2Point decoded = G2Point.decode(enc, 0);
                // decode() rejects non-members, so rebuild the raw point to ask both tests.
                G2Point raw = decoded != null ? decoded : onTwist(enc);
                assertNotNull(raw, f[0] + " must be on the twist");
                boolean ok = raw.timesOrderIsInfinity() == member && raw.isInSubgroup() == member
                        && (decoded != null) == member;
                if (ok) {
                    passed++;
                } else {
                    failures.add(f[0]);
                }
            }
        }
        System.out.printf("g2-membership: %d passed, %d failed%n", passed, failures.size());
        assertTrue(passed >= 13, "vectors missing");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void multiplesOfTheGeneratorAreMembers() {
        G2Point q = G2Point.GENERATOR;
        for (long k : new long[] {1, 2, 3, 1000, Bn254.U, -1}) {
            G2Point m = q.mul(BigInteger.valueOf(k));
            assertTrue(m.isInSubgroup(), "k = " + k);
            assertEquals(m, G2Point.decode(m.encode(), 0));
        }
        assertTrue(G2Point.INFINITY.isInSubgroup());
        assertEquals(G2Point.INFINITY, G2Point.decode(new byte[128], 0));
    }

    /** The point with the given encoding if it is on the twist, without the subgroup test. */
    private static G2Point onTwist(byte[] enc) {
        Fp2 x = Fp2.fromBytes(enc, 0);
        Fp2 y = Fp2.fromBytes(enc, 64);
        assertNotNull(x);
        assertNotNull(y);
        if (!y.square().equals(x.square().mul(x).add(G2Point.B))) {
            return null;
        }
        return G2Point.unchecked(x, y);
    }

    @Test
    void offTwistIsRejected() {
        byte[] enc = G2Point.GENERATOR.encode();
        enc[127] ^= 2;
        assertNull(G2Point.decode(enc, 0));
    }
}
