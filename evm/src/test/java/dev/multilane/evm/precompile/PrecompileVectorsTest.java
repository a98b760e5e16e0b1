package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published input/output/gas vectors (go-ethereum's precompile test data, taken as data only),
 * run through the registry as the interpreter will call it: gas first, then run.
 */
class PrecompileVectorsTest {

    @ParameterizedTest(name = "{0} at 0x{1}")
    @CsvSource({
        "ecrecover, 01",
        "modexp-eip2565, 05",
        "bn254-add, 06",
        "bn254-mul, 07",
        "bn254-pairing, 08",
        "blake2f, 09",
        "blake2f-invalid, 09",
        "point-evaluation, 0a",
    })
    void vectors(String file, String number) throws IOException {
        Precompile precompile = Precompiles.get(Address.ofNumber(Integer.parseInt(number, 16)), Fork.CANCUN);
        assertNotNull(precompile);
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (Vector v : load(file + ".txt")) {
            String problem = check(precompile, v);
            if (problem == null) {
                passed++;
            } else {
                failures.add(v.name + ": " + problem);
            }
        }
        System.out.printf("%s: %d passed, %d failed%n", file, passed, failures.size());
        failures.forEach(f -> System.out.println("  FAILED " + f));
        assertTrue(passed > 0, "no vectors in " + file);
        assertTrue(failures.isEmpty(), file + " failures: " + failures);
    }

    private static String check(Precompile precompile, Vector v) {
        byte[] input = Hex.decode(v.input);
        if (v.gas >= 0) {
            long gas = precompile.gas(input, Fork.CANCUN);
            if (gas != v.gas) {
                return "gas " + gas + ", expected " + v.gas;
            }
        }
        byte[] out = precompile.run(input, Fork.CANCUN);
        if (v.expected == null) {
            return out == null ? null : "expected failure, got " + Hex.encode(out);
        }
        if (out == null) {
            return "failed, expected " + v.expected;
        }
        String got = Hex.encodeBare(out, 0, out.length);
        return got.equals(v.expected) ? null : "output " + got + ", expected " + v.expected;
    }

    /** One line "name|gas|input|expected", gas "-" when not given, expected "!" for a failed call. */
    record Vector(String name, long gas, String input, String expected) {}

    static List<Vector> load(String resource) throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = PrecompileVectorsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                out.add(new Vector(f[0], f[1].equals("-") ? -1 : Long.parseLong(f[1]), f[2],
                        f[3].equals("!") ? null : f[3].toLowerCase()));
            }
        }
        return out;
    }
}
