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
 * A block's receipts as the store keeps them: an RLP list whose items are RLP strings holding each
 * receipt's consensus encoding ({@link Receipt#encode()}: rlp[status, cumulativeGas, bloom, logs],
 * typed ones behind their type byte, EIP-2718). The same bytes that debug_getRawReceipts serves and
 * the receipts root hashes, so nothing is derived twice. Each encoding carries its bloom; geth drops
 * it and recomputes on read, trading 256 bytes a receipt for hashing, which a dev chain need not do.
 */
public final class ReceiptCodec {
    private ReceiptCodec() {}

    public static byte[] encode(List<Receipt> receipts) {
        byte[][] items = new byte[receipts.size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = Rlp.encodeBytes(receipts.get(i).encode());
        }
        return Rlp.encodeList(items);
    }

    public static List<Receipt> decode(byte[] rlp) {
        RlpReader r = RlpReader.ofSingleList(rlp);
        List<Receipt> receipts = new ArrayList<>();
        while (r.hasNext()) {
            receipts.add(decodeOne(r.readBytes()));
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
        List<Log> logs = new ArrayList<>();
        RlpReader logItems = r.enterList();
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
        r.expectEnd();
        return new Receipt(type, status == 1, cumulativeGas, logs, LogsBloom.fromBytes(bloom));
    }
}
