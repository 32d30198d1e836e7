package dstcow.ipv4.struct;

import dstcow.ipv4.net.FlowiLayout;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.Rtable;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;

/**
 * {@code struct rtable} (include/net/route.h) member offsets for one kernel version and
 * configuration, from the layout module's {@link Rtable} definition. {@code fi} exists only in
 * 62fa8a84 ({@link #fi()} is -1 in the parent). Offsets inside {@code fl} are
 * {@link #fl()} plus the {@link FlowiLayout} offsets.
 */
public final class RtableLayout {

    private final RecordLayout layout;
    private final FlowiLayout flowi;
    private final long fl;
    private final long rtGenid;
    private final long rtFlags;
    private final long rtType;
    private final long rtDst;
    private final long rtSrc;
    private final long rtIif;
    private final long rtGateway;
    private final long rtSpecDst;
    private final long peer;
    private final long fi;

    public RtableLayout(KernelVersion version, KernelConfig config) {
        this.layout = LayoutEngine.layout(Rtable.of(version), config);
        this.flowi = new FlowiLayout(config);
        if (MemberPath.offsetOf(layout, "dst") != 0) {
            throw new IllegalStateException("struct rtable must start with its struct dst_entry (route.c casts between them)");
        }
        this.fl = MemberPath.offsetOf(layout, "fl");
        this.rtGenid = MemberPath.offsetOf(layout, "rt_genid");
        this.rtFlags = MemberPath.offsetOf(layout, "rt_flags");
        this.rtType = MemberPath.offsetOf(layout, "rt_type");
        this.rtDst = MemberPath.offsetOf(layout, "rt_dst");
        this.rtSrc = MemberPath.offsetOf(layout, "rt_src");
        this.rtIif = MemberPath.offsetOf(layout, "rt_iif");
        this.rtGateway = MemberPath.offsetOf(layout, "rt_gateway");
        this.rtSpecDst = MemberPath.offsetOf(layout, "rt_spec_dst");
        this.peer = MemberPath.offsetOf(layout, "peer");
        this.fi = MemberPath.offsetOrAbsent(layout, "fi");
    }

    public RecordLayout layout() { return layout; }

    public FlowiLayout flowi() { return flowi; }

    /** {@code sizeof(struct rtable)}. */
    public long size() { return layout.size(); }

    public long fl() { return fl; }

    public long rtGenid() { return rtGenid; }

    public long rtFlags() { return rtFlags; }

    public long rtType() { return rtType; }

    public long rtDst() { return rtDst; }

    public long rtSrc() { return rtSrc; }

    public long rtIif() { return rtIif; }

    public long rtGateway() { return rtGateway; }

    public long rtSpecDst() { return rtSpecDst; }

    public long peer() { return peer; }

    /** {@code offsetof(struct rtable, fi)}, or -1 in the parent kernel, which has no such member. */
    public long fi() { return fi; }

    /** {@code fl.fl4_dst}. */
    public long flDst() { return fl + flowi.daddr(); }

    /** {@code fl.fl4_src}. */
    public long flSrc() { return fl + flowi.saddr(); }

    /** {@code fl.fl4_tos}. */
    public long flTos() { return fl + flowi.tos(); }

    public long flOif() { return fl + flowi.oif(); }

    public long flIif() { return fl + flowi.iif(); }

    public long flMark() { return fl + flowi.mark(); }
}
