package dstcow.xfrm.ipv4;

import dstcow.dst.KernelSource;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.Xfrm;

import static dstcow.dst.KernelSource.PARENT;

/** xfrm4_policy.c of the parent of 62fa8a84: bundle elements carry their metrics inline; nothing to free. */
public final class ParentXfrm4Policy extends Xfrm4Policy {

    ParentXfrm4Policy(Xfrm xfrm, Ipv4Route route) {
        super(xfrm, route);
    }

    /** The parent's {@code struct dst_ops} has no {@code cow_metrics}. */
    @Override
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_ops", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "no .cow_metrics member")
    void xfrm4DstOpsCowMetrics(DstOps.Builder b) {
    }

    /** The parent's {@code xfrm4_dst_destroy}: the peer and {@code xfrm_dst_destroy(xdst)}; the metrics die with the element. */
    @Override
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_destroy", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "inet_putpeer is not modelled")
    public void xfrm4DstDestroy(long dst) {
        long xdst = dst;

        xfrm4DstDestroyRest(xdst);
    }
}
