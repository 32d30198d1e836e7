package dstcow.xfrm.ipv4;

import dstcow.dst.KernelSource;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.Xfrm;

import static dstcow.dst.KernelSource.PATCHED;

/** xfrm4_policy.c at 62fa8a84: bundle elements copy metrics on write and free the copy. */
public final class PatchedXfrm4Policy extends Xfrm4Policy {

    PatchedXfrm4Policy(Xfrm xfrm, Ipv4Route route) {
        super(xfrm, route);
    }

    /** {@code .cow_metrics = dst_cow_metrics_generic,} (new in 62fa8a84). */
    @Override
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_ops", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "the .cow_metrics line")
    void xfrm4DstOpsCowMetrics(DstOps.Builder b) {
        b.cowMetrics("dst_cow_metrics_generic");
    }

    /**
     * 62fa8a84: {@code dst_destroy_metrics_generic(dst);} frees the element's private copy of
     * the metrics, then the peer and {@code xfrm_dst_destroy(xdst)}.
     */
    @Override
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_destroy", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "inet_putpeer is not modelled")
    public void xfrm4DstDestroy(long dst) {
        long xdst = dst;

        k.dstDestroyMetricsGeneric(dst);

        xfrm4DstDestroyRest(xdst);
    }
}
