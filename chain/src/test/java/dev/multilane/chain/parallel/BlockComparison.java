package dev.multilane.chain.parallel;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.evm.Log;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a block's execution decides, compared field by field between a reference run and a
 * candidate: the valid/invalid verdict (and why), each receipt (status, cumulative gas, logs,
 * bloom), each transaction's gas, output and created address, the block's gas, blob gas, receipts
 * root, logs bloom and post-state root. Lists every difference, first ones first, for bisecting.
 */
final class BlockComparison {
    private static final int MAX_DIFFERENCES = 12;

    private BlockComparison() {}

    /** The differences between {@code expected} and {@code actual}; empty when they agree. */
    static List<String> differences(BlockOutcome expected, BlockOutcome actual) {
        List<String> out = new ArrayList<>();
        switch (expected) {
            case BlockOutcome.Invalid e -> {
                if (!(actual instanceof BlockOutcome.Invalid a)) {
                    out.add("verdict: expected invalid (" + e.error() + "), got a processed block");
                } else if (!e.error().equals(a.error())) {
                    out.add("invalid for another reason: expected " + e.error() + ", got " + a.error());
                }
            }
            case BlockOutcome.Processed e -> {
                if (!(actual instanceof BlockOutcome.Processed a)) {
                    out.add("verdict: expected a processed block, got invalid ("
                            + ((BlockOutcome.Invalid) actual).error() + ")");
                } else {
                    compare(e.result(), a.result(), out);
                }
            }
        }
        return out.size() > MAX_DIFFERENCES ? out.subList(0, MAX_DIFFERENCES) : out;
    }

    private static void compare(BlockResult e, BlockResult a, List<String> out) {
        if (e.receipts().size() != a.receipts().size()) {
            out.add("receipts: " + e.receipts().size() + " expected, " + a.receipts().size() + " got");
        }
        int n = Math.min(e.receipts().size(), a.receipts().size());
        for (int i = 0; i < n; i++) {
            compareReceipt(i, e.receipts().get(i), a.receipts().get(i), out);
            compareTx(i, e.transactions().get(i), a.transactions().get(i), out);
        }
        field("gasUsed", e.gasUsed(), a.gasUsed(), out);
        field("blobGasUsed", e.blobGasUsed(), a.blobGasUsed(), out);
        field("receiptsRoot", e.receiptsRoot(), a.receiptsRoot(), out);
        field("logsBloom", e.logsBloom(), a.logsBloom(), out);
        field("stateRoot", e.stateRoot(), a.stateRoot(), out);
    }

    private static void compareReceipt(int i, Receipt e, Receipt a, List<String> out) {
        String at = "tx " + i + " ";
        field(at + "status", e.success(), a.success(), out);
        field(at + "cumulativeGasUsed", e.cumulativeGasUsed(), a.cumulativeGasUsed(), out);
        field(at + "type", e.type(), a.type(), out);
        if (!logsEqual(e.logs(), a.logs())) {
            out.add(at + "logs: expected " + describe(e.logs()) + ", got " + describe(a.logs()));
        }
        field(at + "bloom", e.bloom(), a.bloom(), out);
        if (!Arrays.equals(e.encode(), a.encode())) {
            out.add(at + "receipt encoding differs");
        }
    }

    private static void compareTx(int i, TxResult.Executed e, TxResult.Executed a, List<String> out) {
        String at = "tx " + i + " ";
        field(at + "gasUsed", e.gasUsed(), a.gasUsed(), out);
        field(at + "createdAddress", e.createdAddress(), a.createdAddress(), out);
        if (!Arrays.equals(e.output(), a.output())) {
            out.add(at + "output: expected " + Hex.encode(e.output()) + ", got " + Hex.encode(a.output()));
        }
    }

    private static boolean logsEqual(List<Log> e, List<Log> a) {
        if (e.size() != a.size()) {
            return false;
        }
        for (int i = 0; i < e.size(); i++) {
            if (!Arrays.equals(e.get(i).rlp(), a.get(i).rlp())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Log> logs) {
        List<String> parts = new ArrayList<>();
        for (Log l : logs) {
            parts.add(l.address() + " " + l.topics() + " " + Hex.encode(l.data()));
        }
        return parts.toString();
    }

    private static void field(String name, Object expected, Object actual, List<String> out) {
        if (!Objects.equals(expected, actual)) {
            out.add(name + ": expected " + expected + ", got " + actual);
        }
    }
}
