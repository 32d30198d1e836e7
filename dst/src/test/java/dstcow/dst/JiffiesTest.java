package dstcow.dst;

import dstcow.layout.abi.Abi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** kernel/time.c's conversions for HZ dividing 1000: msecs round up to whole ticks. */
class JiffiesTest {

    @ParameterizedTest
    @CsvSource({"250, 0, 0", "250, 1, 1", "250, 4, 1", "250, 5, 2", "250, 100, 25", "100, 15, 2", "1000, 7, 7"})
    void msecsToJiffiesRoundsUp(int hz, int ms, long jiffies) {
        assertEquals(jiffies, new Jiffies(hz, Abi.X86_64).msecsToJiffies(ms));
    }

    @Test
    void negativeMillisecondsMeanForever() {
        assertEquals(Long.MAX_VALUE / 2 - 1, new Jiffies(250, Abi.X86_64).msecsToJiffies(-1));
        assertEquals(Long.MAX_VALUE / 2 - 1, new Jiffies(250, Abi.X86_64).MAX_JIFFY_OFFSET());
        assertEquals(Integer.MAX_VALUE / 2 - 1, new Jiffies(250, Abi.I386).msecsToJiffies(-1));
    }

    @Test
    void jiffiesToMsecsTruncatesToUnsignedInt() {
        Jiffies j = new Jiffies(250, Abi.X86_64);
        assertEquals(100, j.jiffiesToMsecs(25));
        assertEquals((int) (4L * 0x1_0000_0001L), j.jiffiesToMsecs(0x1_0000_0001L));
    }

    @Test
    void initialJiffiesWrapFiveMinutesAfterBoot() {
        // (unsigned long)(unsigned int)(-300 * HZ): 300 s of ticks before 2^32.
        assertEquals(0xfffedb08L, new Jiffies(250, Abi.X86_64).INITIAL_JIFFIES());
        assertEquals(0xfffedb08L, new Jiffies(250, Abi.I386).INITIAL_JIFFIES());
        assertEquals(0xfffb6c20L, new Jiffies(1000, Abi.X86_64).INITIAL_JIFFIES());
    }

    @Test
    void hzMustDivideOneThousand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Jiffies(300, Abi.X86_64));
        assertEquals("HZ=300 is not supported; HZ must divide 1000 (100, 200, 250, 500, 1000)", e.getMessage());
    }
}
