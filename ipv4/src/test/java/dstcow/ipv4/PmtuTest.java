package dstcow.ipv4;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dstcow.dst.Rtax.RTAX_CWND;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metric writes on a route cache entry: {@code ip_rt_update_pmtu}, {@code ip_rt_frag_needed} and
 * TCP's {@code dst_metric_set}/{@code set_dst_metric_rtt}. In 62fa8a84 the first write copies the
 * shared metrics once and drops the fib_info reference; in the parent every write is a store.
 * The conditions, clamps, locks and expiry of route.c are checked on both.
 */
class PmtuTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipRtUpdatePmtuCopiesOnWriteOnceAndDropsTheFibInfo(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            Rtable rt = n.s.outputRoute(Net.DST);
            long jiffies = n.s.kernel().jiffies();
            n.s.updatePmtu(rt, 1300);
            assertEquals(1300, rt.mtu());
            assertEquals(1400, n.fs.metric(fi, RTAX_MTU), "the shared fib metrics never change");
            assertEquals(ulong(n, jiffies + n.s.route().ipRtMtuExpires()), rt.expires(), "dst_set_expires(ip_rt_mtu_expires)");
            if (n.patched()) {
                assertEquals(1, n.cows());
                assertEquals(MetricsState.PRIVATE, rt.metricsState());
                assertEquals(0, rt.fi(), "ipv4_cow_metrics: fib_info_put(rt->fi); rt->fi = NULL");
                assertEquals(1, n.fs.clntref(fi));
                assertEquals(1360, rt.advmss(), "the copy carries every metric");
            } else {
                assertEquals(0, n.cows());
                assertEquals(MetricsState.INLINE, rt.metricsState());
            }
            n.s.updatePmtu(rt, 1200);
            assertEquals(1200, rt.mtu());
            assertEquals(n.patched() ? 1 : 0, n.cows(), "copy on write happens once");
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    private static long ulong(Net n, long v) {
        return n.mem.pointerSize() == 8 ? v : v & 0xffffffffL;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aPathMtuBelowMinPmtuIsRaisedTo552AndLocked(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            long mark = n.s.trace().mark();
            n.s.updatePmtu(rt, 400);
            assertEquals(552, rt.mtu());
            assertTrue(rt.locked(RTAX_MTU));
            List<String> writes = n.s.trace().since(mark).stream().filter(e -> e.kind() == TraceKind.METRIC_WRITE)
                    .map(e -> e.detail().substring(0, e.detail().indexOf(' '))).toList();
            assertEquals(List.of("RTAX_LOCK", "RTAX_MTU"), writes, "ip_rt_update_pmtu writes the lock, then the MTU");
            n.s.updatePmtu(rt, 500);
            assertEquals(552, rt.mtu(), "a locked MTU takes no more updates");
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void updatesThatDoNotLowerTheMtuWriteNothing(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, Net.ROUTE, "10.7.0.0/16 via 10.0.0.254 mtu lock 1400")) {
            Rtable rt = n.s.outputRoute(Net.DST);
            for (int mtu : new int[] {1400, 1500, 67, 0}) {
                n.s.updatePmtu(rt, mtu);
            }
            Rtable locked = n.s.outputRoute("10.7.0.1");
            n.s.updatePmtu(locked, 1000);
            assertEquals(1400, rt.mtu());
            assertEquals(1400, locked.mtu());
            assertEquals(0, rt.expires());
            assertEquals(0, n.cows());
            assertEquals(0, n.count(TraceKind.METRIC_WRITE));
            n.s.release(rt);
            n.s.release(locked);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipRtFragNeeded(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            assertEquals(1280, n.s.fragNeeded("10.0.0.1", Net.DST, 1400, 1280, "eth0"));
            assertEquals(1280, rt.mtu());
            assertTrue(rt.expires() != 0);
            assertEquals(n.patched() ? 1 : 0, n.cows());
            // BSD 4.2 hack: no MTU in the ICMP and the quoted length is the current MTU: the quoted
            // header comes off (1260) and guess_mtu takes the next plateau down, 576.
            assertEquals(576, n.s.fragNeeded("10.0.0.1", Net.DST, 1280, 0, "eth0"));
            assertEquals(576, rt.mtu());
            assertEquals(1006, n.s.fragNeeded("10.0.0.1", Net.DST, 1280, 1006, "eth0"), "not lower than 576: nothing, new_mtu");
            assertEquals(576, rt.mtu());
            assertEquals(552, n.s.fragNeeded("10.0.0.1", Net.DST, 576, 300, "eth0"), "below ip_rt_min_pmtu");
            assertTrue(rt.locked(RTAX_MTU));
            assertEquals(552, rt.mtu());
            assertEquals(400, n.s.fragNeeded("10.0.0.1", Net.DST, 552, 400, "eth0"), "locked: skipped");
            assertEquals(552, rt.mtu());
            assertEquals(1000, n.s.fragNeeded("10.0.0.1", "10.99.0.1", 1400, 1000, "eth0"), "no matching entry: new_mtu");
            assertEquals(n.patched() ? 1 : 0, n.cows(), "still one copy");
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void guessMtuWalksThePlateaus(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.8.0.0/16 via 10.0.0.254")) {
            Rtable rt = n.s.outputRoute("10.8.0.1");
            // new_mtu 0, old_mtu 1500 >= dst_mtu 1500 (the device's): 1480 after the header, and the plateau below it is 576.
            assertEquals(576, n.s.fragNeeded("10.0.0.1", "10.8.0.1", 1500, 0, "eth0"));
            assertEquals(576, rt.mtu());
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void tcpMetricUpdatesCopyOnceAndStoreRttInMilliseconds(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            n.s.setRtt(rt, RTAX_RTT, 25);
            int hz = n.s.kernel().time().hz();
            assertEquals(25 * (1000 / hz), rt.metric(RTAX_RTT), "set_dst_metric_rtt stores jiffies_to_msecs");
            assertEquals(25, n.s.kernel().dstMetricRtt(rt.address(), RTAX_RTT));
            n.s.setMetric(rt, RTAX_CWND, 10);
            assertEquals(10, rt.metric(RTAX_CWND));
            assertEquals(n.patched() ? 1 : 0, n.cows());
            assertEquals(800, n.fs.metric(n.fi("10.1.0.0/16"), RTAX_RTT));
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    /**
     * Finding: when the COW allocation fails, {@code ip_rt_update_pmtu} drops the MTU write but
     * still sets the expiry, and {@code ip_rt_frag_needed} still reports the MTU it did not store.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aFailedCopyDropsTheWriteButNotTheExpiry(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            Rtable rt = n.s.outputRoute(Net.DST);
            n.mem.setFailslab(Failslab.always().onlyCache("kmalloc-64"));
            n.s.updatePmtu(rt, 1300);
            int est = n.s.fragNeeded("10.0.0.1", Net.DST, 1400, 1280, "eth0");
            n.mem.setFailslab(Failslab.never());
            assertEquals(1280, est, "ip_rt_frag_needed reports est_mtu either way");
            assertTrue(rt.expires() != 0, "dst_set_expires ran");
            if (n.patched()) {
                assertEquals(1400, rt.mtu(), "the writes were dropped");
                assertTrue(n.count(TraceKind.METRIC_WRITE_DROPPED) >= 2);
                assertEquals(MetricsState.SHARED, rt.metricsState());
                assertEquals(2, n.fs.clntref(fi), "still sharing, still holding");
            } else {
                assertEquals(1280, rt.mtu(), "the parent stores in place and cannot fail");
                assertEquals(0, n.count(TraceKind.METRIC_WRITE_DROPPED));
            }
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#checked")
    void theRouteOpsCarryThePmtuEvent(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            long mark = n.s.trace().mark();
            n.s.updatePmtu(rt, 1300);
            List<TraceEvent> calls = n.s.trace().since(mark).stream().filter(e -> e.kind() == TraceKind.CALL).toList();
            assertTrue(calls.get(0).detail().contains("dst->ops->update_pmtu = ip_rt_update_pmtu"), calls.toString());
            assertEquals(n.patched(), calls.stream().anyMatch(e -> e.detail().contains("cow_metrics = ipv4_cow_metrics")));
            assertFalse(calls.stream().anyMatch(e -> e.detail().contains("dst_cow_metrics_generic")), "ipv4 uses its own cow_metrics");
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }
}
