package dev.multilane.chain.validation;

/** The header fields {@link HeaderValidator} checks, named as in {@code eth_getBlockByNumber} JSON. */
public enum HeaderField {
    NUMBER("number"),
    PARENT_HASH("parentHash"),
    TIMESTAMP("timestamp"),
    GAS_LIMIT("gasLimit"),
    GAS_USED("gasUsed"),
    EXTRA_DATA("extraData"),
    DIFFICULTY("difficulty"),
    NONCE("nonce"),
    OMMERS_HASH("sha3Uncles"),
    BASE_FEE_PER_GAS("baseFeePerGas"),
    WITHDRAWALS_ROOT("withdrawalsRoot"),
    BLOB_GAS_USED("blobGasUsed"),
    EXCESS_BLOB_GAS("excessBlobGas"),
    PARENT_BEACON_BLOCK_ROOT("parentBeaconBlockRoot");

    private final String jsonName;

    HeaderField(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
