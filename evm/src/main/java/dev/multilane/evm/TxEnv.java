package dev.multilane.evm;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.List;

/**
 * A transaction whose sender is known, as the EVM executes it. Signature checks and decoding
 * happen before this point.
 *
 * @param type 0 legacy, 1 access list (EIP-2930), 2 dynamic fee (EIP-1559), 3 blob (EIP-4844)
 * @param to the callee, or null for contract creation
 * @param nonce unsigned 64-bit
 * @param gasPrice for types 0 and 1; null otherwise
 * @param maxFeePerGas for types 2 and 3; null otherwise
 * @param maxPriorityFeePerGas for types 2 and 3; null otherwise
 * @param blobHashes versioned hashes for type 3; empty otherwise
 * @param maxFeePerBlobGas for type 3; null otherwise
 */
public record TxEnv(
        int type,
        Address sender,
        Address to,
        long nonce,
        long gasLimit,
        U256 value,
        byte[] data,
        U256 gasPrice,
        U256 maxFeePerGas,
        U256 maxPriorityFeePerGas,
        List<AccessListEntry> accessList,
        List<Hash> blobHashes,
        U256 maxFeePerBlobGas) {

    public boolean isCreate() {
        return to == null;
    }
}
