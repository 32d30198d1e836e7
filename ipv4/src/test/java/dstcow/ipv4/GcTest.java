package dstcow.ipv4;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small route cache under load: {@code dst_alloc} calls {@code ipv4_dst_ops.gc}
 * ({@code rt_garbage_collect}) above {@code gc_thresh} entries, {@code rt_intern_hash} evicts from
 * over-long chains, and every entry still dies with its metrics.
 */
class GcTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dstcow.ipv4.Net#matrix")
    void aFullCacheCollectsAndEvictsWithoutLeaking(KernelVersion v, Abi abi, MemoryMode mode) {
        try (DstKernel k = DstKernel.boot(v, abi, mode)) {
            Ipv4Stack s = Ipv4Stack.boot(k, 4, 7);
            s.addDevice("eth0", 1500, "10.0.0.1/24");
            s.addRoute(Net.ROUTE);
            long frees = s.trace().count(TraceKind.CACHE_FREE);
            for (int i = 0; i < 60; i++) {
                Rtable rt = s.outputRoute("10.1.0." + (i + 1));
                s.updatePmtu(rt, 1300 - i);
                s.release(rt);
            }
            assertTrue(s.trace().filter(e -> e.detail().startsWith("ops->gc = rt_garbage_collect")).size() > 0, "gc was asked");
            assertTrue(s.trace().count(TraceKind.CACHE_FREE) > frees, "chains were trimmed while the cache grew");
            assertTrue(s.cachedRoutes().size() < 60);
            assertEquals(v == KernelVersion.PATCHED ? 60 : 0, s.trace().count(TraceKind.COW));
            assertTrue(s.shutdown().isEmpty());
        }
    }
}
