package dev.multilane.bench.defi;

import java.util.random.RandomGenerator;

/**
 * One kind of transaction (a plain transfer, a token transfer, a swap, a lending action...). The
 * constructor of an implementation deploys and funds what its transactions need in the pre-state;
 * {@link #add} then appends one transaction, choosing its sender and arguments with {@code random}.
 */
interface TxSource {

    void add(BlockBuilder block, RandomGenerator random);
}
