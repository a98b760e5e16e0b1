package dev.multilane.exec;

/**
 * The state before the block: what a read sees when no transaction of the block wrote the key.
 * Called concurrently by all workers, so implementations must be thread-safe for reads; the block
 * never writes to it. Absence is the application's to encode in {@code V} (an empty account, a
 * zero slot): {@link #read} returns a non-null value for every key.
 */
@FunctionalInterface
public interface Storage<K, V> {

  V read(K key);
}
