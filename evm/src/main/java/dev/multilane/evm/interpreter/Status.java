package dev.multilane.evm.interpreter;

/** How a call frame ended. Only SUCCESS keeps state changes; only SUCCESS and REVERT keep gas. */
public enum Status {
    SUCCESS,
    REVERT,
    OUT_OF_GAS,
    INVALID_OPCODE,
    STACK_UNDERFLOW,
    STACK_OVERFLOW,
    INVALID_JUMP,
    /** A state change inside STATICCALL (EIP-214). */
    STATIC_STATE_CHANGE,
    /** RETURNDATACOPY past the end of the return data (EIP-211). */
    RETURN_DATA_OUT_OF_BOUNDS,
    /** CREATE/CREATE2 at an address that already has code or a nonce (EIP-684, EIP-7610). */
    CREATE_COLLISION,
    /** Deployed code above 24,576 bytes (EIP-170) or starting with 0xEF (EIP-3541). */
    INVALID_CODE,
    /** Init code above 49,152 bytes in CREATE/CREATE2 (EIP-3860). */
    INIT_CODE_TOO_LARGE,
    PRECOMPILE_FAILURE,
    /** Call depth above 1024 or value above the caller's balance; gas is returned. */
    CALL_NOT_STARTED;

    public boolean isSuccess() {
        return this == SUCCESS;
    }

    /** True when the frame's remaining gas goes back to the caller. */
    public boolean returnsGas() {
        return this == SUCCESS || this == REVERT || this == CALL_NOT_STARTED;
    }
}
