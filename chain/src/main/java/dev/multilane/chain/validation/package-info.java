/**
 * Consensus checks of a block header against its parent, as geth's beacon consensus engine makes
 * them before a block is executed ({@code consensus/beacon.verifyHeader} with {@code
 * misc/eip1559} and {@code misc/eip4844}).
 *
 * <p>Execution checks what a header claims about the block's result (gas used, receipts, state
 * root); these checks cover what execution cannot see: that the header follows its parent (number,
 * parent hash, a later timestamp), that the values the protocol derives from the parent are the
 * derived ones (base fee, EIP-1559; excess blob gas, EIP-4844; the gas limit's 1/1024 drift), that
 * proof-of-stake fields hold their constants (difficulty, nonce, ommers, EIP-3675) and that the header
 * carries exactly the fields its fork defines. Which fork a header and its parent are under comes
 * from the {@link dev.multilane.chain.block.ChainConfig}.
 *
 * <ul>
 *   <li>{@link dev.multilane.chain.validation.HeaderValidator}: the rules, first failure wins;
 *   <li>{@link dev.multilane.chain.validation.HeaderVerdict}: its answer as a value (valid, invalid
 *       with the field, the header's value and the expected one, or unsupported);
 *   <li>{@link dev.multilane.chain.validation.BaseFee} and {@link
 *       dev.multilane.chain.validation.BlobGas}: the EIP-1559 and EIP-4844 arithmetic.
 * </ul>
 *
 * Proof-of-work headers (before Paris) are answered {@link
 * dev.multilane.chain.validation.HeaderVerdict.Unsupported}: checking them needs the difficulty
 * formula of every fork since Frontier and the ethash seal, and Multilane does not run those forks.
 */
package dev.multilane.chain.validation;
