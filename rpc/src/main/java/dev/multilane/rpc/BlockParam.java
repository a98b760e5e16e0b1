package dev.multilane.rpc;

import dev.multilane.primitives.Hash;

/**
 * A block parameter: a tag, a number, or (EIP-1898) a hash with an optional demand that the block
 * be canonical.
 */
public sealed interface BlockParam {

    enum Tag { LATEST, EARLIEST, PENDING, SAFE, FINALIZED }

    record Named(Tag tag) implements BlockParam {}

    record Number(long number) implements BlockParam {}

    record ByHash(Hash hash, boolean requireCanonical) implements BlockParam {}

    BlockParam LATEST = new Named(Tag.LATEST);
}
