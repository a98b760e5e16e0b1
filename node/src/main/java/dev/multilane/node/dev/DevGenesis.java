package dev.multilane.node.dev;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multilane.store.Genesis;

/**
 * The dev chain's genesis: Cancun from block 0 (with Berlin, London, the Merge and Shanghai at 0),
 * a 30M gas limit, a 1 gwei base fee, timestamp 0, and {@link DevAccounts} funded with 10,000 ether
 * each. Built as a geth genesis.json and read by {@link Genesis}, so its hash is geth's for the same
 * file. Everything is fixed, so a restart on the same data directory computes the same hash and
 * the store can check it.
 */
public final class DevGenesis {
    public static final long GAS_LIMIT = 30_000_000L;
    public static final long BASE_FEE = 1_000_000_000L;
    /** 10,000 ether in wei. */
    public static final String BALANCE = "10000000000000000000000";

    private DevGenesis() {}

    public static Genesis build(long chainId) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        ObjectNode config = json.putObject("config");
        config.put("chainId", chainId);
        config.put("berlinBlock", 0);
        config.put("londonBlock", 0);
        config.put("mergeNetsplitBlock", 0);
        config.put("terminalTotalDifficulty", 0);
        config.put("terminalTotalDifficultyPassed", true);
        config.put("shanghaiTime", 0);
        config.put("cancunTime", 0);
        json.put("gasLimit", "0x" + Long.toHexString(GAS_LIMIT));
        json.put("baseFeePerGas", "0x" + Long.toHexString(BASE_FEE));
        json.put("difficulty", "0x0");
        json.put("timestamp", "0x0");
        json.put("extraData", "0x");
        ObjectNode alloc = json.putObject("alloc");
        for (DevAccounts.Account a : DevAccounts.all()) {
            alloc.putObject(a.address().toString()).put("balance", BALANCE);
        }
        return Genesis.parse(json);
    }
}
