package dstcow.ipv4.route;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.Rtax;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.fib.FibResult;
import dstcow.ipv4.net.Devices;
import dstcow.layout.model.KernelVersion;

import static dstcow.dst.KernelSource.PATCHED;
import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MTU;

/**
 * route.c at 62fa8a84: a route cache entry points read-only at its fib_info's metrics and holds a
 * client reference on the fib_info ({@code rt->fi}) until it copies them on write
 * ({@link #ipv4CowMetrics}) or dies ({@link #ipv4DstDestroy}).
 */
public final class PatchedIpv4Route extends Ipv4Route {

    PatchedIpv4Route(DstKernel k, Devices devices, int hashBuckets, long seed) {
        super(k, devices, hashBuckets, seed);
    }

    @Override
    void registerKernelSpecific() {
        mem.symbols().register("ipv4_cow_metrics", (FnTypes.CowMetrics) this::ipv4CowMetrics);
    }

    @Override
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_ops", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "the .cow_metrics line, new in 62fa8a84")
    void ipv4DstOpsCowMetrics(DstOps.Builder ops) {
        ops.cowMetrics("ipv4_cow_metrics");
    }

    private void setFi(long rt, long fi, String fn) {
        mem.writePointer(rt + rl.fi(), fi, fn);
    }

    /**
     * {@code static u32 *ipv4_cow_metrics(struct dst_entry *dst, unsigned long old)}: the steps of
     * {@code dst_cow_metrics_generic} (kmalloc, copy, cmpxchg), and when the cmpxchg wins the
     * entry no longer needs {@code fi->fib_metrics}: {@code fib_info_put(rt->fi); rt->fi = NULL;}.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_cow_metrics", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long ipv4CowMetrics(long dst, long old) {
        String fn = "ipv4_cow_metrics";
        long p = mem.kmalloc(Rtax.METRICS_BYTES, fn);
        if (p != 0) {
            long oldP = DstKernel.__DST_METRICS_PTR(old);
            mem.memcpy(p, oldP, Rtax.METRICS_BYTES, fn);
            long replacement = p;
            long prev = mem.cmpxchgULong(dst + k.offsetOf("_metrics"), old, replacement, fn);
            if (prev != old) {
                mem.kfree(p, fn);
                p = DstKernel.__DST_METRICS_PTR(prev);
                if ((prev & DstKernel.DST_METRICS_READ_ONLY) != 0) {
                    p = 0;
                }
            } else {
                long rt = dst;
                long fi = fi(rt);
                if (trace.enabled()) {
                    trace.emit(TraceKind.COW, fn, p, "dst " + mem.hex(dst) + ": read-only metrics " + mem.hex(oldP) + " ("
                            + mem.symbolize(oldP) + ") copied to its own " + mem.hex(p)
                            + (fi != 0 ? "; drops its fib_info " + mem.hex(fi) + " reference" : ""));
                }
                if (fi != 0) {
                    fs.fibInfoPut(fi);
                    setFi(rt, 0, fn);
                }
            }
        }
        return p;
    }

    /**
     * 62fa8a84: {@code dst_destroy_metrics_generic(dst)} frees metrics the entry copied on write;
     * then {@code fib_info_put(rt->fi); rt->fi = NULL;} drops the reference an entry still
     * sharing {@code fi->fib_metrics} holds; then the peer.
     */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_destroy", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "inet_putpeer is not modelled (rt->peer is always NULL)")
    public void ipv4DstDestroy(long dst) {
        String fn = "ipv4_dst_destroy";
        long rt = dst;
        long peer = peer(rt);

        k.dstDestroyMetricsGeneric(dst);
        if (fi(rt) != 0) {
            fs.fibInfoPut(fi(rt));
            setFi(rt, 0, fn);
        }
        if (peer != 0) {
            setPeer(rt, 0, fn);
            trace.emit(TraceKind.NOTE, fn, peer, "inet_putpeer: inet_peer is not modelled");
        }
    }

    /**
     * 62fa8a84: with a fib_info, {@code rt->fi = fi; atomic_inc(&fi->fib_clntref);
     * dst_init_metrics(dst, fi->fib_metrics, true);}: the entry shares the route's metrics
     * read-only. The clamps that follow write through {@code dst_metric_set} and so copy them.
     */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "rt_set_nexthop", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "fib_rules_tclass (CONFIG_IP_MULTIPLE_TABLES) is not modelled")
    public void rtSetNexthop(long rt, FibResult res, int itag) {
        String fn = "rt_set_nexthop";
        long dst = rt;
        long fi = res.fi();
        if (fi != 0) {
            rtSetNexthopGateway(rt, res);
            setFi(rt, fi, fn);
            fs.clntrefInc(fi, fn);
            k.dstInitMetrics(dst, fs.fibMetrics(fi), true);
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
        long word = k.metricsWord(rt);
        long p = DstKernel.__DST_METRICS_PTR(word);
        return "; _metrics copied as a pointer: " + mem.hex(word) + " -> " + mem.symbolize(p)
                + ((word & DstKernel.DST_METRICS_READ_ONLY) != 0 ? " (read-only)" : " (writable, owned by the old entry)");
    }

    /** 62fa8a84's lines 1475-1476: {@code if (rt->fi) atomic_inc(&rt->fi->fib_clntref);}. */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "ip_rt_redirect", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "the fib_info reference of the copy")
    void ipRtRedirectHoldFi(long rt) {
        if (fi(rt) != 0) {
            fs.clntrefInc(fi(rt), "ip_rt_redirect");
        }
    }

    /** 62fa8a84's lines 2795-2797: {@code rt->fi = ort->fi; if (rt->fi) atomic_inc(&rt->fi->fib_clntref);}. */
    @Override
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_blackhole", commit = PATCHED, kernels = KernelVersion.PATCHED,
            note = "the fib_info reference of the blackhole entry")
    void ipv4DstBlackholeFi(long rt, long ort) {
        setFi(rt, fi(ort), "ipv4_dst_blackhole");
        if (fi(rt) != 0) {
            fs.clntrefInc(fi(rt), "ipv4_dst_blackhole");
        }
    }
}
