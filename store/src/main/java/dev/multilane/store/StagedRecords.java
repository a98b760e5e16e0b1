package dev.multilane.store;

import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.RlpReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a block whose transactions and receipts were mostly written before its commit,
 * part by part while it was built ({@link ChainStore#stage}). Each part, in {@link Column#STAGED},
 * is RLP [[transaction...], [receipt...]] with the items of the body's transaction list and of the
 * stored receipts list ({@link ReceiptCodec}). The block's body and receipts values then refer to
 * the parts and hold only what came after them:
 *
 * <pre>0x00 ‖ stage (8) ‖ parts (4) ‖ rest</pre>
 *
 * where rest is, for the body, the body RLP with only the later transactions; for the receipts,
 * the RLP list of the later receipts; for a state diff, the RLP list of the items changed after the
 * last part (each part's own are under its diff key: {@link StateDiff#merge} joins them). An RLP value never starts with 0x00 (a list
 * starts at 0xc0), so the first byte tells a reference from a whole value.
 */
final class StagedRecords {
    private static final byte MARKER = 0;
    private static final int HEADER = 1 + 8 + 4;

    private StagedRecords() {}

    static boolean isReference(byte[] value) {
        return value.length > 0 && value[0] == MARKER;
    }

    static byte[] reference(long stage, int parts, byte[] rest) {
        byte[] out = new byte[HEADER + rest.length];
        out[0] = MARKER;
        Bytes.putLong(out, 1, stage);
        Bytes.putInt(out, 9, parts);
        System.arraycopy(rest, 0, out, HEADER, rest.length);
        return out;
    }

    static long stage(byte[] reference) {
        checkLength(reference);
        return Bytes.getLong(reference, 1);
    }

    static int parts(byte[] reference) {
        checkLength(reference);
        return Bytes.getInt(reference, 9);
    }

    static byte[] rest(byte[] reference) {
        checkLength(reference);
        return Arrays.copyOfRange(reference, HEADER, reference.length);
    }

    private static void checkLength(byte[] reference) {
        if (reference.length < HEADER) {
            throw new StoreException("a stored reference to staged parts of " + reference.length + " bytes");
        }
    }

    /** One part's value. */
    static byte[] part(List<byte[]> transactions, List<byte[]> receipts) {
        return Rlp.encodeList(Rlp.encodeList(transactions), Rlp.encodeList(receipts));
    }

    /** The whole body RLP of a body {@code reference}, given its parts' values in order. */
    static byte[] body(byte[] reference, List<byte[]> parts) {
        List<byte[]> txs = items(parts, 0);
        RlpReader body = RlpReader.ofSingleList(rest(reference));
        RlpReader later = body.enterList();
        while (later.hasNext()) {
            txs.add(later.readRaw());
        }
        List<byte[]> fields = new ArrayList<>(3);
        fields.add(Rlp.encodeList(txs));
        while (body.hasNext()) {
            fields.add(body.readRaw());
        }
        return Rlp.encodeList(fields);
    }

    /** The whole receipts value ({@link ReceiptCodec#decode}'s input) of a receipts {@code reference}. */
    static byte[] receipts(byte[] reference, List<byte[]> parts) {
        List<byte[]> receipts = items(parts, 1);
        RlpReader later = RlpReader.ofSingleList(rest(reference));
        while (later.hasNext()) {
            receipts.add(later.readRaw());
        }
        return Rlp.encodeList(receipts);
    }

    /** The raw items of list {@code which} (0: transactions, 1: receipts) of every part, in order. */
    private static List<byte[]> items(List<byte[]> parts, int which) {
        List<byte[]> items = new ArrayList<>();
        for (byte[] part : parts) {
            RlpReader r = RlpReader.ofSingleList(part);
            RlpReader list = r.enterList();
            if (which == 1) {
                list = r.enterList();
            }
            while (list.hasNext()) {
                items.add(list.readRaw());
            }
        }
        return items;
    }
}
