package dstcow.xfrm;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.ipv4.MetricsState;
import dstcow.ipv4.Rtable;
import dstcow.xfrm.core.Xfrm;

import java.util.ArrayList;
import java.util.List;

/**
 * A view of an IPsec bundle: a chain of {@code struct xfrm_dst}, outermost first
 * ({@code dst->child} links them; the last element's child is the route the packets finally take,
 * its {@code path}). Each element is a full {@code dst_entry} with its own metrics, copied from the
 * route below it when the bundle was made. Holds no reference.
 */
public final class Bundle {

    /**
     * One bundle element.
     *
     * @param address        the {@code struct xfrm_dst}
     * @param state          {@code dst->xfrm}
     * @param route          {@code xdst->route}: the route the element was made over
     * @param child          {@code dst->child}
     * @param mtu            {@code dst_mtu(dst)}
     * @param advmss         {@code dst_metric_advmss(dst)}
     * @param metrics        the 14 stored metrics ({@code dst_metric_raw})
     * @param metricsState   where they live
     * @param childMtuCached {@code xdst->child_mtu_cached}
     * @param routeMtuCached {@code xdst->route_mtu_cached}
     * @param headerLen      {@code dst->header_len}
     * @param trailerLen     {@code dst->trailer_len}
     */
    public record Element(long address, long state, long route, long child, int mtu, int advmss, int[] metrics, MetricsState metricsState,
                          int childMtuCached, int routeMtuCached, int headerLen, int trailerLen) {
        public int metric(int m) { return metrics[Rtax.slot(m)]; }
    }

    private final XfrmStack stack;
    private final long address;

    Bundle(XfrmStack stack, long address) {
        this.stack = stack;
        this.address = address;
    }

    /** The first (outermost) element: what {@code xfrm_lookup} hands to the socket. */
    public long address() { return address; }

    private DstKernel k() { return stack.kernel(); }

    private Xfrm x() { return stack.xfrm(); }

    /** {@code dst_mtu} of the first element: the MTU the socket sees. */
    public int mtu() { return k().dstMtu(address); }

    /** {@code dst_metric_advmss} of the first element. */
    public int advmss() { return k().dstMetricAdvmss(address); }

    /** {@code dst_metric_raw} of the first element. */
    public int metric(int metric) { return k().dstMetricRaw(address, metric); }

    public int refcnt() { return k().refcnt(address); }

    /** {@code dst->path}: the route at the bottom. */
    public Rtable path() { return stack.ipv4().wrap(x().dstFields().path(address, "dst->path")); }

    /** The elements, outermost first. */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>();
        var f = x().dstFields();
        for (long d = address; d != 0 && f.xfrm(d, "bundle") != 0; d = f.child(d, "bundle")) {
            int[] m = new int[Rtax.RTAX_MAX];
            for (int i = 1; i <= Rtax.RTAX_MAX; i++) {
                m[i - 1] = k().dstMetricRaw(d, i);
            }
            out.add(new Element(d, f.xfrm(d, "bundle"), x().route(d), f.child(d, "bundle"), k().dstMtu(d), k().dstMetricAdvmss(d), m,
                    stack.ipv4().metricsState(d), x().childMtuCached(d), x().routeMtuCached(d), f.headerLen(d, "bundle"),
                    f.trailerLen(d, "bundle")));
        }
        return out;
    }

    /** A one-line description. */
    public String describe() {
        StringBuilder b = new StringBuilder("bundle ").append(k().memory().hex(address)).append(": mtu ").append(Integer.toUnsignedString(mtu()));
        for (Element e : elements()) {
            b.append(" [xfrm_dst ").append(k().memory().hex(e.address())).append(" mtu ").append(Integer.toUnsignedString(e.mtu()))
                    .append(" metrics ").append(e.metricsState()).append(']');
        }
        return b.append(" over ").append(path()).append(", refcnt ").append(refcnt()).toString();
    }

    @Override
    public String toString() {
        return "bundle " + k().memory().hex(address);
    }
}
