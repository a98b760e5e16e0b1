package dev.multilane.evm;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Rlp;
import java.util.List;

/** A log entry emitted by LOG0..LOG4. */
public record Log(Address address, List<Hash> topics, byte[] data) {

    /** RLP: [address, [topic...], data]. */
    public byte[] rlp() {
        byte[][] t = new byte[topics.size()][];
        for (int i = 0; i < t.length; i++) {
            t[i] = Rlp.encodeBytes(topics.get(i).bytes());
        }
        return Rlp.encodeList(Rlp.encodeBytes(address.bytes()), Rlp.encodeList(t), Rlp.encodeBytes(data));
    }
}
