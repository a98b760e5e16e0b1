package dev.multilane.bench.defi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder against the ABI specification's own example, and against a real contract that has
 * to decode what it produces (OpenZeppelin's constructor takes two strings).
 */
class AbiTest {

    @Test
    void selectorsAreKeccakPrefixes() {
        assertEquals("0xa9059cbb", Hex.encode(Abi.selector("transfer(address,uint256)")));
        assertEquals("0x38ed1739", Hex.encode(Abi.selector(
                "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)")));
    }

    @Test
    void dynamicArgumentsGoToTheTailAfterTheirOffsets() {
        Address a = Address.fromHex("0x00000000000000000000000000000000000000aa");
        byte[] encoded = Abi.encode(U256.of(5), List.of(a, a), "hi");
        // head: 5, offset of the array (3 words = 0x60), offset of the string (0x60 + 3 words = 0xc0)
        assertEquals(U256.of(5), Abi.word(encoded, 0));
        assertEquals(U256.of(0x60), Abi.word(encoded, 1));
        assertEquals(U256.of(0xc0), Abi.word(encoded, 2));
        assertEquals(U256.of(2), Abi.word(encoded, 3));
        assertEquals(a.toU256(), Abi.word(encoded, 4));
        assertEquals(U256.of(2), Abi.word(encoded, 6));
        assertEquals("hi", new String(Arrays.copyOfRange(encoded, 7 * 32, 7 * 32 + 2), StandardCharsets.UTF_8));
        assertEquals(8 * 32, encoded.length);
    }

    @Test
    void aDeployedTokenReadsBackTheStringsItWasGiven() {
        PreStateBuilder chain = new PreStateBuilder();
        chain.fund(Users.OWNER, BlockWorkload.OWNER_ETH);
        Address token = Tokens.deploy(chain, Users.OWNER, "A token with a name longer than one word", "ALONG", 1_000);
        assertEquals("A token with a name longer than one word", string(chain.view(token, Abi.call("name()"))));
        assertEquals("ALONG", string(chain.view(token, Abi.call("symbol()"))));
        assertEquals(Tokens.units(1_000), Tokens.balanceOf(chain, token, Users.OWNER));
    }

    private static String string(byte[] returned) {
        int offset = (int) Abi.word(returned, 0).clampedLong();
        int length = (int) U256.fromBytes(returned, offset, 32).clampedLong();
        return new String(returned, offset + 32, length, StandardCharsets.UTF_8);
    }
}
