package dstcow.tools.bench.mirror;

/**
 * An on-heap Java mirror of {@code struct dst_entry} at 62fa8a84, one plain field per C member
 * (pointers as {@code long} addresses), declared in kernel order. The JVM is free to reorder
 * fields (it groups them by size), so unlike C nothing here keeps {@code refcnt} off the line of
 * {@code ops}/{@code input}/{@code output}: compare {@link PaddedDstEntryMirror}.
 *
 * <p>{@code metrics} is the shared read-only metrics array the C pointer points to.
 */
public class DstEntryMirror {
    public long rcuNext;
    public long rcuFunc;
    public long child;
    public long dev;
    public long ops;
    public int[] metrics;
    public boolean metricsReadOnly;
    public long expires;
    public long path;
    public long neighbour;
    public long hh;
    public long xfrm;
    public long input;
    public long output;
    public short error;
    public short obsolete;
    public short headerLen;
    public short trailerLen;
    public int tclassid;
    public volatile int refcnt;
    public int use;
    public long lastuse;
    public long rateLast;
    public int rateTokens;
    public int flags;
    public long next;

    /** {@code dst_metric_raw}: slot {@code metric - 1}, as in the kernel. */
    public int metricRaw(int metric) {
        return metrics[metric - 1];
    }
}
