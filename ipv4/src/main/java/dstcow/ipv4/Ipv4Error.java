package dstcow.ipv4;

import dstcow.ipv4.net.Inet;

/**
 * A kernel function returned an error: what {@code ip route} would print as "RTNETLINK answers:
 * ...". Carries the negative errno and the function; the message names both and what was asked.
 */
public final class Ipv4Error extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String function;

    public Ipv4Error(String function, int errno, String what) {
        super(function + " returned " + Inet.errno(errno) + ": " + what);
        this.errno = errno;
        this.function = function;
    }

    /** The negative errno ({@code -101} for {@code ENETUNREACH}). */
    public int errno() { return errno; }

    /** The kernel function that returned it. */
    public String function() { return function; }
}
