package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.MetricsState;
import dstcow.ipv4.Rtable;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static dstcow.dst.Rtax.RTAX_RTTVAR;
import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * xfrm dst metric inheritance (KERNEL.md section 8.3): each bundle element gets a private
 * snapshot of the route below it ({@code dst_copy_metrics}: a COW of the read-only defaults in
 * 62fa8a84, an inline memcpy in the parent), {@code xfrm_init_pmtu} writes the element's MTU
 * into it, later changes to the route reach it only through {@code xfrm_bundle_ok}'s MTU
 * re-check, and destruction frees it.
 */
class BundleMetricsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void anElementCopiesTheRouteMetricsAndGetsItsOwnMtu(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            long fi = s.fi("10.1.0.0/16");
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle b = s.x.bundle(rt, s.transport);

            Bundle.Element e = b.elements().get(0);
            assertEquals(1, b.elements().size());
            assertEquals(1350, b.mtu(), "esp4_get_mtu(1400), transport, AES-CBC/SHA1: 1400 - 36 -> 1360 - 12 + 4 - 2");
            assertEquals(1350, e.metric(RTAX_MTU), "xfrm_init_pmtu wrote it into the element's metrics");
            assertEquals(1360, e.metric(RTAX_ADVMSS));
            assertEquals(800, e.metric(RTAX_RTT));
            assertEquals(200, e.metric(RTAX_RTTVAR));
            assertEquals(65535, e.metric(RTAX_WINDOW));
            assertEquals(1400, e.childMtuCached());
            assertEquals(1400, e.routeMtuCached());
            assertEquals(rt.address(), e.route());
            assertEquals(24, e.headerLen(), "ESP header and IV");
            assertEquals(29, e.trailerLen(), "block, pad length and next header, ICV");
            assertEquals(1400, rt.mtu(), "the route is untouched");
            if (s.patched()) {
                assertEquals(MetricsState.PRIVATE, e.metricsState());
                assertEquals(1, s.genericCows(), "one COW of dst_default_metrics by dst_cow_metrics_generic");
                assertEquals(MetricsState.SHARED, rt.metricsState(), "the route still shares fi->fib_metrics");
                assertEquals(2, s.fs.clntref(fi), "the bundle takes route references, not fib_info ones");
            } else {
                assertEquals(MetricsState.INLINE, e.metricsState());
                assertEquals(0, s.count(TraceKind.COW));
            }
            assertEquals(3, rt.refcnt(), "ours, xdst->route's and the bundle child's");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void theSnapshotDoesNotFollowTheRouteButTheMtuCheckDoes(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle b = s.x.bundle(rt, s.transport);
            s.ip.setMetric(rt, RTAX_WINDOW, 1000);
            s.ip.setRtt(rt, RTAX_RTT, 5);
            s.ip.updatePmtu(rt, 1300);
            Bundle.Element e = b.elements().get(0);
            assertEquals(65535, e.metric(RTAX_WINDOW), "a snapshot");
            assertEquals(800, e.metric(RTAX_RTT));
            assertEquals(1350, b.mtu(), "not yet re-checked");
            assertTrue(s.x.check(b), "dst_check -> xfrm_dst_check -> xfrm_bundle_ok");
            assertEquals(1250, b.mtu(), "esp4_get_mtu(1300)");
            assertEquals(1300, b.elements().get(0).routeMtuCached());
            assertEquals(65535, b.elements().get(0).metric(RTAX_WINDOW), "only the MTU is re-derived");
            assertEquals(s.patched() ? 1 : 0, s.genericCows(), "the MTU goes into the existing copy");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void destroyFreesEveryElementsMetricsAndReturnsTheRouteReferences(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("192.168.7.5");
            long live = s.mem.liveBytes();
            Bundle b = s.x.bundle(rt, s.tunnel, s.transport);
            assertEquals(2, b.elements().size());
            long mark = s.ip.trace().mark();
            s.x.release(b);
            s.x.flushBundles();
            List<String> freedBy = s.ip.trace().since(mark).stream().filter(e -> e.kind() == TraceKind.KFREE)
                    .map(e -> e.function()).filter(f -> f.equals("__dst_destroy_metrics_generic")).toList();
            assertEquals(s.patched() ? 2 : 0, freedBy.size(), "xfrm4_dst_destroy -> dst_destroy_metrics_generic per element");
            assertEquals(1, rt.refcnt(), "only ours is left");
            assertTrue(s.x.cachedBundles().isEmpty());
            s.ip.release(rt);
            s.ip.flush();
            assertTrue(s.mem.liveBytes() <= live, "every bundle byte is back");
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    /**
     * Two transforms, a tunnel outside a transport: the inner element's MTU comes from the tunnel
     * endpoint's route, the outer's from the inner element; a PMTU drop on the path is propagated
     * from the inner element out through {@code child_mtu_cached}.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void mtuPropagatesFromTheInnermostElementOut(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("192.168.7.5");
            Bundle b = s.x.bundle(rt, s.tunnel, s.transport);
            List<Bundle.Element> el = b.elements();
            Rtable path = b.path();
            Rtable endpoint = s.ip.outputRoute(dstcow.ipv4.net.Flowi.output(dstcow.ipv4.net.Inet.parse("10.1.9.9"),
                    dstcow.ipv4.net.Inet.parse("10.0.0.1"), 0, 0));
            assertEquals(endpoint.address(), path.address(), "xfrm4_dst_lookup's route to the tunnel endpoint, from x->props.saddr");
            s.ip.release(endpoint);
            assertEquals(1350, el.get(1).mtu(), "transport over the 1400 path");
            assertEquals(1278, el.get(0).mtu(), "tunnel over 1350: 1350 - 56 -> 1280 - 2");
            assertEquals(1350, el.get(0).childMtuCached());
            assertEquals(1500, el.get(0).routeMtuCached(), "the 192.168.7.0/24 route: the device MTU");
            assertEquals(65535, el.get(1).metric(RTAX_WINDOW), "the inner element copied the endpoint route");
            assertEquals(0, el.get(0).metric(RTAX_WINDOW), "the outer one copied the original route, which has none");

            s.ip.updatePmtu(path, 1300);
            assertTrue(s.x.check(b));
            el = b.elements();
            assertEquals(1250, el.get(1).mtu());
            assertEquals(1250, el.get(0).childMtuCached(), "passed on");
            assertEquals(1182, el.get(0).mtu(), "1250 - 56 -> 1184 - 2");
            assertEquals(1182, b.mtu());
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }
}
