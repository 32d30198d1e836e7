package dstcow.ipv4;

import dstcow.dst.Rtax;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.mem.LiveObject;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.net.Inet;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route cache entry's metrics from its creation ({@code rt_set_nexthop} on the output and input
 * paths) to its destruction ({@code ipv4_dst_destroy}): shared read-only with a fib_info reference
 * in 62fa8a84, a 56-byte inline copy in the parent; the references taken and dropped; a clean
 * leak check.
 */
class RouteLifeTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void rtSetNexthopSharesTheFibMetricsOrCopiesThem(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            assertEquals(1, n.fs.clntref(fi), "the table's own reference");
            long imports = n.s.trace().filter(e -> e.function().equals("dst_import_metrics")).size();

            Rtable rt = n.s.outputRoute(Net.DST);

            assertEquals(1400, rt.mtu());
            assertEquals(1360, rt.advmss());
            assertEquals(800, rt.metric(RTAX_RTT));
            assertEquals(200, rt.metric(RTAX_RTTVAR));
            assertEquals(65535, rt.metric(RTAX_WINDOW));
            assertEquals(Net.ip("10.0.0.254"), rt.gateway());
            assertEquals(Net.ip("10.0.0.1"), rt.rtSrc());
            assertEquals(0, n.cows(), "a lookup copies nothing on write");
            if (n.patched()) {
                assertEquals(MetricsState.SHARED, rt.metricsState());
                assertEquals(n.fs.fibMetrics(fi), rt.metricsAddress(), "_metrics points at fi->fib_metrics");
                assertEquals(fi, rt.fi(), "rt->fi");
                assertEquals(2, n.fs.clntref(fi), "rt_set_nexthop takes a client reference");
                assertEquals(2, n.s.fibClntref("10.1.0.0/16"));
            } else {
                assertEquals(MetricsState.INLINE, rt.metricsState());
                assertEquals(rt.address() + n.s.kernel().offsetOf("_metrics"), rt.metricsAddress());
                assertEquals(0, rt.fi(), "the parent has no rt->fi");
                assertEquals(1, n.fs.clntref(fi), "the parent copies and holds nothing");
                assertEquals(imports + 1, n.s.trace().filter(e -> e.function().equals("dst_import_metrics")).size(),
                        "one 56-byte dst_import_metrics");
            }
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aCacheHitTakesAReferenceButNoNewFibInfoReference(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            Rtable a = n.s.outputRoute(Net.DST);
            Rtable b = n.s.outputRoute(Net.DST);
            assertEquals(a.address(), b.address());
            assertEquals(2, a.refcnt());
            assertEquals(1, a.use(), "dst_use on the hit");
            assertEquals(n.patched() ? 2 : 1, n.fs.clntref(fi));
            n.s.release(a);
            n.s.release(b);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipv4DstDestroyDropsTheFibInfoReferenceAndFreesEverything(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            long live = n.mem.liveBytes();
            Rtable rt = n.s.outputRoute(Net.DST);
            n.s.release(rt);
            n.s.flush();
            assertEquals(1, n.fs.clntref(fi), "back to the table's reference");
            assertEquals(live, n.mem.liveBytes(), "live bytes back where they were");
            assertTrue(n.s.cachedRoutes().isEmpty());
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aDeletedRoutesFibInfoLivesAsLongAsAnEntrySharesItsMetrics(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            Rtable rt = n.s.outputRoute(Net.DST);
            n.s.deleteRoute("10.1.0.0/16");
            if (n.patched()) {
                assertTrue(n.fs.dead(fi), "fib_release_info marks it dead");
                assertEquals(1, n.fs.clntref(fi), "rt->fi keeps it");
                assertEquals(0, freesOf(n, fi), "not freed while shared");
            } else {
                assertEquals(1, freesOf(n, fi), "the parent frees it at once: the entry has its own copy");
            }
            assertEquals(1400, rt.mtu(), "the entry still reads its metrics");
            assertTrue(rt.isExpired(), "the table change invalidated the cache");
            n.s.release(rt);
            n.s.flush();
            assertEquals(1, freesOf(n, fi), "freed once, with the last reference");
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    private static long freesOf(Net n, long fi) {
        return n.s.trace().filter(e -> e.kind() == TraceKind.KFREE && e.address() == fi).size();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void anInvalidatedEntryIsReplacedAndBothDie(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable a = n.s.outputRoute(Net.DST);
            n.s.release(a);
            n.s.invalidate();
            assertTrue(a.isExpired());
            Rtable b = n.s.outputRoute(Net.DST);
            assertNotEquals(a.address(), b.address());
            assertFalse(b.isExpired());
            assertEquals(1, n.s.rtCache().size() - 1, "rt_cache lists only the current generation");
            n.s.release(b);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aReferenceNeverReleasedShowsInTheLeakCheck(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            n.s.outputRoute(Net.DST);
            LeakReport leaks = n.s.shutdown();
            List<String> caches = leaks.objects().stream().map(LiveObject::cache).toList();
            assertTrue(caches.contains("ip_dst_cache"), leaks.toString());
            if (n.patched()) {
                assertEquals(2, leaks.objects().size(), "the entry and the fib_info its rt->fi keeps: " + leaks);
            } else {
                assertEquals(1, leaks.objects().size(), "only the entry: " + leaks);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void localAndConnectedRoutes(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable local = n.s.outputRoute("10.0.0.1");
            assertEquals(0, local.fi(), "RTN_LOCAL: res.fi = NULL");
            assertEquals(n.patched() ? MetricsState.DEFAULT : MetricsState.INLINE, local.metricsState());
            assertArrayEquals(new int[Rtax.RTAX_MAX], local.metrics());
            assertEquals(16436, local.mtu(), "the loopback MTU through ipv4_default_mtu");
            assertTrue((local.flags() & Inet.RTCF_LOCAL) != 0);

            Rtable connected = n.s.outputRoute("10.0.0.7");
            assertEquals(n.patched() ? MetricsState.SHARED : MetricsState.INLINE, connected.metricsState());
            assertEquals(1500, connected.mtu(), "no MTU metric: the device's");
            assertEquals(1460, connected.advmss());
            n.s.release(local);
            n.s.release(connected);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void rtSetNexthopClampsCopyOnWriteAtCreation(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.2.0.0/16 via 10.0.0.254 mtu 65535 advmss 65535")) {
            long fi = n.fi("10.2.0.0/16");
            Rtable rt = n.s.outputRoute("10.2.0.1");
            assertEquals(0xFFF0, rt.mtu(), "IP_MAX_MTU");
            assertEquals(65535 - 40, rt.advmss());
            assertEquals(65535, n.fs.metric(fi, RTAX_MTU), "the route's own metrics do not change");
            if (n.patched()) {
                assertEquals(1, n.cows(), "the first clamp copies, the second writes the copy");
                assertEquals(MetricsState.PRIVATE, rt.metricsState());
                assertEquals(0, rt.fi(), "ipv4_cow_metrics dropped the fib_info");
                assertEquals(1, n.fs.clntref(fi));
            } else {
                assertEquals(0, n.cows());
            }
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void inputRoutesForwardWithTheFibMetricsAndDeliverLocallyWithout(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            n.s.addDevice("eth1", 1500, "10.9.0.1/24");
            int dst = Net.ip(Net.DST);
            int src = Net.ip("10.9.0.5");
            Ipv4Error e = org.junit.jupiter.api.Assertions.assertThrows(Ipv4Error.class, () -> n.s.inputRoute(dst, src, 0, "eth1", 0));
            assertEquals(-Inet.EHOSTUNREACH, e.errno(), "not a router");

            n.s.device("eth1").setForwarding(true);
            long fi = n.fi("10.1.0.0/16");
            Rtable fwd = n.s.inputRoute(dst, src, 0, "eth1", 0);
            assertTrue(fwd.isInput());
            assertEquals(1400, fwd.mtu());
            assertTrue((fwd.flags() & Inet.RTCF_DIRECTSRC) != 0, "the source is on eth1's subnet");
            assertEquals(n.patched() ? MetricsState.SHARED : MetricsState.INLINE, fwd.metricsState());
            assertEquals(n.patched() ? 2 : 1, n.fs.clntref(fi));

            Rtable local = n.s.inputRoute(Net.ip("10.0.0.1"), src, 0, "eth1", 0);
            assertTrue((local.flags() & Inet.RTCF_LOCAL) != 0);
            assertEquals(n.patched() ? MetricsState.DEFAULT : MetricsState.INLINE, local.metricsState());
            n.s.release(fwd);
            n.s.release(local);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aRouteWithAMetricAboveRtaxMaxIsRejected(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode)) {
            Ipv4Error e = org.junit.jupiter.api.Assertions.assertThrows(Ipv4Error.class,
                    () -> n.s.addRoute(new RouteSpec(Net.ip("10.3.0.0"), 16, Inet.RTN_UNICAST, Net.ip("10.0.0.254"), null, 0,
                            java.util.Map.of(Rtax.RTAX_MAX + 1, 5))));
            assertEquals(-Inet.EINVAL, e.errno());
            assertTrue(n.s.shutdown().isEmpty(), "the rejected fib_info was freed");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void routesWithEqualAttributesShareOneFibInfo(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.4.0.0/16 via 10.0.0.254 mtu 1400", "10.5.0.0/16 via 10.0.0.254 mtu 1400",
                "10.6.0.0/16 via 10.0.0.254 mtu 1300")) {
            assertEquals(n.fi("10.4.0.0/16"), n.fi("10.5.0.0/16"), "fib_find_info");
            assertNotEquals(n.fi("10.4.0.0/16"), n.fi("10.6.0.0/16"), "different metrics, different fib_info");
            assertEquals(2, n.fs.treeref(n.fi("10.4.0.0/16")));
            Rtable a = n.s.outputRoute("10.4.0.1");
            Rtable b = n.s.outputRoute("10.5.0.1");
            if (n.patched()) {
                assertEquals(a.metricsAddress(), b.metricsAddress(), "two entries, one metrics array");
            }
            n.s.release(a);
            n.s.release(b);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    /** The trace names what happened to the entry, in order: alloc, share or copy, destroy, free. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#checked")
    void theTraceTellsTheEntrysLife(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long mark = n.s.trace().mark();
            Rtable rt = n.s.outputRoute(Net.DST);
            n.s.release(rt);
            n.s.flush();
            List<String> fns = n.s.trace().since(mark).stream()
                    .filter(e -> e.kind() == TraceKind.METRICS || e.kind() == TraceKind.CACHE_ALLOC || e.kind() == TraceKind.CACHE_FREE)
                    .map(TraceEvent::function).toList();
            List<String> want = n.patched()
                    ? List.of("dst_alloc", "dst_init_metrics", "dst_init_metrics", "dst_destroy")
                    : List.of("dst_alloc", "dst_import_metrics", "dst_destroy");
            assertEquals(want, fns);
        }
    }
}
