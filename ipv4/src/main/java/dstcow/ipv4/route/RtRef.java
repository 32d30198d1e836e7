package dstcow.ipv4.route;

/**
 * An out-parameter for a route: {@code struct rtable **rp}, or the {@code _skb_refdst} of the one
 * {@code sk_buff} an input route is attached to ({@code skb_dst_set}). Whoever receives a route
 * through it owns one reference, which {@code ip_rt_put} drops.
 */
public final class RtRef {
    private long rt;

    public RtRef() {
    }

    public RtRef(long rt) {
        this.rt = rt;
    }

    /** The route (the address of its {@code struct rtable}), or 0. */
    public long get() { return rt; }

    public void set(long rt) { this.rt = rt; }
}
