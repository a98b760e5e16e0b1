package dev.multilane.store;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block's receipts as the store keeps them: an RLP list of rlp[type, status, cumulativeGas, logs]
 * per receipt, without the 256-byte bloom, which a read recomputes from the logs (as geth stores
 * receipts). The bloom was two fifths of a block of token transfers' receipts and a fifth of its
 * whole write batch. {@link Receipt#encode()} gives the consensus encoding back (debug_getRawReceipts,
 * the receipts root); {@link #decodeOne} reads that encoding.
 */
public final class ReceiptCodec {
    private ReceiptCodec() {}

    public static byte[] encode(List<Receipt> receipts) {
        byte[][] items = new byte[receipts.size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = encodeItem(receipts.get(i));
        }
        return Rlp.encodeList(items);
    }

    /** One receipt of {@link #encode}'s list. */
    static byte[] encodeItem(Receipt receipt) {
        List<Log> logs = receipt.logs();
        byte[][] logItems = new byte[logs.size()][];
        for (int j = 0; j < logItems.length; j++) {
            logItems[j] = logs.get(j).rlp();
        }
        return Rlp.encodeList(Rlp.encodeLong(receipt.type()), Rlp.encodeLong(receipt.success() ? 1 : 0),
                Rlp.encodeLong(receipt.cumulativeGasUsed()), Rlp.encodeList(logItems));
    }

    public static List<Receipt> decode(byte[] rlp) {
        RlpReader r = RlpReader.ofSingleList(rlp);
        List<Receipt> receipts = new ArrayList<>();
        while (r.hasNext()) {
            RlpReader item = r.enterList();
            long type = item.readLong();
            long status = item.readLong();
            if (type > 0x7f || status > 1) {
                throw new IllegalArgumentException("stored receipt with type " + type + ", status " + status);
            }
            long cumulativeGas = item.readLong();
            List<Log> logs = readLogs(item.enterList());
            item.expectEnd();
            receipts.add(Receipt.of((int) type, status == 1, cumulativeGas, logs));
        }
        return receipts;
    }

    /** Reads one consensus encoding, the inverse of {@link Receipt#encode()}. */
    public static Receipt decodeOne(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("empty receipt");
        }
        int first = encoded[0] & 0xff;
        // A list starts at 0xc0 or above; anything below 0x80 is an EIP-2718 type byte.
        int type = first < 0x80 ? first : 0;
        byte[] list = type == 0 ? encoded : Arrays.copyOfRange(encoded, 1, encoded.length);
        RlpReader r = RlpReader.ofSingleList(list);
        long status = r.readLong();
        if (status > 1) {
            throw new IllegalArgumentException("receipt status " + status + " (pre-Byzantium state roots are not kept)");
        }
        long cumulativeGas = r.readLong();
        byte[] bloom = r.readBytes();
        List<Log> logs = readLogs(r.enterList());
        r.expectEnd();
        return new Receipt(type, status == 1, cumulativeGas, logs, LogsBloom.fromBytes(bloom));
    }

    private static List<Log> readLogs(RlpReader logItems) {
        List<Log> logs = new ArrayList<>();
        while (logItems.hasNext()) {
            RlpReader log = logItems.enterList();
            Address address = log.readAddress();
            List<Hash> topics = new ArrayList<>();
            RlpReader topicItems = log.enterList();
            while (topicItems.hasNext()) {
                topics.add(topicItems.readHash());
            }
            logs.add(new Log(address, topics, log.readBytes()));
            log.expectEnd();
        }
        return logs;
    }
}
