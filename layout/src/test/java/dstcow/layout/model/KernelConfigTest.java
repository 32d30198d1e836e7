package dstcow.layout.model;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelConfigTest {

    @Test
    void config64BitFollowsTheAbi() {
        assertTrue(KernelConfig.defaults(Abi.S390X).enabled("CONFIG_64BIT"));
        assertFalse(KernelConfig.defaults(Abi.ARM).enabled("CONFIG_64BIT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelConfig.defaults(Abi.I386).with("CONFIG_64BIT=y"));
        assertEquals("CONFIG_64BIT=y contradicts ABI i386 (which is 32-bit): CONFIG_64BIT follows the ABI; "
                + "pick a 64-bit ABI such as x86_64 instead", e.getMessage());
    }

    @Test
    void assignmentsAreParsedStrictly() {
        KernelConfig c = KernelConfig.defaults(Abi.X86_64).with("xfrm=n");
        assertFalse(c.enabled("CONFIG_XFRM"));
        assertEquals("CONFIG_XFRM=n", c.diffFromDefaults());
        assertEquals("config value 'maybe' in 'CONFIG_XFRM=maybe' is not y or n",
                assertThrows(IllegalArgumentException.class, () -> c.with("CONFIG_XFRM=maybe")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("CONFIG_NOPE=y")).getMessage()
                .startsWith("unknown config 'CONFIG_NOPE'; allowed: CONFIG_64BIT, CONFIG_XFRM,"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("XFRM")).getMessage()
                .startsWith("config 'XFRM' is not NAME=y|n; known names: "));
    }

    @Test
    void unknownAbiAndVersionListWhatIsAllowed() {
        assertEquals("unknown ABI 'sparc'; allowed: x86_64, i386, arm, aarch64, powerpc64, s390x, riscv64, m68k",
                assertThrows(IllegalArgumentException.class, () -> Abi.parse("sparc")).getMessage());
        assertEquals("unknown kernel version 'next'; allowed: parent, patched",
                assertThrows(IllegalArgumentException.class, () -> KernelVersion.parse("next")).getMessage());
    }
}
