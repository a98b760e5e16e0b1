package dev.multilane.store;

import dev.multilane.primitives.Hash;

/** The newest block of the canonical chain: the block whose post-state the flat state holds. */
public record ChainHead(long number, Hash hash) {}
