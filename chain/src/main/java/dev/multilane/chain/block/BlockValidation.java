package dev.multilane.chain.block;

import dev.multilane.primitives.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A block's result compared with what its header commits to. The state root is only compared when
 * the caller says the pre-state was complete: the mainnet fixtures carry only the accounts a block
 * touches, from which no state root can be computed.
 *
 * @param mismatches one line per field that differs, with both values
 */
public record BlockValidation(Check gasUsed, Check receiptsRoot, Check logsBloom, Check blobGasUsed,
        Check stateRoot, List<String> mismatches) {

    /** The verdict on one header field. */
    public enum Check {
        OK, MISMATCH, SKIPPED;

        /** "ok", "MISMATCH" or "skipped": the mismatch stands out in a column of results. */
        public String label() {
            return this == MISMATCH ? "MISMATCH" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BlockValidation {
        mismatches = List.copyOf(mismatches);
    }

    /** Compares {@code result} with {@code header}; the state root only when {@code checkStateRoot}. */
    public static BlockValidation of(BlockHeader header, BlockResult result, boolean checkStateRoot) {
        List<String> mismatches = new ArrayList<>();
        Check gas = compare("gasUsed", header.gasUsed(), result.gasUsed(), mismatches);
        Check receipts = compare("receiptsRoot", header.receiptsRoot(), result.receiptsRoot(), mismatches);
        Check bloom = Arrays.equals(header.logsBloom(), result.logsBloom().toBytes()) ? Check.OK : Check.MISMATCH;
        if (bloom == Check.MISMATCH) {
            mismatches.add("logsBloom: header " + Hex.encode(header.logsBloom()) + ", computed " + result.logsBloom());
        }
        // Before Cancun the header has no blobGasUsed and the block can hold no blob transaction.
        long headerBlobGas = header.blobGasUsed() == null ? 0 : header.blobGasUsed();
        Check blob = compare("blobGasUsed", headerBlobGas, result.blobGasUsed(), mismatches);
        Check state = checkStateRoot
                ? compare("stateRoot", header.stateRoot(), result.stateRoot(), mismatches)
                : Check.SKIPPED;
        return new BlockValidation(gas, receipts, bloom, blob, state, mismatches);
    }

    private static Check compare(String field, Object expected, Object actual, List<String> mismatches) {
        if (Objects.equals(expected, actual)) {
            return Check.OK;
        }
        mismatches.add(field + ": header " + expected + ", computed " + actual);
        return Check.MISMATCH;
    }

    /** True when no compared field differs. */
    public boolean passed() {
        return mismatches.isEmpty();
    }

    /**
     * "gasUsed=ok receiptsRoot=ok logsBloom=ok", with MISMATCH in place of ok where a field differs;
     * blobGasUsed and stateRoot are appended only when they differ.
     */
    public String summary() {
        String s = "gasUsed=" + gasUsed.label() + " receiptsRoot=" + receiptsRoot.label() + " logsBloom="
                + logsBloom.label();
        if (blobGasUsed == Check.MISMATCH) {
            s += " blobGasUsed=MISMATCH";
        }
        if (stateRoot == Check.MISMATCH) {
            s += " stateRoot=MISMATCH";
        }
        return s;
    }
}
