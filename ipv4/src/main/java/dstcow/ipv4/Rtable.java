package dstcow.ipv4;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.layout.model.KernelVersion;

/**
 * A view of one route cache entry, a {@code struct rtable} in native memory: its address and
 * readers for what scenarios ask (metrics through the dst accessors, where they live, the fib_info
 * reference, the cache key). A view holds no reference: the reference belongs to whoever got the
 * route ({@link Ipv4Stack#outputRoute} and friends), and a view of a freed entry oopses on use, as
 * a dangling pointer does.
 */
public final class Rtable {

    private final Ipv4Stack stack;
    private final long address;

    Rtable(Ipv4Stack stack, long address) {
        this.stack = stack;
        this.address = address;
    }

    /** The address of the {@code struct rtable} (and of its {@code struct dst_entry}, its first member). */
    public long address() { return address; }

    private DstKernel k() { return stack.kernel(); }

    private Ipv4Route r() { return stack.route(); }

    /** {@code dst_mtu(&rt->dst)}. */
    public int mtu() { return k().dstMtu(address); }

    /** {@code dst_metric_advmss(&rt->dst)}. */
    public int advmss() { return k().dstMetricAdvmss(address); }

    /** {@code ip4_dst_hoplimit(&rt->dst)}. */
    public int hoplimit() { return r().ip4DstHoplimit(address); }

    /** {@code dst_metric_raw(&rt->dst, metric)}: the stored value, 0 meaning unset. */
    public int metric(int metric) { return k().dstMetricRaw(address, metric); }

    /** {@code dst_metric_locked(&rt->dst, metric) != 0}. */
    public boolean locked(int metric) { return (k().dstMetricRaw(address, Rtax.RTAX_LOCK) & (1 << Rtax.check(metric))) != 0; }

    /** The 14 stored metrics, slot 0 ({@code RTAX_LOCK}) first. */
    public int[] metrics() {
        int[] v = new int[Rtax.RTAX_MAX];
        for (int m = 1; m <= Rtax.RTAX_MAX; m++) {
            v[m - 1] = k().dstMetricRaw(address, m);
        }
        return v;
    }

    /** {@code dst_metrics_ptr(&rt->dst)}: where the metrics are read from. */
    public long metricsAddress() { return k().dstMetricsPtr(address); }

    /** Where the metrics live: inline (parent), or the default, shared or private array (62fa8a84). */
    public MetricsState metricsState() { return stack.metricsState(address); }

    /** {@code rt->fi} (62fa8a84; always 0 in the parent). */
    public long fi() { return r().fi(address); }

    /** {@code atomic_read(&rt->dst.__refcnt)}. */
    public int refcnt() { return k().refcnt(address); }

    /** {@code rt->dst.__use}. */
    public int use() { return k().use(address); }

    /** {@code rt->dst.expires} (jiffies, 0 for never). */
    public long expires() { return r().dstFields().expires(address, "rt->dst.expires"); }

    /** {@code rt->dst.error}. */
    public int error() { return r().dstFields().error(address, "rt->dst.error"); }

    public int rtDst() { return r().rtDst(address); }

    public int rtSrc() { return r().rtSrc(address); }

    public int gateway() { return r().rtGateway(address); }

    public int flags() { return r().rtFlags(address); }

    public int type() { return r().rtType(address); }

    /** {@code rt->fl}, the cache key. */
    public Flowi key() { return r().fl(address); }

    public boolean isInput() { return r().rtIsInputRoute(address); }

    /** Whether the entry predates the last cache invalidation ({@code rt_is_expired}). */
    public boolean isExpired() { return r().rtIsExpired(address); }

    /** The /proc/net/rt_cache line of this entry. */
    public String rtCacheLine() { return r().rtCacheSeqShow(address); }

    public KernelVersion version() { return k().version(); }

    /** A one-line description: address, key, gateway, metrics and where they live, refcount. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("rtable ").append(k().memory().hex(address)).append(isInput() ? " input " : " output ")
                .append(Inet.format(rtDst())).append(" src ").append(Inet.format(rtSrc()));
        if (gateway() != rtDst()) {
            b.append(" via ").append(Inet.format(gateway()));
        }
        b.append(", mtu ").append(Integer.toUnsignedString(mtu())).append(", metrics ").append(metricsState());
        if (fi() != 0) {
            b.append(" (fib_info ").append(k().memory().hex(fi())).append(')');
        }
        return b.append(", refcnt ").append(refcnt()).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rtable r && r.address == address && r.stack == stack;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address);
    }

    @Override
    public String toString() {
        return "rtable " + k().memory().hex(address);
    }
}
