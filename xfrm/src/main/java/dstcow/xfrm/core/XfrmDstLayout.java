package dstcow.xfrm.core;

import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.XfrmDst;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;

/**
 * {@code struct xfrm_dst} (include/net/xfrm.h) member offsets for one kernel version and
 * configuration, from the layout module's {@link XfrmDst}. The union {@code u} ({@code dst},
 * {@code rt}, {@code rt6}) starts the struct, so {@code &xdst->u.dst}, {@code &xdst->u.rt} and the
 * {@code xfrm_dst} itself are one address, and {@code u.rt} members are at the
 * {@link dstcow.ipv4.struct.RtableLayout} offsets.
 */
public final class XfrmDstLayout {

    private final RecordLayout layout;
    private final long route;
    private final long floOps;
    private final long numPols;
    private final long numXfrms;
    private final long origin;
    private final long partner;
    private final long xfrmGenid;
    private final long policyGenid;
    private final long routeMtuCached;
    private final long childMtuCached;
    private final long routeCookie;
    private final long pathCookie;

    public XfrmDstLayout(KernelVersion version, KernelConfig config) {
        this.layout = LayoutEngine.layout(XfrmDst.of(version), config);
        if (MemberPath.offsetOf(layout, "u.dst") != 0 || MemberPath.offsetOf(layout, "u.rt") != 0) {
            throw new IllegalStateException("struct xfrm_dst must start with the union of its dst_entry and rtable (xfrm casts between them)");
        }
        this.route = MemberPath.offsetOf(layout, "route");
        this.floOps = MemberPath.offsetOf(layout, "flo.ops");
        this.numPols = MemberPath.offsetOf(layout, "num_pols");
        this.numXfrms = MemberPath.offsetOf(layout, "num_xfrms");
        this.origin = MemberPath.offsetOrAbsent(layout, "origin");
        this.partner = MemberPath.offsetOrAbsent(layout, "partner");
        this.xfrmGenid = MemberPath.offsetOf(layout, "xfrm_genid");
        this.policyGenid = MemberPath.offsetOf(layout, "policy_genid");
        this.routeMtuCached = MemberPath.offsetOf(layout, "route_mtu_cached");
        this.childMtuCached = MemberPath.offsetOf(layout, "child_mtu_cached");
        this.routeCookie = MemberPath.offsetOf(layout, "route_cookie");
        this.pathCookie = MemberPath.offsetOf(layout, "path_cookie");
    }

    public RecordLayout layout() { return layout; }

    /** {@code sizeof(struct xfrm_dst)}. */
    public long size() { return layout.size(); }

    public long route() { return route; }

    public long floOps() { return floOps; }

    public long numPols() { return numPols; }

    public long numXfrms() { return numXfrms; }

    /** {@code origin} ({@code CONFIG_XFRM_SUB_POLICY}), or -1. */
    public long origin() { return origin; }

    /** {@code partner} ({@code CONFIG_XFRM_SUB_POLICY}), or -1. */
    public long partner() { return partner; }

    public long xfrmGenid() { return xfrmGenid; }

    public long policyGenid() { return policyGenid; }

    public long routeMtuCached() { return routeMtuCached; }

    public long childMtuCached() { return childMtuCached; }

    public long routeCookie() { return routeCookie; }

    public long pathCookie() { return pathCookie; }
}
