package dev.multilane.chain;

import dev.multilane.evm.Log;
import dev.multilane.primitives.Rlp;
import java.util.List;

/**
 * The receipt of one included transaction, as the receipts trie stores it. From Byzantium on
 * (EIP-658) the first field is a status code instead of an intermediate state root.
 *
 * @param type the transaction type, 0 to 3; typed receipts are enveloped like typed transactions
 * @param success false when the top-level call reverted or failed
 * @param cumulativeGasUsed gas used by this transaction and every one before it in the block
 * @param logs the logs this transaction emitted (empty when it failed)
 * @param bloom the bloom of {@code logs}; the receipt keeps its own copy
 */
public record Receipt(int type, boolean success, long cumulativeGasUsed, List<Log> logs, LogsBloom bloom) {

    public Receipt {
        if (type < 0 || type > 0x7f) {
            throw new IllegalArgumentException("receipt type out of range: " + type);
        }
        logs = List.copyOf(logs);
        bloom = bloom.copy();
    }

    /** A receipt whose bloom is computed from its logs. */
    public static Receipt of(int type, boolean success, long cumulativeGasUsed, List<Log> logs) {
        return new Receipt(type, success, cumulativeGasUsed, logs, LogsBloom.of(logs));
    }

    /** Adds this receipt's bloom to {@code target} (a block's bloom), without copying it first. */
    public void addBloomTo(LogsBloom target) {
        target.or(bloom);
    }

    /** A copy of the bloom, so that callers cannot change the receipt's. */
    @Override
    public LogsBloom bloom() {
        return bloom.copy();
    }

    /**
     * The consensus encoding: rlp[status, cumulativeGasUsed, bloom, logs] for legacy receipts, and
     * type ‖ that list for typed ones (EIP-2718). The status is the RLP integer 1 or 0 (EIP-658).
     */
    public byte[] encode() {
        byte[][] logItems = new byte[logs.size()][];
        int logsLength = 0;
        for (int i = 0; i < logItems.length; i++) {
            logItems[i] = logs.get(i).rlp();
            logsLength += logItems[i].length;
        }
        byte[] gas = Rlp.encodeLong(cumulativeGasUsed);
        byte[] bloomBytes = bloom.bits(); // read only; the encoding copies it
        // Written once into one array: this runs for every receipt of every block.
        int bodyLength = 1 + gas.length + Rlp.encodedBytesLength(bloomBytes) + Rlp.headerLength(logsLength) + logsLength;
        int typeLength = type == 0 ? 0 : 1;
        byte[] out = new byte[typeLength + Rlp.headerLength(bodyLength) + bodyLength];
        if (type != 0) {
            out[0] = (byte) type;
        }
        int pos = Rlp.writeHeader(out, typeLength, 0xc0, bodyLength);
        out[pos++] = success ? (byte) 0x01 : (byte) 0x80;
        System.arraycopy(gas, 0, out, pos, gas.length);
        pos = Rlp.writeBytes(out, pos + gas.length, bloomBytes);
        pos = Rlp.writeHeader(out, pos, 0xc0, logsLength);
        for (byte[] item : logItems) {
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }
}
