package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.Rtable;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xfrm_bundle_ok}: when a bundle goes stale, and the MTU work it does when it is not. */
class BundleOkTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void aGoodBundleStaysGoodAndWritesNothing(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle b = s.x.bundle(rt, s.transport);
            long writes = s.count(dstcow.dst.mem.TraceKind.METRIC_WRITE);
            assertTrue(s.x.bundleOk(b));
            assertTrue(s.x.check(b));
            assertEquals(writes, s.count(dstcow.dst.mem.TraceKind.METRIC_WRITE), "no MTU moved: nothing written");
            s.x.release(b);
            s.ip.release(rt);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.xfrm.Ipsec#matrix")
    void aBundleGoesStaleWithItsStateRouteOrDevice(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Ipsec s = new Ipsec(v, abi, mode)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle b = s.x.bundle(rt, s.transport);
            s.x.touchState(s.transport);
            assertFalse(s.x.bundleOk(b), "xdst->xfrm_genid != x->genid");

            Bundle b2 = s.x.bundle(rt, s.transport);
            assertTrue(s.x.check(b2));
            s.ip.device("eth0").setUp(false);
            assertFalse(s.x.check(b2), "!netif_running(dst->dev)");
            s.ip.device("eth0").setUp(true);
            assertTrue(s.x.check(b2));
            s.ip.invalidate();
            assertFalse(s.x.check(b2), "the path's dst_check: ipv4_dst_check sees an expired route");

            Rtable rt2 = s.ip.outputRoute("10.1.2.3");
            Bundle b3 = s.x.bundle(rt2, s.transport);
            assertTrue(s.x.check(b3));
            s.x.deleteState(s.transport);
            assertFalse(s.x.check(b3), "km.state is XFRM_STATE_DEAD");
            assertEquals(3, s.transport.refcnt(), "each bundle keeps the deleted state alive");

            s.x.release(b);
            s.x.release(b2);
            s.x.release(b3);
            s.ip.release(rt);
            s.ip.release(rt2);
            assertTrue(s.x.shutdown().isEmpty(), "the last bundle freed the state");
        }
    }
}
