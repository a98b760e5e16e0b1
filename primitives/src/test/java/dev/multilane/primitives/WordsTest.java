package dev.multilane.primitives;

import static dev.multilane.primitives.WordReference.EDGES;
import static dev.multilane.primitives.WordReference.hex;
import static dev.multilane.primitives.WordReference.limbs;
import static dev.multilane.primitives.WordReference.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of every {@link Words} kernel against {@link WordReference} (BigInteger). Each
 * operation runs on thousands of random operands plus the cross product of the edge values, in
 * every aliasing layout (result over an operand, both operands the same word), inside a stack of
 * random garbage that must stay untouched outside the result. Rerun a failure with
 * {@code -Dmultilane.seed=<seed>}.
 */
class WordsTest {
    private static final long SEED = Long.getLong("multilane.seed", 0x5eed_2025_0001L);
    private static final int RANDOM_CASES = 4000;
    private static final int STACK = 24;

    /** Operand offsets then the result offset; offsets are deliberately not multiples of 4. */
    private static final int[][] UNARY = {{1, 7}, {7, 7}};
    private static final int[][] BINARY = {{1, 7, 13}, {1, 7, 1}, {1, 7, 7}, {7, 7, 13}, {7, 7, 7}};
    private static final int[][] TERNARY = {{1, 7, 13, 19}, {1, 7, 13, 1}, {1, 7, 13, 7},
            {1, 7, 13, 13}, {1, 1, 13, 19}, {1, 7, 7, 19}, {1, 7, 1, 7}, {1, 1, 1, 1}};

    private final long[] scratch = new long[Words.SCRATCH_LONGS];

    @FunctionalInterface
    interface Kernel {
        void apply(long[] s, int[] at);
    }

    @FunctionalInterface
    interface Reference {
        BigInteger apply(BigInteger[] v);
    }

    @FunctionalInterface
    interface Generator {
        BigInteger[] next(Random rnd);
    }

    // ---------------------------------------------------------------- arithmetic

    @Test
    void add() {
        binary("add", (s, o) -> Words.add(s, o[0], o[1], o[2]), v -> WordReference.add(v[0], v[1]));
    }

    @Test
    void sub() {
        binary("sub", (s, o) -> Words.sub(s, o[0], o[1], o[2]), v -> WordReference.sub(v[0], v[1]));
    }

    @Test
    void mul() {
        binary("mul", (s, o) -> Words.mul(s, o[0], o[1], o[2]), v -> WordReference.mul(v[0], v[1]));
    }

    @Test
    void exp() {
        binary("exp", (s, o) -> Words.exp(s, o[0], o[1], o[2]), v -> WordReference.exp(v[0], v[1]));
        // Small exponents too, where most real EXPs are.
        check("exp small", (s, o) -> Words.exp(s, o[0], o[1], o[2]),
                v -> WordReference.exp(v[0], v[1]),
                rnd -> new BigInteger[] {WordReference.word(rnd), WordReference.index(rnd)},
                BINARY, List.of());
    }

    @Test
    void div() {
        binary("div", (s, o) -> Words.div(s, o[0], o[1], o[2], scratch),
                v -> WordReference.div(v[0], v[1]));
    }

    @Test
    void mod() {
        binary("mod", (s, o) -> Words.mod(s, o[0], o[1], o[2], scratch),
                v -> WordReference.mod(v[0], v[1]));
    }

    @Test
    void sdiv() {
        binary("sdiv", (s, o) -> Words.sdiv(s, o[0], o[1], o[2], scratch),
                v -> WordReference.sdiv(v[0], v[1]));
    }

    @Test
    void smod() {
        binary("smod", (s, o) -> Words.smod(s, o[0], o[1], o[2], scratch),
                v -> WordReference.smod(v[0], v[1]));
    }

    @Test
    void addMod() {
        ternary("addMod", (s, o) -> Words.addMod(s, o[0], o[1], o[2], o[3], scratch),
                v -> WordReference.addMod(v[0], v[1], v[2]));
    }

