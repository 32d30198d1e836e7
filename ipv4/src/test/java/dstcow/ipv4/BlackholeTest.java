package dstcow.ipv4;

import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.OopsKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ipv4_dst_blackhole} over {@code ipv4_dst_blackhole_ops}, which sets only family,
 * protocol, destroy, check and update_pmtu.
 */
class BlackholeTest {

    /**
     * Finding: in 62fa8a84 {@code dst_copy_metrics(new, &ort->dst)} needs a writable array for
     * the new entry, whose metrics are read-only defaults, so {@code dst_metrics_write_ptr} calls
     * {@code dst->ops->cow_metrics}, which {@code ipv4_dst_blackhole_ops} does not set: a call
     * through NULL. The parent copies into its inline array and succeeds.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void ipv4DstBlackholeCallsANullCowMetricsIn62fa8a84(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable rt = n.s.outputRoute(Net.DST);
            if (n.patched()) {
                KernelOops e = assertThrows(KernelOops.class, () -> n.s.blackhole(rt));
                assertEquals(OopsKind.NULL_FUNCTION_CALL, e.kind());
                assertEquals("dst_metrics_write_ptr", e.function());
                assertTrue(e.getMessage().contains("dst->ops->cow_metrics is NULL"), e.getMessage());
                return;
            }
            Rtable bh = n.s.blackhole(rt);
            assertEquals(n.s.route().ipv4DstBlackholeOps(), n.s.kernel().ops(bh.address()));
            assertEquals(1400, bh.mtu(), "the copied MTU metric");
            assertEquals(65535, bh.metric(RTAX_WINDOW));
            assertEquals(MetricsState.INLINE, bh.metricsState());
            n.s.release(bh);
            assertTrue(n.s.shutdown().isEmpty(), "dst_free put it on the garbage list; the collector freed it");
        }
    }

    /**
     * Finding, both kernels: a blackhole entry copied from a route without an MTU (or ADVMSS)
     * metric answers {@code dst_mtu} through {@code ops->default_mtu}, which
     * {@code ipv4_dst_blackhole_ops} does not set either. Shown on the parent, which gets that
     * far.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aBlackholeWithoutAnMtuMetricCallsANullDefaultMtu(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.bootWith(v, abi, mode, "10.8.0.0/16 via 10.0.0.254")) {
            if (n.patched()) {
                return;
            }
            Rtable bh = n.s.blackhole(n.s.outputRoute("10.8.0.1"));
            KernelOops e = assertThrows(KernelOops.class, bh::mtu);
            assertEquals(OopsKind.NULL_FUNCTION_CALL, e.kind());
            assertEquals("dst_mtu", e.function());
            KernelOops a = assertThrows(KernelOops.class, bh::advmss);
            assertEquals("dst_metric_advmss", a.function());
        }
    }
}
