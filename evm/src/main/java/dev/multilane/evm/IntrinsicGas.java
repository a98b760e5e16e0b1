package dev.multilane.evm;

import java.util.List;

/** The gas a transaction pays before its first instruction runs. */
public final class IntrinsicGas {
    public static final long TX = 21_000;
    public static final long TX_CREATE = 53_000;
    public static final long DATA_ZERO = 4;
    public static final long DATA_NON_ZERO = 16; // EIP-2028
    public static final long ACCESS_LIST_ADDRESS = 2_400; // EIP-2930
    public static final long ACCESS_LIST_STORAGE_KEY = 1_900;
    public static final long INIT_CODE_WORD = 2; // EIP-3860
    /** EIP-3860: the largest init code a creation may carry. */
    public static final int MAX_INIT_CODE_SIZE = 2 * 24_576;

    private IntrinsicGas() {}

    public static long of(Fork fork, byte[] data, boolean isCreate, List<AccessListEntry> accessList) {
        long gas = isCreate ? TX_CREATE : TX;
        int zeros = 0;
        for (byte b : data) {
            if (b == 0) {
                zeros++;
            }
        }
        gas += zeros * DATA_ZERO + (long) (data.length - zeros) * DATA_NON_ZERO;
        if (isCreate && fork.isEnabled(Fork.SHANGHAI)) {
            gas += INIT_CODE_WORD * ((data.length + 31L) / 32);
        }
        if (accessList != null && !accessList.isEmpty()) {
            for (AccessListEntry e : accessList) {
                gas += ACCESS_LIST_ADDRESS + ACCESS_LIST_STORAGE_KEY * e.storageKeys().size();
            }
        }
        return gas;
    }
}
