package dev.multilane.evm;

import dev.multilane.primitives.Hash;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Analysed code by hash, shared by all transactions a {@link TransactionProcessor} runs, so a hot
 * contract's JUMPDEST analysis happens once rather than once per transaction. Thread-safe: the
 * map is concurrent and a {@link Code} is immutable apart from its idempotent lazy analysis.
 * Bounded crudely: when full it is cleared, which costs only re-analysis.
 */
public final class CodeCache {
    private static final int MAX_ENTRIES = 8_192;

    private final ConcurrentHashMap<Hash, Code> byHash = new ConcurrentHashMap<>();

    /** The cached code for {@code hash}, loading the bytes with {@code bytes} on a miss. */
    public Code get(Hash hash, Supplier<byte[]> bytes) {
        Code code = byHash.get(hash);
        if (code == null) {
            code = new Code(bytes.get(), hash);
            if (byHash.size() >= MAX_ENTRIES) {
                byHash.clear();
            }
            byHash.put(hash, code);
        }
        return code;
    }
}
