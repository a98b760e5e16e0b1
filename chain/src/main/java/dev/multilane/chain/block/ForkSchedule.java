package dev.multilane.chain.block;

import dev.multilane.evm.Fork;
import java.util.ArrayList;
import java.util.List;

/**
 * When each fork activates on a chain: by block number up to the Merge, by timestamp from Shanghai
 * on, as geth's chain config has it ({@code berlinBlock}, {@code londonBlock}, {@code shanghaiTime},
 * {@code cancunTime}). Paris is keyed by the first block after the terminal total difficulty
 * (EIP-3675); a replay knows that block, so it is configured as a block number here, and a genesis
 * with {@code terminalTotalDifficulty} 0 maps to Paris at block 0.
 *
 * <p>Forks are cumulative ({@link Fork#isEnabled}), so a schedule may start at any fork: one that
 * lists only Cancun at time 0 runs every block under Cancun. Immutable.
 */
public final class ForkSchedule {

    /** Whether an activation compares against the block number or the block timestamp. */
    public enum Trigger { BLOCK, TIMESTAMP }

    /** {@code fork} is in force from the first block whose number (or timestamp) is {@code at} or more. */
    public record Activation(Fork fork, Trigger trigger, long at) {}

    /** Ethereum mainnet, Berlin onwards; the forks before Berlin are not supported by the EVM. */
    public static final ForkSchedule MAINNET = builder()
            .atBlock(Fork.BERLIN, 12_244_000)
            .atBlock(Fork.LONDON, 12_965_000)
            // Terminal total difficulty 58,750,000,000,000,000,000,000 was reached by block 15,537,393;
            // 15,537,394 is the first proof-of-stake block.
            .atBlock(Fork.PARIS, 15_537_394)
            .atTimestamp(Fork.SHANGHAI, 1_681_338_455) // block 17,034,870
            .atTimestamp(Fork.CANCUN, 1_710_338_135) // block 19,426,587
            .build();

    private final List<Activation> activations;

    private ForkSchedule(List<Activation> activations) {
        this.activations = List.copyOf(activations);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A schedule with every block under one fork, as state tests and dev chains run. */
    public static ForkSchedule fixed(Fork fork) {
        return builder().atBlock(fork, 0).build();
    }

    public List<Activation> activations() {
        return activations;
    }

    /** The fork in force for a block, or null when it predates the first activation (unsupported). */
    public Fork forkAt(long number, long timestamp) {
        Fork current = null;
        for (Activation a : activations) {
            long value = a.trigger() == Trigger.BLOCK ? number : timestamp;
            if (Long.compareUnsigned(value, a.at()) < 0) {
                break;
            }
            current = a.fork();
        }
        return current;
    }

    public Fork forkAt(BlockHeader header) {
        return forkAt(header.number(), header.timestamp());
    }

    @Override
    public String toString() {
        return "ForkSchedule" + activations;
    }

    /**
     * Collects activations in fork order. Rejects what geth's config check rejects: forks out of
     * order, a block-numbered fork after a timestamped one, or activation points going backwards.
     */
    public static final class Builder {
        private final List<Activation> activations = new ArrayList<>();

        private Builder() {}

        public Builder atBlock(Fork fork, long number) {
            return add(new Activation(fork, Trigger.BLOCK, number));
        }

        public Builder atTimestamp(Fork fork, long timestamp) {
            return add(new Activation(fork, Trigger.TIMESTAMP, timestamp));
        }

        private Builder add(Activation a) {
            if (!activations.isEmpty()) {
                Activation last = activations.getLast();
                if (a.fork().compareTo(last.fork()) <= 0) {
                    throw new IllegalArgumentException(a.fork() + " listed after " + last.fork());
                }
                if (last.trigger() == Trigger.TIMESTAMP && a.trigger() == Trigger.BLOCK) {
                    throw new IllegalArgumentException(a.fork() + " by block number after a fork by timestamp");
                }
                if (last.trigger() == a.trigger() && Long.compareUnsigned(a.at(), last.at()) < 0) {
                    throw new IllegalArgumentException(a.fork() + " activates before " + last.fork());
                }
            }
            activations.add(a);
            return this;
        }

        public ForkSchedule build() {
            if (activations.isEmpty()) {
                throw new IllegalStateException("a fork schedule needs at least one fork");
            }
            return new ForkSchedule(activations);
        }
    }
}
