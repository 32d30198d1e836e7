package dstcow.ipv4.route;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.fib.FibResult;
import dstcow.ipv4.net.Devices;
import dstcow.layout.model.KernelVersion;

import static dstcow.dst.KernelSource.PARENT;
import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MTU;

/**
 * route.c of the parent of 62fa8a84: every route cache entry copies its fib_info's 56 bytes of
 * metrics into its own inline array ({@code dst_import_metrics}); there is no {@code rt->fi}, no
 * {@code cow_metrics} and nothing to free.
 */
public final class ParentIpv4Route extends Ipv4Route {

    ParentIpv4Route(DstKernel k, Devices devices, int hashBuckets, long seed) {
        super(k, devices, hashBuckets, seed);
    }

    @Override
    void registerKernelSpecific() {
    }

    @Override
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_ops", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "no .cow_metrics: the parent's struct dst_ops has no such member")
    void ipv4DstOpsCowMetrics(DstOps.Builder ops) {
    }

    /** The parent's {@code ipv4_dst_destroy}: only the peer; the metrics die with the entry. */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_destroy", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "inet_putpeer is not modelled (rt->peer is always NULL)")
    public void ipv4DstDestroy(long dst) {
        String fn = "ipv4_dst_destroy";
        long rt = dst;
        long peer = peer(rt);

        if (peer != 0) {
            setPeer(rt, 0, fn);
            trace.emit(TraceKind.NOTE, fn, peer, "inet_putpeer: inet_peer is not modelled");
        }
    }

    /**
     * The parent's {@code rt_set_nexthop}: with a fib_info, {@code dst_import_metrics(dst,
     * fi->fib_metrics)} copies the route's metrics into the entry; the clamps store in place.
     */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "rt_set_nexthop", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "fib_rules_tclass (CONFIG_IP_MULTIPLE_TABLES) is not modelled")
    public void rtSetNexthop(long rt, FibResult res, int itag) {
        String fn = "rt_set_nexthop";
        long dst = rt;
        long fi = res.fi();
        if (fi != 0) {
            rtSetNexthopGateway(rt, res);
            k.dstImportMetrics(dst, fs.fibMetrics(fi));
            f.setTclassid(dst, fs.nhTclassid(fi, res.nhSel()), fn);
        }
        if (Integer.compareUnsigned(k.dstMtu(dst), IP_MAX_MTU) > 0) {
            k.dstMetricSet(dst, RTAX_MTU, IP_MAX_MTU);
        }
        if (Integer.compareUnsigned(k.dstMetricRaw(dst, RTAX_ADVMSS), 65535 - 40) > 0) {
            k.dstMetricSet(dst, RTAX_ADVMSS, 65535 - 40);
        }
        if (f.hasTclassid()) {
            setClassTag(rt, itag);
        }
        setRtType(rt, res.type(), fn);
    }

    @Override
    String metricsNote(long rt) {
        return "; its inline _metrics array copied with it";
    }

    /** The parent has no {@code rt->fi}: nothing after the copy. */
    @Override
    void ipRtRedirectHoldFi(long rt) {
    }

    /** The parent has no {@code rt->fi}: nothing. */
    @Override
    void ipv4DstBlackholeFi(long rt, long ort) {
    }
}
