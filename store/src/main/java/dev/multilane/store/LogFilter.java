package dev.multilane.store;

import dev.multilane.chain.LogsBloom;
import dev.multilane.evm.Log;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * An eth_getLogs filter over a block range.
 *
 * @param fromBlock the first block, inclusive
 * @param toBlock the last block, inclusive; later than the head means up to the head
 * @param addresses the emitting contracts, any of them; empty for any contract
 * @param topics per topic position, the values accepted there (any of them); an empty list is a
 *     wildcard. As in geth, a log with fewer topics than the filter has positions never matches,
 *     even when the extra positions are wildcards.
 */
public record LogFilter(long fromBlock, long toBlock, List<Address> addresses, List<List<Hash>> topics) {

    public LogFilter {
        addresses = List.copyOf(addresses);
        List<List<Hash>> copied = new ArrayList<>(topics.size());
        for (List<Hash> position : topics) {
            copied.add(position == null ? List.of() : List.copyOf(position));
        }
        topics = List.copyOf(copied);
    }

    /** False when the bloom proves no log of the block can match; true when one might. */
    public boolean mightMatch(LogsBloom bloom) {
        if (!addresses.isEmpty() && addresses.stream().noneMatch(a -> bloom.mightContain(a.bytes()))) {
            return false;
        }
        for (List<Hash> position : topics) {
            if (!position.isEmpty() && position.stream().noneMatch(t -> bloom.mightContain(t.bytes()))) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(Log log) {
        if (!addresses.isEmpty() && !addresses.contains(log.address())) {
            return false;
        }
        if (topics.size() > log.topics().size()) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            List<Hash> position = topics.get(i);
            if (!position.isEmpty() && !position.contains(log.topics().get(i))) {
                return false;
            }
        }
        return true;
    }
}
