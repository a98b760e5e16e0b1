package dev.multilane.exec;

/** The test delta: add a constant to a long (wrapping, so it is total). */
record LongAdd(long amount) implements Delta<Long> {

  @Override
  public Long applyTo(Long base) {
    return base + amount;
  }

  @Override
  public Delta<Long> combine(Delta<Long> later) {
    return new LongAdd(amount + ((LongAdd) later).amount);
  }
}
