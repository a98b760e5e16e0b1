package dev.multilane.node.dev;

import dev.multilane.store.Genesis;

/**
 * The genesis of the fork-schedule tests (DevNodeForksTest, DevNodeBlobTest): geth format, the
 * dev accounts funded as in {@link DevGenesis}, Paris from block 0 (London rules, merged at
 * terminal total difficulty 0), then Shanghai and Cancun at the given times; 30M gas, 1 gwei base fee.
 */
final class ForkScheduleGenesis {
    private ForkScheduleGenesis() {}

    static Genesis paris(long chainId, long timestamp, long shanghaiTime, long cancunTime) {
        StringBuilder alloc = new StringBuilder();
        for (DevAccounts.Account a : DevAccounts.all()) {
            alloc.append(alloc.isEmpty() ? "" : ",").append('"').append(a.address()).append("\":{\"balance\":\"")
                    .append(DevGenesis.BALANCE).append("\"}");
        }
        return Genesis.parse("""
                {"config": {"chainId": %d, "berlinBlock": 0, "londonBlock": 0, "mergeNetsplitBlock": 0,
                  "terminalTotalDifficulty": 0, "terminalTotalDifficultyPassed": true,
                  "shanghaiTime": %d, "cancunTime": %d},
                 "gasLimit": "0x1c9c380", "baseFeePerGas": "0x3b9aca00", "difficulty": "0x0",
                 "timestamp": "0x%x", "extraData": "0x", "alloc": {%s}}
                """.formatted(chainId, shanghaiTime, cancunTime, timestamp, alloc));
    }
}
