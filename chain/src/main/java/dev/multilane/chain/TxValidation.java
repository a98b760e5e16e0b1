package dev.multilane.chain;

import dev.multilane.primitives.Address;

/** The outcome of checking a transaction against a fork's rules without reading state. */
public sealed interface TxValidation {

    /** The transaction may be executed; its sender and the gas it pays up front are known. */
    record Valid(Address sender, long intrinsicGas) implements TxValidation {}

    record Invalid(TxRejection reason, String detail) implements TxValidation {}
}
