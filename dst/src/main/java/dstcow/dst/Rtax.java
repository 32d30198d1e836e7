package dstcow.dst;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The route metric ids of that era, include/linux/rtnetlink.h at 62fa8a84 ({@code enum { RTAX_UNSPEC,
 * RTAX_LOCK, ... }}): a metric id {@code m} lives in slot {@code m - 1} of a {@code u32[RTAX_MAX]}
 * array, since {@code RTAX_UNSPEC} has none. {@code RTAX_LOCK} is itself a bitmask of locked
 * metrics, tested with {@code 1 << metric}. Names are iproute2's ({@code mtu}, {@code advmss}, ...).
 */
@KernelSource(file = "include/linux/rtnetlink.h", symbol = "RTAX_*", commit = KernelSource.PATCHED)
public final class Rtax {
    private Rtax() {
    }

    public static final int RTAX_UNSPEC = 0;
    public static final int RTAX_LOCK = 1;
    public static final int RTAX_MTU = 2;
    public static final int RTAX_WINDOW = 3;
    public static final int RTAX_RTT = 4;
    public static final int RTAX_RTTVAR = 5;
    public static final int RTAX_SSTHRESH = 6;
    public static final int RTAX_CWND = 7;
    public static final int RTAX_ADVMSS = 8;
    public static final int RTAX_REORDERING = 9;
    public static final int RTAX_HOPLIMIT = 10;
    public static final int RTAX_INITCWND = 11;
    public static final int RTAX_FEATURES = 12;
    public static final int RTAX_RTO_MIN = 13;
    public static final int RTAX_INITRWND = 14;
    public static final int __RTAX_MAX = 15;
    /** {@code __RTAX_MAX - 1}: metric arrays hold 14 {@code u32}. */
    public static final int RTAX_MAX = __RTAX_MAX - 1;

    public static final int RTAX_FEATURE_ECN = 1 << 0;
    public static final int RTAX_FEATURE_SACK = 1 << 1;
    public static final int RTAX_FEATURE_TIMESTAMP = 1 << 2;
    public static final int RTAX_FEATURE_ALLFRAG = 1 << 3;

    /** {@code sizeof(u32) * RTAX_MAX}: the 56 bytes a metrics array takes. */
    public static final int METRICS_BYTES = 4 * RTAX_MAX;

    private static final String[] NAMES = {"unspec", "lock", "mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd",
        "advmss", "reordering", "hoplimit", "initcwnd", "features", "rto_min", "initrwnd"};

    /**
     * The array slot of a metric id, {@code metric - 1}; an id outside {@code 1..RTAX_MAX} is an
     * {@link IllegalArgumentException} naming the valid range and the names.
     */
    public static int slot(int metric) {
        int slot = metric - 1;
        if (Integer.compareUnsigned(slot, RTAX_MAX) >= 0) {
            throw invalid(metric);
        }
        return slot;
    }

    /** Checks an id as {@link #slot} does and returns it. */
    public static int check(int metric) {
        slot(metric);
        return metric;
    }

    /** The iproute2 name of a valid id: {@code mtu}. */
    public static String name(int metric) {
        return NAMES[slot(metric) + 1];
    }

    /** The C name of a valid id: {@code RTAX_MTU}. */
    public static String constant(int metric) {
        return "RTAX_" + name(metric).toUpperCase(Locale.ROOT);
    }

    /** {@code RTAX_MTU (mtu, 2)}, for messages. */
    public static String describe(int metric) {
        return constant(metric) + " (" + name(metric) + ", " + metric + ")";
    }

    /** Parses {@code mtu}, {@code RTAX_MTU} or {@code 2}; the error lists the valid ids. */
    public static int parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("rtax_")) {
            t = t.substring(5);
        }
        for (int i = 1; i <= RTAX_MAX; i++) {
            if (NAMES[i].equals(t)) {
                return i;
            }
        }
        try {
            return check(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown metric '" + text + "'; valid ids are 1..RTAX_MAX (" + RTAX_MAX + "): " + valid());
        }
    }

    /** {@code 1 lock, 2 mtu, ..., 14 initrwnd}. */
    public static String valid() {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 1; i <= RTAX_MAX; i++) {
            j.add(i + " " + NAMES[i]);
        }
        return j.toString();
    }

    private static IllegalArgumentException invalid(int metric) {
        return new IllegalArgumentException("metric id " + metric + " is outside 1..RTAX_MAX (" + RTAX_MAX + ")"
                + (metric == RTAX_UNSPEC ? "; RTAX_UNSPEC has no slot" : "") + "; valid ids: " + valid());
    }
}
