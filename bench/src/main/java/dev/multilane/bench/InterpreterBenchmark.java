package dev.multilane.bench;

import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-core baseline: one thread executing one transaction of a named {@link Workload} per
 * operation. Inside the timer is {@link TransactionProcessor#execute} only: validation, gas
 * purchase, the EVM run and the change list, against an in-memory state. Outside it: decoding and
 * signature recovery (the sender is given), applying the changes, the state root.
 *
 * <p>The primary score is transactions per second; the {@code gas} secondary score is gas used
 * (after refunds) per second, counted from each result. Run with {@code -p workload=NAME} to pick
 * workloads; the defaults below are the ones docs/benchmarks.md reports.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class InterpreterBenchmark {

    @Param({
        Workloads.ERC20_TRANSFER,
        Workloads.ERC20_SINGLE_TRANSFER_TX,
        Workloads.COMPUTE_ARITHMETIC,
        Workloads.COMPUTE_KECCAK,
        Workloads.MEMORY_COPY
    })
    public String workload;

    private Workload work;
    private TransactionProcessor processor;

    /** Gas used per second, reported beside the transaction rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class GasCounter {
        public long gas;

        @Setup(Level.Iteration)
        public void reset() {
            gas = 0;
        }
    }

    /** Builds the workload and refuses to time it unless one run succeeds. */
    @Setup(Level.Trial)
    public void setUp() {
        work = Workloads.byName(workload);
        processor = new TransactionProcessor();
        TxResult result = work.execute(processor);
        if (!(result instanceof TxResult.Executed executed) || !executed.success()) {
            throw new IllegalStateException(workload + " does not execute successfully: " + result);
        }
        System.out.printf("%n[%s] %s: gasUsed %d per tx, %d %s(s) per tx, %d logs%n", workload,
                work.description(), executed.gasUsed(), work.unitsPerTx(), work.unit(), executed.logs().size());
    }

    @Benchmark
    public TxResult execute(GasCounter counter) {
        TxResult result = work.execute(processor);
        if (result instanceof TxResult.Executed executed) {
            counter.gas += executed.gasUsed();
        }
        return result;
    }
}