    @Test
    void mulMod() {
        ternary("mulMod", (s, o) -> Words.mulMod(s, o[0], o[1], o[2], o[3], scratch),
                v -> WordReference.mulMod(v[0], v[1], v[2]));
    }

    /**
     * Cases built to reach Algorithm D's rare steps: the quotient digit estimate clamped to
     * b - 1 (top limbs equal) and the final add-back (estimate still one too large).
     */
    @Test
    void divisionCornerCases() {
        BigInteger b64 = WordReference.pow2(64);
        BigInteger m64 = b64.subtract(BigInteger.ONE);
        // v = [2^63, 0, 2^64-1] (top limb first): qhat from the top limbs is 1 too large.
        BigInteger v = WordReference.pow2(191).add(m64);
        List<BigInteger[]> cases = new ArrayList<>();
        cases.add(new BigInteger[] {WordReference.pow2(255), v});
        cases.add(new BigInteger[] {WordReference.pow2(255).add(BigInteger.valueOf(12345)), v});
        cases.add(new BigInteger[] {WordReference.MAX, WordReference.pow2(255).add(m64)});
        cases.add(new BigInteger[] {WordReference.MAX.subtract(m64.shiftLeft(64)),
                WordReference.MAX.shiftRight(64)});
        // Dividend whose top limb equals the divisor's normalised top limb.
        cases.add(new BigInteger[] {WordReference.pow2(255).add(WordReference.pow2(190)),
                WordReference.pow2(191).add(BigInteger.ONE)});
        Generator none = rnd -> null;
        for (String op : List.of("div", "mod", "sdiv", "smod")) {
            Kernel k = switch (op) {
                case "div" -> (s, o) -> Words.div(s, o[0], o[1], o[2], scratch);
                case "mod" -> (s, o) -> Words.mod(s, o[0], o[1], o[2], scratch);
                case "sdiv" -> (s, o) -> Words.sdiv(s, o[0], o[1], o[2], scratch);
                default -> (s, o) -> Words.smod(s, o[0], o[1], o[2], scratch);
            };
            Reference ref = switch (op) {
                case "div" -> x -> WordReference.div(x[0], x[1]);
                case "mod" -> x -> WordReference.mod(x[0], x[1]);
                case "sdiv" -> x -> WordReference.sdiv(x[0], x[1]);
                default -> x -> WordReference.smod(x[0], x[1]);
            };
            check(op + " corners", k, ref, none, BINARY, cases, 0);
        }
        // MULMOD whose product is below a 3-limb modulus with equal top limbs: add-back path.
        List<BigInteger[]> mm = List.of(
                new BigInteger[] {WordReference.pow2(191).add(BigInteger.valueOf(5)), BigInteger.ONE, v},
                new BigInteger[] {WordReference.MAX, WordReference.MAX, WordReference.MAX.shiftRight(1)},
                new BigInteger[] {WordReference.MAX, WordReference.MAX, WordReference.pow2(128).add(BigInteger.ONE)});
        check("mulMod corners", (s, o) -> Words.mulMod(s, o[0], o[1], o[2], o[3], scratch),
                x -> WordReference.mulMod(x[0], x[1], x[2]), none, TERNARY, mm, 0);
        // The EVM's own named case: -2^255 / -1 = -2^255.
        long[] s = new long[8];
        Words.set(s, 0, 0, 0, 0, Long.MIN_VALUE);
        Words.set(s, 4, -1, -1, -1, -1);
        Words.sdiv(s, 0, 4, 0, scratch);
        assertEquals(WordReference.pow2(255), value(s, 0));
    }

