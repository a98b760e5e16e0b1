package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecompilesTest {

    @Test
    void oneToNineAtEveryForkAndPointEvaluationFromCancun() {
        for (Fork fork : Fork.values()) {
            for (int n = 1; n <= 9; n++) {
                assertNotNull(Precompiles.get(Address.ofNumber(n), fork), n + " at " + fork);
            }
            Precompile p10 = Precompiles.get(Address.ofNumber(10), fork);
            if (fork.isEnabled(Fork.CANCUN)) {
                assertInstanceOf(PointEvaluation.class, p10);
            } else {
                assertNull(p10, "0x0a before Cancun");
            }
        }
        assertInstanceOf(EcRecover.class, Precompiles.get(Address.ofNumber(1), Fork.BERLIN));
        assertInstanceOf(ModExp.class, Precompiles.get(Address.ofNumber(5), Fork.BERLIN));
        assertInstanceOf(Bn254Pairing.class, Precompiles.get(Address.ofNumber(8), Fork.LONDON));
        assertInstanceOf(Blake2f.class, Precompiles.get(Address.ofNumber(9), Fork.SHANGHAI));
    }

    @Test
    void otherAddressesAreNotPrecompiles() {
        for (Fork fork : Fork.values()) {
            assertNull(Precompiles.get(Address.ZERO, fork));
            assertNull(Precompiles.get(Address.ofNumber(11), fork));
            assertNull(Precompiles.get(Address.ofNumber(0x100), fork));
            assertNull(Precompiles.get(Address.ofNumber(-1), fork));
            // Small low bytes with a non-zero high part: the u1/u2 words must be checked.
            assertNull(Precompiles.get(Address.fromHex("0x1000000000000000000000000000000000000001"), fork));
            assertNull(Precompiles.get(Address.fromHex("0x0000000000000000000000010000000000000001"), fork));
            assertNull(Precompiles.get(Address.fromHex("0x0000000000000000000000000000000100000001"), fork));
        }
    }

    @Test
    void warmAddressesPerFork() {
        List<Address> berlin = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            berlin.add(Address.ofNumber(n));
        }
        assertEquals(berlin, Precompiles.addresses(Fork.BERLIN));
        assertEquals(berlin, Precompiles.addresses(Fork.SHANGHAI));
        List<Address> cancun = new ArrayList<>(berlin);
        cancun.add(Address.ofNumber(10));
        assertEquals(cancun, Precompiles.addresses(Fork.CANCUN));
    }
}
