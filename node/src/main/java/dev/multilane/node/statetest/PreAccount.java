package dev.multilane.node.statetest;

import dev.multilane.primitives.U256;
import java.util.Map;

/** One account of a state test's {@code pre} section. */
record PreAccount(long nonce, U256 balance, byte[] code, Map<U256, U256> storage) {}
