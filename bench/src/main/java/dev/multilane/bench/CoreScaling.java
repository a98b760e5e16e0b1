package dev.multilane.bench;

/**
 * How well this machine's cores scale on work that shares nothing, as a yardstick for the
 * parallel executor's ceiling (docs/benchmarks.md, section 3, round 4): the same loop on one
 * thread, then twice the work on two threads. An arithmetic loop shows whether the cores are
 * really separate; a random read-modify-write loop over 64 MB per thread adds the memory system.
 * Prints the scaling (2.0 is perfect) for a few rounds; the first round includes JIT warm-up.
 *
 * <pre>java -cp bench/target/classes dev.multilane.bench.CoreScaling [alu|memory]</pre>
 */
public final class CoreScaling {
    private static final int ARRAY_INTS = 1 << 24; // 64 MB

    private CoreScaling() {}

    public static void main(String[] args) throws InterruptedException {
        boolean memory = args.length > 0 && args[0].equals("memory");
        long n = memory ? 60_000_000L : 1_000_000_000L;
        int[][] arrays = {new int[ARRAY_INTS], new int[ARRAY_INTS]};
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            long sink = memory ? randomAccess(arrays[0], n) : arithmetic(n);
            long one = System.nanoTime() - start;
            long[] results = new long[2];
            Thread[] threads = new Thread[2];
            start = System.nanoTime();
            for (int t = 0; t < 2; t++) {
                int k = t;
                threads[t] = Thread.ofPlatform().start(() -> results[k] = memory ? randomAccess(arrays[k], n) : arithmetic(n));
            }
            for (Thread t : threads) {
                t.join();
            }
            long two = System.nanoTime() - start;
            System.out.printf("%s, round %d: one thread %.0f ms, two threads with twice the work %.0f ms: scaling %.2fx"
                    + " (checksum %d)%n", memory ? "random access, 64 MB per thread" : "arithmetic", round, one / 1e6,
                    two / 1e6, 2.0 * one / two, sink ^ results[0] ^ results[1]);
        }
    }

    /** A 64-bit linear congruential generator with a xor-shift: registers only. */
    private static long arithmetic(long n) {
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    /** Dependent random reads and writes over one array, mostly missing the caches. */
    private static long randomAccess(int[] a, long n) {
        long sum = 0;
        int j = 0;
        for (long i = 0; i < n; i++) {
            j = (j * 1103515245 + 12345) & (a.length - 1);
            sum += a[j];
            a[j] = (int) sum;
        }
        return sum;
    }
}
