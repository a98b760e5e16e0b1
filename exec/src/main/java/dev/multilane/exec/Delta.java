package dev.multilane.exec;

/**
 * A commutative update of a value, e.g. "add 21000 * basefee to the fee recipient's balance" or
 * "increment a counter". Writing a delta instead of a value lets transactions that only add to a
 * hot key run in parallel without read-write conflicts (pevm's lazy beneficiary updates; Aptos'
 * aggregators). The engine resolves deltas when someone reads the key and at the end of the block.
 *
 * <p>Laws the engine relies on, for all deltas a, b, c and values x:
 *
 * <ul>
 *   <li>{@code a.combine(b).applyTo(x) == b.applyTo(a.applyTo(x))} (combine means "a then b");
 *   <li>associativity of {@code combine};
 *   <li>commutativity: {@code b.applyTo(a.applyTo(x)) == a.applyTo(b.applyTo(x))}, so the order
 *       of additions does not change what a later reader sees;
 *   <li>{@code applyTo} is total: it never fails. A delta that can fail depending on the value
 *       (an underflowing subtraction) is a read in disguise and must be written as read + write.
 * </ul>
 *
 * The engine still applies deltas in transaction order, so results equal the sequential ones even
 * for a value type whose equality is finer than these laws (e.g. a log of updates).
 */
public interface Delta<V> {

  /** The value after this delta is applied to {@code base}. */
  V applyTo(V base);

  /** One delta with the effect of this one followed by {@code later}. */
  Delta<V> combine(Delta<V> later);
}
