package dev.multilane.rpc;

/**
 * Carries an {@link RpcError} out of parameter decoding, which happens deep inside a method's
 * argument list. Thrown only by {@link Params} and caught only by {@link JsonRpcDispatcher}, which
 * turns it into an error response; methods themselves return {@link MethodResult} values.
 */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RpcError error;

    public RpcException(RpcError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public RpcError error() {
        return error;
    }
}
