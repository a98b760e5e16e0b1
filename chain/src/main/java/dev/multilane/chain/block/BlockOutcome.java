package dev.multilane.chain.block;

/** The outcome of processing a block: its result, or why it is invalid. */
public sealed interface BlockOutcome {

    record Processed(BlockResult result) implements BlockOutcome {}

    /**
     * The block is invalid. The state passed in may hold part of the block's changes: callers that
     * need the pre-state afterwards process a copy.
     */
    record Invalid(BlockError error) implements BlockOutcome {}
}
