package dstcow.dst;

import dstcow.layout.abi.Abi;

/**
 * Time in ticks: {@code HZ}, {@code INITIAL_JIFFIES} and the msec/jiffies conversions of
 * kernel/time.c, for an {@code HZ} that divides 1000 (100, 250, 1000, ...), the only case the
 * port needs. The RTT metrics are stored in milliseconds and used as jiffies.
 */
public final class Jiffies {

    public static final int MSEC_PER_SEC = 1000;

    private final int hz;
    private final long maxJiffyOffset;
    private final long initial;
    private final long mask;

    public Jiffies(int hz, Abi abi) {
        if (hz <= 0 || MSEC_PER_SEC % hz != 0) {
            throw new IllegalArgumentException("HZ=" + hz + " is not supported; HZ must divide 1000 (100, 200, 250, 500, 1000)");
        }
        this.hz = hz;
        this.mask = abi.longSize() == 8 ? -1L : 0xffffffffL;
        long longMax = abi.longSize() == 8 ? Long.MAX_VALUE : Integer.MAX_VALUE;
        this.maxJiffyOffset = (longMax >> 1) - 1;
        // INITIAL_JIFFIES ((unsigned long)(unsigned int) (-300*HZ)): jiffies wraps five minutes after boot.
        this.initial = Integer.toUnsignedLong(-300 * hz) & mask;
    }

    public int hz() { return hz; }

    /** {@code INITIAL_JIFFIES} (include/linux/jiffies.h). */
    @KernelSource(file = "include/linux/jiffies.h", symbol = "INITIAL_JIFFIES", commit = KernelSource.PATCHED)
    public long INITIAL_JIFFIES() { return initial; }

    /** {@code MAX_JIFFY_OFFSET} ((LONG_MAX >> 1) - 1) for the ABI's {@code long}. */
    @KernelSource(file = "include/linux/jiffies.h", symbol = "MAX_JIFFY_OFFSET", commit = KernelSource.PATCHED)
    public long MAX_JIFFY_OFFSET() { return maxJiffyOffset; }

    /** {@code unsigned long msecs_to_jiffies(const unsigned int m)}: rounds up; a negative {@code (int) m} is "infinite". */
    @KernelSource(file = "kernel/time.c", symbol = "msecs_to_jiffies", commit = KernelSource.PATCHED,
            note = "only the HZ <= MSEC_PER_SEC && !(MSEC_PER_SEC % HZ) branch")
    public long msecsToJiffies(int m) {
        if (m < 0) {
            return maxJiffyOffset;
        }
        int perTick = MSEC_PER_SEC / hz;
        return (Integer.toUnsignedLong(m) + perTick - 1) / perTick;
    }

    /** {@code unsigned int jiffies_to_msecs(const unsigned long j)}: truncated to 32 bits, as C does. */
    @KernelSource(file = "kernel/time.c", symbol = "jiffies_to_msecs", commit = KernelSource.PATCHED,
            note = "only the HZ <= MSEC_PER_SEC && !(MSEC_PER_SEC % HZ) branch")
    public int jiffiesToMsecs(long j) {
        return (int) ((MSEC_PER_SEC / hz) * (j & mask));
    }
}
