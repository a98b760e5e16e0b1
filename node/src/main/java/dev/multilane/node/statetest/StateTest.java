package dev.multilane.node.statetest;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One named test of a GeneralStateTests file: a pre-state, a block, a transaction template, and the
 * expected outcomes per fork.
 *
 * @param post vectors by fork name as the file writes it ("Cancun", "Merge", "Frontier", ...), in
 *     file order
 */
record StateTest(
        String name,
        TestEnv env,
        Map<Address, PreAccount> pre,
        TxTemplate transaction,
        Map<String, List<PostVector>> post) {

    /** The vectors for {@code fork}, whatever name the file gives it; empty when it has none. */
    List<PostVector> vectors(Fork fork) {
        List<PostVector> out = new ArrayList<>();
        post.forEach((name, vectors) -> {
            if (Fork.fromName(name) == fork) {
                out.addAll(vectors);
            }
        });
        return out;
    }
}