    /** The 128-by-64 digit division alone, including quotients near 2^64. */
    @Test
    void divlu() {
        Random rnd = new Random(SEED);
        BigInteger two64 = WordReference.pow2(64);
        for (int i = 0; i < 100_000; i++) {
            long v = rnd.nextLong() | Long.MIN_VALUE;
            if (i % 4 == 0) {
                v = Long.MIN_VALUE | (rnd.nextBoolean() ? 0 : -1L >>> 1);
            }
            long u1 = switch (i % 3) {
                case 0 -> v - 1;
                case 1 -> Long.remainderUnsigned(rnd.nextLong(), v);
                default -> Long.remainderUnsigned(rnd.nextInt(4), v);
            };
            long u0 = i % 5 == 0 ? -1L : rnd.nextLong();
            BigInteger u = new BigInteger(Long.toUnsignedString(u1)).multiply(two64)
                    .add(new BigInteger(Long.toUnsignedString(u0)));
            BigInteger expected = u.divide(new BigInteger(Long.toUnsignedString(v)));
            long q = WordDivision.divlu(u1, u0, v);
            if (!expected.equals(new BigInteger(Long.toUnsignedString(q)))) {
                fail("divlu seed=" + SEED + " i=" + i + " u1=" + Long.toHexString(u1) + " u0="
                        + Long.toHexString(u0) + " v=" + Long.toHexString(v));
            }
        }
    }

    // ---------------------------------------------------------------- bitwise and shifts

    @Test
    void bitwise() {
        binary("and", (s, o) -> Words.and(s, o[0], o[1], o[2]), v -> v[0].and(v[1]));
        binary("or", (s, o) -> Words.or(s, o[0], o[1], o[2]), v -> v[0].or(v[1]));
        binary("xor", (s, o) -> Words.xor(s, o[0], o[1], o[2]), v -> v[0].xor(v[1]));
        check("not", (s, o) -> Words.not(s, o[0], o[1]), v -> WordReference.not(v[0]),
                rnd -> new BigInteger[] {WordReference.word(rnd)}, UNARY,
                EDGES.stream().map(e -> new BigInteger[] {e}).toList());
    }

    @Test
    void byteOf() {
        indexed("byte", (s, o) -> Words.byteOf(s, o[0], o[1], o[2]),
                v -> WordReference.byteOf(v[0], v[1]), 40);
    }

    @Test
    void signExtend() {
        indexed("signextend", (s, o) -> Words.signExtend(s, o[0], o[1], o[2]),
                v -> WordReference.signExtend(v[0], v[1]), 40);
    }

    @Test
    void shl() {
        indexed("shl", (s, o) -> Words.shl(s, o[0], o[1], o[2]),
                v -> WordReference.shl(v[0], v[1]), 300);
    }

    @Test
    void shr() {
        indexed("shr", (s, o) -> Words.shr(s, o[0], o[1], o[2]),
                v -> WordReference.shr(v[0], v[1]), 300);
    }

    @Test
    void sar() {
        indexed("sar", (s, o) -> Words.sar(s, o[0], o[1], o[2]),
                v -> WordReference.sar(v[0], v[1]), 300);
    }

    // ---------------------------------------------------------------- comparisons and sizes

    @Test
    void comparisons() {
        Random rnd = new Random(SEED);
        List<BigInteger[]> pairs = new ArrayList<>(crossProduct(2));
        for (int i = 0; i < RANDOM_CASES; i++) {
            BigInteger a = WordReference.word(rnd);
            pairs.add(new BigInteger[] {a, WordReference.related(rnd, a)});
            pairs.add(new BigInteger[] {a, a});
        }
        for (BigInteger[] p : pairs) {
            long[] s = garbage(rnd);
            put(s, 1, p[0]);
            put(s, 7, p[1]);
            long[] before = s.clone();
            BigInteger sa = WordReference.signed(p[0]);
            BigInteger sb = WordReference.signed(p[1]);
            String what = "seed=" + SEED + " a=" + hex(p[0]) + " b=" + hex(p[1]);
            assertEquals(p[0].compareTo(p[1]) < 0, Words.lt(s, 1, 7), "lt " + what);
            assertEquals(p[0].compareTo(p[1]) > 0, Words.gt(s, 1, 7), "gt " + what);
            assertEquals(sa.compareTo(sb) < 0, Words.slt(s, 1, 7), "slt " + what);
            assertEquals(sa.compareTo(sb) > 0, Words.sgt(s, 1, 7), "sgt " + what);
            assertEquals(p[0].equals(p[1]), Words.eq(s, 1, 7), "eq " + what);
            assertEquals(p[0].signum() == 0, Words.isZero(s, 1), "isZero " + what);
            assertEquals(p[0].bitLength(), Words.bitLength(s, 1), "bitLength " + what);
            assertEquals((p[0].bitLength() + 7) / 8, Words.byteLength(s, 1), "byteLength " + what);
            long clamped = p[0].bitLength() < 64 ? p[0].longValue() : Long.MAX_VALUE;
            assertEquals(clamped, Words.clampedLong(s, 1), "clampedLong " + what);
            assertEquals(Arrays.toString(before), Arrays.toString(s), "changed the stack " + what);
        }
    }

