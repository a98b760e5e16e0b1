package dev.multilane.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.ForkSchedule;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.List;

/**
 * The {@code config} object of a geth genesis file as a {@link ChainConfig}: the chain id and the
 * activations of the forks Multilane runs, Berlin to Cancun. The forks before Berlin ({@code
 * homesteadBlock} ... {@code muirGlacierBlock}) and the difficulty-bomb delays are ignored: the EVM
 * starts at Berlin, so a chain must have {@code berlinBlock}.
 *
 * <p>The Merge: {@code mergeNetsplitBlock} when given; otherwise a {@code terminalTotalDifficulty}
 * that is marked passed or that the genesis difficulty already reaches makes every block after the
 * genesis proof-of-stake, which is Paris at block 0 (the genesis header does not depend on it). A
 * terminal difficulty still ahead is refused: Multilane does not mine proof of work.
 *
 * <p>Numbers may be JSON numbers, decimal strings or 0x-hex strings, as geth accepts them.
 */
final class GenesisConfig {
    /** Forks after Cancun that geth configs name; Multilane cannot run them, so a config using one is refused. */
    private static final List<String> UNSUPPORTED = List.of("pragueTime", "osakaTime", "verkleTime");

    private GenesisConfig() {}

    static ChainConfig parse(JsonNode config, U256 genesisDifficulty) {
        if (!config.hasNonNull("chainId")) {
            throw new IllegalArgumentException("config has no chainId");
        }
        long chainId = quantity(config, "chainId", 0);
        for (String name : UNSUPPORTED) {
            if (config.hasNonNull(name)) {
                throw new IllegalArgumentException("config." + name + ": Multilane runs forks up to Cancun");
            }
        }
        if (!config.hasNonNull("berlinBlock")) {
            throw new IllegalArgumentException("config has no berlinBlock: Multilane runs Berlin and later");
        }
        ForkSchedule.Builder forks = ForkSchedule.builder().atBlock(Fork.BERLIN, quantity(config, "berlinBlock", 0));
        if (config.hasNonNull("londonBlock")) {
            forks.atBlock(Fork.LONDON, quantity(config, "londonBlock", 0));
        }
        Long paris = parisBlock(config, genesisDifficulty);
        if (paris != null) {
            forks.atBlock(Fork.PARIS, paris);
        }
        if (config.hasNonNull("shanghaiTime")) {
            requireMerge(paris, "shanghaiTime");
            forks.atTimestamp(Fork.SHANGHAI, quantity(config, "shanghaiTime", 0));
        }
        if (config.hasNonNull("cancunTime")) {
            requireMerge(paris, "cancunTime");
            forks.atTimestamp(Fork.CANCUN, quantity(config, "cancunTime", 0));
        }
        return new ChainConfig(chainId, forks.build());
    }

    /** The first proof-of-stake block number, or null for a chain that never merges. */
    private static Long parisBlock(JsonNode config, U256 genesisDifficulty) {
        if (config.hasNonNull("mergeNetsplitBlock")) {
            return quantity(config, "mergeNetsplitBlock", 0);
        }
        if (!config.hasNonNull("terminalTotalDifficulty")) {
            return null;
        }
        BigInteger ttd = big(config.get("terminalTotalDifficulty"), "terminalTotalDifficulty");
        boolean passed = config.path("terminalTotalDifficultyPassed").asBoolean(false);
        if (passed || ttd.compareTo(genesisDifficulty.toBigInteger()) <= 0) {
            return 0L;
        }
        throw new IllegalArgumentException("terminalTotalDifficulty " + ttd + " is above the genesis difficulty "
                + genesisDifficulty.toBigInteger() + " and not passed: Multilane does not mine proof of work");
    }

    private static void requireMerge(Long paris, String field) {
        if (paris == null) {
            throw new IllegalArgumentException("config." + field + " without the Merge (mergeNetsplitBlock or "
                    + "terminalTotalDifficulty)");
        }
    }

    /** An unsigned 64-bit quantity; {@code absent} when the field is missing or null. */
    static long quantity(JsonNode node, String name, long absent) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        BigInteger b = big(v, name);
        if (b.signum() < 0 || b.bitLength() > 64) {
            throw new IllegalArgumentException("'" + name + "' does not fit 64 bits: " + v);
        }
        return b.longValue();
    }

    static U256 u256(JsonNode node, String name) {
        BigInteger b = big(node.get(name), name);
        if (b.signum() < 0 || b.bitLength() > 256) {
            throw new IllegalArgumentException("'" + name + "' does not fit 256 bits: " + b);
        }
        return U256.fromBigInteger(b);
    }

    private static BigInteger big(JsonNode v, String name) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue();
        }
        String s = v.asText().trim();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return s.length() == 2 ? BigInteger.ZERO : new BigInteger(s.substring(2), 16);
            }
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' is not a number: " + v, e);
        }
    }
}
