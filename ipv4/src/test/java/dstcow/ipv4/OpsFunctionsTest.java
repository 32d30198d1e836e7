package dstcow.ipv4;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The other members of {@code ipv4_dst_ops}: check, negative_advice, link_failure, ifdown. */
class OpsFunctionsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void checkNegativeAdviceLinkFailureIfdown(KernelVersion v, Abi abi, MemoryMode mode) {
        try (Net n = Net.boot(v, abi, mode)) {
            Ipv4Route r = n.s.route();
            Rtable rt = n.s.outputRoute(Net.DST);
            assertEquals(rt.address(), r.ipv4DstCheck(rt.address(), 0));
            r.ipv4DstIfdown(rt.address(), n.s.device("eth0").address(), 0);
            assertEquals(rt.address(), r.ipv4NegativeAdvice(rt.address()), "neither obsolete, redirected nor expired");

            r.ipv4LinkFailure(rt.address());
            long expires = rt.expires();
            assertTrue(expires != 0, "dst_set_expires(&rt->dst, 0): expires now");
            assertEquals(0, r.ipv4NegativeAdvice(rt.address()), "expired: rt_del drops our reference and the entry");
            assertTrue(n.s.cachedRoutes().isEmpty());

            Rtable rt2 = n.s.outputRoute(Net.DST);
            n.s.invalidate();
            assertEquals(0, r.ipv4DstCheck(rt2.address(), 0), "rt_is_expired after rt_cache_invalidate");
            n.s.release(rt2);
            assertTrue(n.s.shutdown().isEmpty());
        }
    }
}
