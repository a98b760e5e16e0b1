package dev.multilane.evm.precompile;

import ethereum.ckzg4844.CKZG4844JNI;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.multilane.primitives.SharedFixtures;

/**
 * The Ethereum KZG ceremony output that c-kzg needs before it can verify a proof. c-kzg holds one
 * setup per process, so this class loads it lazily, once, for everyone in the JVM (the point
 * evaluation precompile, and blob transaction checks elsewhere), and remembers a failure rather
 * than retrying on every call.
 *
 * <p>Where the file is, in order: the system property {@value #PROPERTY}; the system property
 * {@code multilane.fixtures} plus {@code kzg/trusted_setup.txt}; else {@value #RELATIVE} in the
 * working directory or the nearest ancestor that has it.
 */
public final class KzgTrustedSetup {
    public static final String PROPERTY = "multilane.kzg.trustedSetup";
    static final String RELATIVE = "shared/fixtures/kzg/trusted_setup.txt";

    private static final System.Logger LOG = System.getLogger(KzgTrustedSetup.class.getName());

    /** Null until the first attempt; then whether the setup is usable. Written once under the lock. */
    private static volatile Boolean loaded;

    private KzgTrustedSetup() {}

    /** True when c-kzg is loaded with the trusted setup; never throws. */
    public static boolean ensureLoaded() {
        Boolean state = loaded;
        if (state != null) {
            return state;
        }
        synchronized (KzgTrustedSetup.class) {
            if (loaded == null) {
                loaded = load();
            }
            return loaded;
        }
    }

    private static boolean load() {
        Path path = locate();
        if (path == null) {
            LOG.log(Level.ERROR, "KZG trusted setup not found (set -D" + PROPERTY + "=<path to trusted_setup.txt>,"
                    + " or run below a directory holding " + RELATIVE + "); the point evaluation precompile"
                    + " (0x0a) will fail every call");
            return false;
        }
        try {
            CKZG4844JNI.loadNativeLibrary();
            CKZG4844JNI.loadTrustedSetup(path.toString());
            return true;
        } catch (RuntimeException | LinkageError e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("already loaded")) {
                return true; // another component of this process loaded it first
            }
            LOG.log(Level.ERROR, "KZG trusted setup " + path + " could not be loaded; the point evaluation"
                    + " precompile (0x0a) will fail every call", e);
            return false;
        }
    }

    /** The trusted setup file, or null when none is found. */
    static Path locate() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isRegularFile(p) ? p : null;
        }
        return SharedFixtures.find()
                .map(fixtures -> fixtures.resolve("kzg").resolve("trusted_setup.txt"))
                .filter(Files::isRegularFile)
                .orElse(null);
    }
}