    @Test
    void bytesRoundTrip() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int len = i < 33 ? i : rnd.nextInt(33);
            int off = rnd.nextInt(5);
            byte[] src = new byte[off + len + rnd.nextInt(5)];
            rnd.nextBytes(src);
            long[] s = garbage(rnd);
            long[] before = s.clone();
            Words.fromBytes(s, 5, src, off, len);
            BigInteger expected = new BigInteger(1, Arrays.copyOfRange(src, off, off + len));
            assertEquals(expected, value(s, 5), "fromBytes len=" + len + " off=" + off);
            assertUntouched(before, s, 5, "fromBytes");
            byte[] dst = new byte[40];
            Words.toBytes(s, 5, dst, 3);
            byte[] want = Bytes.leftPad(Bytes.trimLeadingZeros(expected.toByteArray()), 32);
            assertEquals(Hex.encode(want), Hex.encode(Arrays.copyOfRange(dst, 3, 35)), "toBytes");
        }
        long[] s = new long[4];
        Words.set(s, 0, 1, 2, 3, 4);
        assertEquals(new U256(1, 2, 3, 4).toBigInteger(), value(s, 0));
        Words.copy(s, 0, 0);
        assertEquals(new U256(1, 2, 3, 4).toBigInteger(), value(s, 0));
    }

    // ---------------------------------------------------------------- harness

    private void binary(String name, Kernel k, Reference ref) {
        check(name, k, ref, rnd -> {
            BigInteger a = WordReference.word(rnd);
            return new BigInteger[] {a, WordReference.related(rnd, a)};
        }, BINARY, crossProduct(2));
    }

    private void ternary(String name, Kernel k, Reference ref) {
        check(name, k, ref, rnd -> {
            BigInteger a = WordReference.word(rnd);
            BigInteger b = WordReference.word(rnd);
            return new BigInteger[] {a, b, WordReference.related(rnd, rnd.nextBoolean() ? a : b)};
        }, TERNARY, crossProduct(3));
    }

    /** Index-like first operand: every index up to maxIndex against edge values and powers of 2. */
    private void indexed(String name, Kernel k, Reference ref, int maxIndex) {
        List<BigInteger[]> fixed = new ArrayList<>();
        List<BigInteger> values = new ArrayList<>(EDGES);
        values.addAll(List.of(WordReference.MAX.shiftRight(1).xor(BigInteger.valueOf(0x5a5a)),
                new BigInteger("8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f", 16)));
        for (int i = 0; i <= maxIndex; i++) {
            for (BigInteger v : values) {
                fixed.add(new BigInteger[] {BigInteger.valueOf(i), v});
            }
        }
        for (BigInteger big : List.of(WordReference.pow2(64), WordReference.pow2(64).add(BigInteger.ONE),
                WordReference.pow2(255), WordReference.MAX, WordReference.pow2(32))) {
            for (BigInteger v : values) {
                fixed.add(new BigInteger[] {big, v});
            }
        }
        check(name, k, ref, rnd -> new BigInteger[] {WordReference.index(rnd), WordReference.word(rnd)},
                BINARY, fixed);
    }

    private static List<BigInteger[]> crossProduct(int arity) {
        List<BigInteger[]> out = new ArrayList<>();
        if (arity == 2) {
            for (BigInteger a : EDGES) {
                for (BigInteger b : EDGES) {
                    out.add(new BigInteger[] {a, b});
                }
            }
        } else {
            for (BigInteger a : EDGES) {
                for (BigInteger b : EDGES) {
                    for (BigInteger n : EDGES) {
                        out.add(new BigInteger[] {a, b, n});
                    }
                }
            }
        }
        return out;
    }

    private void check(String name, Kernel k, Reference ref, Generator gen, int[][] layouts,
            List<BigInteger[]> fixed) {
        check(name, k, ref, gen, layouts, fixed, RANDOM_CASES);
    }

    /**
     * Runs the fixed cases in the first layout, then random cases in every layout. Where a layout
     * puts two operands on one offset they share the first one's value, and the reference sees
     * that.
     */
    private void check(String name, Kernel k, Reference ref, Generator gen, int[][] layouts,
            List<BigInteger[]> fixed, int randomCases) {
        Random rnd = new Random(SEED ^ name.hashCode());
        Arrays.fill(scratch, 0x0badc0deL); // leftovers in the scratch array must not matter
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (BigInteger[] values : fixed) {
            cases++;
            runOne(name, k, ref, values, layouts[0], rnd, failures);
        }
        for (int i = 0; i < randomCases; i++) {
            BigInteger[] values = gen.next(rnd);
            for (int[] layout : layouts) {
                cases++;
                runOne(name, k, ref, values, layout, rnd, failures);
            }
        }
        if (!failures.isEmpty()) {
            fail(name + ": " + failures.size() + " of " + cases + " cases failed (seed " + SEED
                    + "), first ones:\n" + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
        }
    }

    private static void runOne(String name, Kernel k, Reference ref, BigInteger[] given, int[] at,
            Random rnd, List<String> failures) {
        int operands = at.length - 1;
        BigInteger[] v = given.clone();
        for (int i = 0; i < operands; i++) {
            for (int j = 0; j < i; j++) {
                if (at[i] == at[j]) {
                    v[i] = v[j];
                }
            }
        }
        long[] s = garbage(rnd);
        for (int i = 0; i < operands; i++) {
            put(s, at[i], v[i]);
        }
        long[] before = s.clone();
        k.apply(s, at);
        BigInteger expected = ref.apply(v);
        BigInteger actual = value(s, at[operands]);
        String untouched = firstChangeOutside(before, s, at[operands]);
        if (!expected.equals(actual) || untouched != null) {
            StringBuilder m = new StringBuilder(name).append(" layout=").append(Arrays.toString(at));
            for (int i = 0; i < operands; i++) {
                m.append(" op").append(i).append('=').append(hex(v[i]));
            }
            m.append(" expected=").append(hex(expected)).append(" actual=").append(hex(actual));
            if (untouched != null) {
                m.append(' ').append(untouched);
            }
            failures.add(m.toString());
        }
    }

    private static long[] garbage(Random rnd) {
        long[] s = new long[STACK];
        for (int i = 0; i < STACK; i++) {
            s[i] = rnd.nextLong();
        }
        return s;
    }

    private static void put(long[] s, int at, BigInteger v) {
        System.arraycopy(limbs(v), 0, s, at, 4);
    }

    private static String firstChangeOutside(long[] before, long[] after, int r) {
        for (int i = 0; i < before.length; i++) {
            if ((i < r || i >= r + 4) && before[i] != after[i]) {
                return "wrote outside the result at index " + i;
            }
        }
        return null;
    }

    private static void assertUntouched(long[] before, long[] after, int r, String what) {
        String change = firstChangeOutside(before, after, r);
        if (change != null) {
            fail(what + " " + change);
        }
    }
}
