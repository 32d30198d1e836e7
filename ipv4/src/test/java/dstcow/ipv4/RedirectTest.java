package dstcow.ipv4;

import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.OopsKind;
import dstcow.ipv4.net.Inet;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ip_rt_redirect}: the redirected entry is a whole-struct copy of the old one
 * ({@code *rt = *rth}). In 62fa8a84 that copies the {@code _metrics} pointer: shared read-only
 * metrics stay shared (the copy takes its own fib_info reference), but a private copy made on
 * write ends up owned by two entries.
 */
class RedirectTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aRedirectReplacesTheEntryAndKeepsSharingTheFibMetrics(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            long fi = n.fi("10.1.0.0/16");
            Rtable old = n.s.outputRoute(Net.DST);
            n.s.release(old);
            n.s.redirect("10.0.0.254", Net.DST, "10.0.0.253", "10.0.0.1", "eth0");
            Rtable rt = n.s.outputRoute(Net.DST);
            assertNotEquals(old.address(), rt.address(), "a new entry");
            assertEquals(Net.ip("10.0.0.253"), rt.gateway());
            assertTrue((rt.flags() & Inet.RTCF_REDIRECTED) != 0);
            assertEquals(1400, rt.mtu());
            if (n.patched()) {
                assertEquals(MetricsState.SHARED, rt.metricsState());
                assertEquals(n.fs.fibMetrics(fi), rt.metricsAddress());
                assertEquals(fi, rt.fi());
                assertEquals(2, n.fs.clntref(fi), "the copy's reference; the old entry's was dropped with it");
            }
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void redirectsThatRouteCCannotAcceptAreIgnored(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable old = n.s.outputRoute(Net.DST);
            n.s.release(old);
            n.s.redirect("10.0.0.254", Net.DST, "10.0.0.254", "10.0.0.1", "eth0");
            n.s.redirect("10.0.0.254", Net.DST, "224.0.0.1", "10.0.0.1", "eth0");
            n.s.redirect("10.0.0.254", Net.DST, "10.0.0.1", "10.0.0.1", "eth0");
            n.s.redirect("10.0.0.99", Net.DST, "10.0.0.253", "10.0.0.1", "eth0");
            n.s.device("eth0").setAcceptRedirects(false);
            n.s.redirect("10.0.0.254", Net.DST, "10.0.0.253", "10.0.0.1", "eth0");
            Rtable rt = n.s.outputRoute(Net.DST);
            assertEquals(old.address(), rt.address(), "the same entry");
            assertEquals(Net.ip("10.0.0.254"), rt.gateway());
            n.s.release(rt);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }

    /**
     * Finding: after a PMTU update copied the old entry's metrics, {@code *rt = *rth} gives the
     * redirected entry the same private array; {@code rt_del} frees the old entry and with it the
     * array. Checked memory reports the next read as a use-after-free; fast memory reads the stale
     * array quietly and the second free, when the new entry dies, is a double free. The parent,
     * whose metrics are inline, is unaffected.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aRedirectAfterCopyOnWriteLeavesTheNewEntryOnFreedMetrics(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Rtable old = n.s.outputRoute(Net.DST);
            n.s.updatePmtu(old, 1300);
            n.s.release(old);
            n.s.redirect("10.0.0.254", Net.DST, "10.0.0.253", "10.0.0.1", "eth0");
            Rtable rt = n.s.outputRoute(Net.DST);
            if (!n.patched()) {
                assertEquals(1300, rt.mtu(), "the inline copy came with the struct");
                n.s.release(rt);
                assertTrue(n.s.shutdown().isEmpty());
                return;
            }
            assertEquals(MetricsState.PRIVATE, rt.metricsState(), "the old entry's private pointer, copied");
            if (mode == MemoryMode.CHECKED) {
                KernelOops e = assertThrows(KernelOops.class, rt::mtu);
                assertEquals(OopsKind.USE_AFTER_FREE, e.kind());
                assertEquals("dst_metric_raw", e.function());
                assertTrue(e.getMessage().contains("freed by __dst_destroy_metrics_generic"), e.getMessage());
            } else {
                assertEquals(1300, rt.mtu(), "fast memory reads the freed array without noticing");
                n.s.release(rt);
                KernelOops e = assertThrows(KernelOops.class, n.s::flush);
                assertEquals(OopsKind.DOUBLE_FREE, e.kind());
                assertEquals("__dst_destroy_metrics_generic", e.function());
            }
        }
    }
}
