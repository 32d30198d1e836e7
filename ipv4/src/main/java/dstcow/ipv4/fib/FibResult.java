package dstcow.ipv4.fib;

import dstcow.ipv4.net.NetDevice;

/**
 * {@code struct fib_result} (include/net/ip_fib.h) as a value: what {@code fib_lookup} answers.
 * Since the RCU conversion of {@code fib_lookup} (2.6.37) the result holds no reference on
 * {@code fi}: the route cache entry that keeps using it takes one in {@code rt_set_nexthop}
 * (62fa8a84) or copies its metrics (the parent).
 *
 * @param prefixlen {@code prefixlen}
 * @param nhSel     {@code nh_sel}
 * @param type      {@code type} ({@code RTN_*})
 * @param scope     {@code scope}
 * @param fi        {@code fi}: the address of the {@code struct fib_info}, or 0
 * @param dev       the nexthop's device ({@code FIB_RES_DEV}), or null
 */
public record FibResult(int prefixlen, int nhSel, int type, int scope, long fi, NetDevice dev) {

    /** The same result with {@code fi} cleared ({@code res->fi = NULL}). */
    public FibResult withoutFi() {
        return new FibResult(prefixlen, nhSel, type, scope, 0, dev);
    }

    public FibResult withType(int t) {
        return new FibResult(prefixlen, nhSel, t, scope, fi, dev);
    }

    /** A result with no route behind it, for the paths that build one by hand ({@code res.type = RTN_LOCAL}). */
    public static FibResult of(int type) {
        return new FibResult(0, 0, type, 0, 0, null);
    }
}
