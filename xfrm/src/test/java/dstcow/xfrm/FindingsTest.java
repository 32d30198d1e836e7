package dstcow.xfrm;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.OopsKind;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.MetricsState;
import dstcow.ipv4.Rtable;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the xfrm code of that time misbehaves, shown as it would happen, not fixed. */
class FindingsTest {

    /**
     * {@code xfrm_alloc_dst}: when {@code dst_alloc} fails, {@code xdst = ERR_PTR(-ENOBUFS)} and
     * {@code xdst->flo.ops = &xfrm_bundle_fc_ops} writes through the error pointer, which wraps
     * to an address in the first page: a NULL pointer dereference. Both kernels.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void xfrmAllocDstWritesThroughErrPtrWhenDstAllocFails(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            s.mem.setFailslab(Failslab.always().onlyCache("xfrm_dst_cache"));
            KernelOops e = assertThrows(KernelOops.class, () -> s.x.bundle(rt, s.transport));
            assertEquals(OopsKind.NULL_POINTER, e.kind());
            assertEquals("xfrm_alloc_dst", e.function());
            long want = (-105L + s.x.xfrm().xfrmDstLayout().floOps()) & (s.mem.pointerSize() == 8 ? -1L : 0xffffffffL);
            assertEquals(want, e.address(), "ERR_PTR(-ENOBUFS) + offsetof(struct xfrm_dst, flo.ops)");
        }
    }

    /**
     * 62fa8a84: if the COW in {@code dst_copy_metrics} fails, the element inherits nothing; the
     * MTU write of {@code xfrm_init_pmtu} then COWs the all-zero defaults, so the element has its
     * MTU but has lost the route's window, RTT, RTT variance and locks, silently (one "write
     * dropped" in the trace). The parent copies inline and cannot fail.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void aFailedInheritanceCopyLosesTheRoutesMetrics(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            s.mem.setFailslab(Failslab.nth(1).onlyCache("kmalloc-64"));
            Bundle b = s.x.bundle(rt, s.transport);
            s.mem.setFailslab(Failslab.never());
            Bundle.Element e = b.elements().get(0);
            assertEquals(1350, b.mtu());
            if (s.patched()) {
                assertEquals(1, s.count(TraceKind.METRIC_WRITE_DROPPED), "dst_copy_metrics copied nothing");
                assertEquals(MetricsState.PRIVATE, e.metricsState(), "the MTU write made the copy");
                assertEquals(0, e.metric(RTAX_WINDOW), "lost");
                assertEquals(0, e.metric(RTAX_RTT), "lost");
                assertEquals(0, e.metric(RTAX_ADVMSS), "lost; dst_metric_advmss falls back to the path's");
                assertEquals(1360, e.advmss());
            } else {
                assertEquals(65535, e.metric(RTAX_WINDOW));
                assertEquals(800, e.metric(RTAX_RTT));
            }
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    /**
     * 62fa8a84: if the MTU write of {@code xfrm_init_pmtu} cannot COW either, the element keeps
     * no MTU metric and {@code dst_mtu} answers {@code xfrm_default_mtu}: the path's MTU, without
     * the ESP overhead. The socket would build packets 50 bytes too large for the path.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void aBundleWithoutAnyCopyReportsThePathMtu(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            s.mem.setFailslab(Failslab.always().onlyCache("kmalloc-64").times(2));
            Bundle b = s.x.bundle(rt, s.transport);
            s.mem.setFailslab(Failslab.never());
            if (s.patched()) {
                assertEquals(2, s.count(TraceKind.METRIC_WRITE_DROPPED));
                assertEquals(MetricsState.DEFAULT, b.elements().get(0).metricsState());
                assertEquals(0, b.metric(RTAX_MTU));
                assertEquals(1400, b.mtu(), "xfrm_default_mtu: dst_mtu(dst->path), no ESP overhead");
            } else {
                assertEquals(1350, b.mtu());
            }
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }
}
