package dstcow.xfrm;

import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.MetricsState;
import dstcow.ipv4.Rtable;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A route's life with a two-transform bundle on every ABI the layout module knows (big-endian,
 * 32-bit, uniprocessor m68k with 2-byte alignment, ARM's 64-byte kmalloc minimum): the same
 * metrics, MTUs and a clean leak check everywhere.
 */
class EveryAbiTest {

    static Stream<Arguments> abis() {
        return Stream.of(KernelVersion.values()).flatMap(v -> Stream.of(Abi.values()).map(a -> Arguments.of(v, a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("abis")
    void routeBundlePmtuAndTeardown(KernelVersion v, Abi abi) {
        try (Ipsec s = new Ipsec(v, abi, MemoryMode.CHECKED)) {
            Rtable rt = s.ip.outputRoute("10.1.2.3");
            Bundle one = s.x.bundle(rt, s.transport);
            Rtable plain = s.ip.outputRoute("192.168.7.5");
            Bundle two = s.x.bundle(plain, s.tunnel, s.transport);
            assertEquals(1350, one.mtu());
            assertEquals(1278, two.mtu());
            assertEquals(65535, one.elements().get(0).metric(RTAX_WINDOW));
            assertEquals(s.patched() ? MetricsState.SHARED : MetricsState.INLINE, rt.metricsState());
            s.ip.updatePmtu(rt, 1300);
            assertTrue(s.x.check(one));
            assertEquals(1250, one.mtu());
            assertEquals(s.patched() ? MetricsState.PRIVATE : MetricsState.INLINE, rt.metricsState());
            s.x.release(one);
            s.x.release(two);
            s.ip.release(rt);
            s.ip.release(plain);
            assertTrue(s.x.shutdown().isEmpty());
        }
    }
}
