package dev.multilane.bench.defi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.primitives.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The creation bytecode of the contracts the workloads deploy, read from the class path where the
 * build puts it (bench/contracts/build.js, run by bench/pom.xml): published npm builds of
 * OpenZeppelin and Uniswap v2, byte for byte, and our own lending and staking contracts compiled
 * with solc-js. Nothing here is committed bytecode.
 */
public final class Contracts {
    /** OpenZeppelin 4.9.6: an ERC-20 that mints its whole supply to an owner in the constructor. */
    public static final String ERC20 = "ERC20PresetFixedSupply";
    /** Uniswap v2-periphery 1.1.0-beta.0. */
    public static final String WETH9 = "WETH9";
    public static final String ROUTER02 = "UniswapV2Router02";
    /** Uniswap v2-core 1.0.1. */
    public static final String FACTORY = "UniswapV2Factory";
    public static final String PAIR = "UniswapV2Pair";
    /** Ours, bench/contracts/src. */
    public static final String LENDING_POOL = "LendingPool";
    public static final String STAKING_POOL = "StakingPool";

    /** Class path folder of the artifacts, relative to this class. */
    static final String FOLDER = "contracts/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private Contracts() {}

    /** The creation (init) code of {@code name}, without constructor arguments. A fresh copy. */
    public static byte[] creationCode(String name) {
        return Hex.decode(artifact(name).path("bytecode").asText());
    }

    /** Where the bytecode came from, e.g. {@code @uniswap/v2-core@1.0.1/build/UniswapV2Pair.json}. */
    public static String source(String name) {
        return artifact(name).path("source").asText();
    }

    /** manifest.json: the contract names, the solc version and settings, and hashes of our sources. */
    public static JsonNode manifest() {
        return artifact("manifest");
    }

    private static JsonNode artifact(String name) {
        return CACHE.computeIfAbsent(name, Contracts::load);
    }

    private static JsonNode load(String name) {
        String resource = FOLDER + name + ".json";
        try (InputStream in = Contracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("contract artifact " + resource + " is not on the class path: build"
                        + " the bench module (mvn -pl bench install runs npm ci and bench/contracts/build.js when it"
                        + " is missing)");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
