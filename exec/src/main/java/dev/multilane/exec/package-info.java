/**
 * Block-STM: executing a block of transactions in parallel with the result of executing them one
 * after the other.
 *
 * <h2>The problem</h2>
 *
 * A block fixes an order. Transaction 7 must see the state after transactions 0..6, whatever they
 * did, and we do not know in advance what each one reads or writes (an EVM transaction decides
 * that as it runs). Locking is out: the read and write sets are unknown until execution.
 *
 * <h2>The idea (Gelashvili et al., "Block-STM", PPoPP 2023)</h2>
 *
 * Run every transaction optimistically, in parallel, as if the ones before it were already done,
 * record what it read, and check afterwards. The fixed order, which makes the problem look
 * sequential, is what makes this work: every conflict has a known winner (the lower index), so
 * there is no negotiation between transactions, only re-execution of the higher one.
 *
 * <p><b>Multi-version memory</b> ({@link dev.multilane.exec.MultiVersionMemory}) keeps, per key,
 * the latest write of each transaction. Transaction t reading key k gets the write of the highest
 * transaction below t, or the base storage, and the view ({@link
 * dev.multilane.exec.SpeculativeTxView}) records the version it saw: (writer, incarnation). An
 * incarnation is one execution of a transaction; a transaction is re-executed with incarnation
 * i+1 when incarnation i turns out to have read stale data.
 *
 * <p><b>Validation</b> re-reads every key of an incarnation's read set: if each read would still
 * see the same version, the incarnation computed what a sequential run computes (given that all
 * lower transactions are right, which the same argument gives by induction). If not, it is
 * aborted, and its writes in memory become ESTIMATEs.
 *
 * <p><b>ESTIMATE</b> is the paper's main trick. An aborted transaction will most likely write the
 * same keys again, so instead of deleting its writes (and letting readers see older, wrong values
 * that they would then be aborted for) they are marked: a reader that meets an ESTIMATE stops and
 * is parked until the writer's next incarnation has finished ({@code add_dependency}). A
 * dependency is learned at run time, exactly when needed, and costs no wasted execution.
 *
 * <p><b>The collaborative scheduler</b> ({@link dev.multilane.exec.Scheduler}) has no dispatcher
 * thread. Two shared counters, the next transaction to execute and the next to validate, only go
 * up, except that an abort or a new write pulls them back down to the transaction concerned. Each
 * worker asks for the lower of the two: low transactions first, because everything above depends
 * on them. Every transaction has a status (READY_TO_EXECUTE, EXECUTING, EXECUTED, ABORTING, each
 * with its incarnation; the diagram is on {@link dev.multilane.exec.TxStatus}). When an execution
 * finishes, transactions above it that validated earlier must be validated again if it wrote a
 * key its previous incarnation did not (they could not have seen an ESTIMATE there); otherwise only
 * it needs validating. When a validation aborts transaction t, every transaction above t is
 * validated again. The block is done when both counters are past the end, no worker holds a
 * task, and no counter was pulled back while that was checked.
 *
 * <p>A worker's loop (Algorithm 1 of the paper, {@link dev.multilane.exec.BlockRun}):
 *
 * <pre>
 *   while not done:
 *     task = task ?: scheduler.next_task()
 *     EXECUTE(t, i):  run t through a view of memory;
 *                     read an ESTIMATE of b?  park t on b (or retry if b is already done)
 *                     else record reads + writes, finish_execution → maybe VALIDATE(t, i)
 *     VALIDATE(t, i): reads still current? if not, and we are first to abort (t, i):
 *                     writes → ESTIMATE, finish_validation → maybe EXECUTE(t, i+1)
 * </pre>
 *
 * <h2>Commutative deltas</h2>
 *
 * Some keys are hot only because every transaction adds to them: the fee recipient's balance, a
 * counter. Read-modify-write would make every transaction conflict with every other. A
 * transaction may instead {@link dev.multilane.exec.TxView#add add} a {@link
 * dev.multilane.exec.Delta} without reading. Deltas are entries in memory like values; adding
 * records no read, so two transactions that only add never invalidate each other. A reader of the
 * key walks down from its position, collecting deltas, to the nearest full value (or storage), and
 * applies them in order; its read set records the versions of all of them, so it is invalidated
 * if any changes. At the end of the block the final value is the last full value with every delta
 * above it applied. Any associative, commutative, total update fits (a balance, a token supply, a
 * counter).
 *
 * <h2>The commit, and knowing when to stop</h2>
 *
 * Once the scheduler reports done, the workers (the caller is worker 0) split the commit by
 * transaction: each checks its transactions' final status, re-validates their read sets and
 * collects the final values of the keys they wrote last, so that nothing of size O(block) is left
 * to one thread. A block that is one dependency chain (each transaction reads what the previous
 * one wrote) cannot go faster than one thread; Block-STM would execute most transactions twice.
 * Every recorded incarnation notes its dependency depth (1 + the deepest transaction it read
 * from), and when the transactions so far have too few per step of the longest chain ({@link
 * dev.multilane.exec.ExecutorConfig#minParallelism()}), the run stops, keeps the validated prefix
 * (the transactions from 0 that are EXECUTED and still validate, correct by the same induction as
 * validation) and runs the rest sequentially on top of it.
 *
 * <h2>Safety nets</h2>
 *
 * The paper proves the result equals the sequential one. This package is still built so that a
 * bug costs time, not correctness: status transitions are checked, the commit checks that every
 * transaction ended EXECUTED at the incarnation whose output is returned and that no ESTIMATE is
 * left, and (by default) re-validates every read set once more. Any failure, or a task that
 * throws in its validated incarnation, makes the {@link dev.multilane.exec.ParallelExecutor}
 * re-run the block with the {@link dev.multilane.exec.SequentialExecutor} and count a {@link
 * dev.multilane.exec.BlockStmError}; a block that aborts too much keeps its validated prefix and
 * finishes sequentially.
 *
 * <h2>Where things are</h2>
 *
 * <ul>
 *   <li>The task seam: {@link dev.multilane.exec.TxTask}, {@link dev.multilane.exec.TxView},
 *       {@link dev.multilane.exec.ReadResult}, {@link dev.multilane.exec.Delta}, {@link
 *       dev.multilane.exec.Storage}. Nothing here knows about the EVM.
 *   <li>Executors: {@link dev.multilane.exec.BlockExecutor}, {@link
 *       dev.multilane.exec.SequentialExecutor} (the reference), {@link
 *       dev.multilane.exec.ParallelExecutor} (the pool and the fallbacks), {@link
 *       dev.multilane.exec.BlockRun} (one block's worker loop and end checks).
 *   <li>Data: {@link dev.multilane.exec.MultiVersionMemory}, its entries {@link
 *       dev.multilane.exec.MvEntry}, what a read saw ({@link dev.multilane.exec.ReadOrigin},
 *       {@link dev.multilane.exec.Version}).
 *   <li>Control: {@link dev.multilane.exec.Scheduler}, {@link dev.multilane.exec.TxStatus},
 *       {@link dev.multilane.exec.SchedulerTask}.
 * </ul>
 *
 * Not provided, on purpose: opacity. A speculative incarnation may read a mix of values that no
 * sequential prefix produces; tasks must tolerate that by terminating (see {@link
 * dev.multilane.exec.TxTask}), and whatever they compute from it is discarded by validation.
 */
package dev.multilane.exec;
