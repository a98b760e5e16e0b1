package dev.multilane.bench.defi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The artifacts on the class path are the pinned npm builds and our current sources, compiled. */
class ContractsTest {

    @Test
    void publishedContractsComeFromThePinnedPackages() {
        assertEquals("@openzeppelin/contracts@4.9.6/build/contracts/ERC20PresetFixedSupply.json",
                Contracts.source(Contracts.ERC20));
        assertEquals("@uniswap/v2-core@1.0.1/build/UniswapV2Pair.json", Contracts.source(Contracts.PAIR));
        assertEquals("@uniswap/v2-core@1.0.1/build/UniswapV2Factory.json", Contracts.source(Contracts.FACTORY));
        assertEquals("@uniswap/v2-periphery@1.1.0-beta.0/build/UniswapV2Router02.json",
                Contracts.source(Contracts.ROUTER02));
        assertEquals("@uniswap/v2-periphery@1.1.0-beta.0/build/WETH9.json", Contracts.source(Contracts.WETH9));
        for (String name : new String[] {Contracts.ERC20, Contracts.WETH9, Contracts.ROUTER02, Contracts.FACTORY,
                Contracts.PAIR, Contracts.LENDING_POOL, Contracts.STAKING_POOL}) {
            assertTrue(Contracts.creationCode(name).length > 1_000, name);
        }
    }

    /**
     * Maven builds the artifacts only when they are missing, so an edited .sol file would go on
     * being benchmarked in its old form; this catches that.
     */
    @Test
    void artifactsAreCompiledFromTheCurrentSources() throws IOException {
        JsonNode manifest = Contracts.manifest();
        assertTrue(manifest.path("solc").asText().startsWith("0.8.26+"), manifest.path("solc").asText());
        Map<String, String> built = new TreeMap<>();
        manifest.path("sourceHashes").properties().forEach(e -> built.put(e.getKey(), e.getValue().asText()));
        Map<String, String> current = new TreeMap<>();
        try (Stream<Path> files = Files.list(sources())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sol")).toList()) {
                current.put(f.getFileName().toString(), sha256(Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        assertEquals(current, built, "bench/contracts/src changed since the artifacts were built: run `npm run build`"
                + " in bench/contracts (or delete bench/target/contracts and build the module)");
    }

    /** bench/contracts/src, from the module directory (where surefire runs) or the repository root. */
    private static Path sources() {
        Path fromModule = Path.of("contracts", "src");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("bench", "contracts", "src");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
