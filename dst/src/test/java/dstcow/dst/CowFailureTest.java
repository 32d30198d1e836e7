package dstcow.dst;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MAX;
import static dstcow.dst.Rtax.RTAX_MTU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 62fa8a84's new failure: "metric updates may now fail transiently". With kmalloc failing,
 * {@code dst_metric_set} drops the write, {@code dst_copy_metrics} copies nothing, nothing leaks,
 * nothing else changes, and the trace says so.
 */
class CowFailureTest {

    static Stream<Arguments> modesAndAbis() {
        return Stream.of(MemoryMode.values()).flatMap(m -> Stream.of(Abi.X86_64, Abi.I386).map(a -> Arguments.of(m, a)));
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void withKmallocFailingAMetricWriteIsDroppedAndNothingChanges(MemoryMode mode, Abi abi) {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long shared = f.sharedMetrics(RTAX_MTU, 1500, RTAX_ADVMSS, 1460);
            int[] sharedValues = f.metricsAt(shared);
            long dst = f.alloc();
            k.dstInitMetrics(dst, shared, true);
            long word = k.metricsWord(dst);
            long live = f.mem.liveBytes();
            long allocMark = f.mem.mark();
            long mark = k.trace().mark();

            f.mem.setFailslab(Failslab.always().onlyCache("kmalloc-64"));
            k.dstMetricSet(dst, RTAX_MTU, 1400);

            assertEquals(1500, k.dstMtu(dst), "the write was dropped");
            assertEquals(word, k.metricsWord(dst));
            assertTrue(k.dstMetricsReadOnly(dst));
            assertArrayEquals(sharedValues, f.metricsAt(shared));
            assertEquals(live, f.mem.liveBytes());
            assertTrue(f.mem.leaksSince(allocMark).isEmpty());

            List<TraceEvent> events = k.trace().since(mark);
            assertEquals(List.of(TraceKind.CALL, TraceKind.ALLOC_FAILED, TraceKind.METRIC_WRITE_DROPPED),
                    events.stream().map(TraceEvent::kind).toList(), k.trace().format(events));
            TraceEvent failed = events.get(1);
            assertEquals("dst_cow_metrics_generic", failed.function());
            assertEquals("kmalloc(56) from kmalloc-64 = NULL (failslab: always in kmalloc-64)", failed.detail());
            TraceEvent dropped = events.get(2);
            assertEquals("dst_metric_set", dropped.function());
            assertEquals("RTAX_MTU = 1400 dropped: dst " + f.mem.hex(dst)
                    + " has no writable metrics (dst_metrics_write_ptr returned NULL)", dropped.detail());
            assertEquals(1, f.mem.stats("kmalloc-64").failures());

            f.mem.setFailslab(Failslab.never());
            k.dstMetricSet(dst, RTAX_MTU, 1400);
            assertEquals(1400, k.dstMtu(dst), "the failure was transient");
            assertFalse(k.dstMetricsReadOnly(dst));
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void withKmallocFailingCopyMetricsCopiesNothing(MemoryMode mode, Abi abi) {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long route = f.alloc();
            k.dstInitMetrics(route, f.sharedMetrics(RTAX_MTU, 1500), true);
            long bundle = f.alloc();
            long word = k.metricsWord(bundle);
            long live = f.mem.liveBytes();
            long allocMark = f.mem.mark();
            long mark = k.trace().mark();

            f.mem.setFailslab(Failslab.nth(1));
            k.dstCopyMetrics(bundle, route);

            assertEquals(word, k.metricsWord(bundle), "still read-only on dst_default_metrics");
            assertArrayEquals(new int[RTAX_MAX], f.metricsOf(bundle));
            assertEquals(live, f.mem.liveBytes());
            assertTrue(f.mem.leaksSince(allocMark).isEmpty());
            List<TraceEvent> events = k.trace().since(mark);
            assertEquals(List.of(TraceKind.CALL, TraceKind.ALLOC_FAILED, TraceKind.METRIC_WRITE_DROPPED),
                    events.stream().map(TraceEvent::kind).toList(), k.trace().format(events));
            assertEquals("dst_copy_metrics", events.get(2).function());
            assertEquals("dst " + f.mem.hex(bundle) + ": no writable metrics (dst_metrics_write_ptr returned NULL); nothing copied from dst "
                    + f.mem.hex(route), events.get(2).detail());

            // failslab fired once (nth 1): the next attempt copies.
            k.dstCopyMetrics(bundle, route);
            assertEquals(1500, k.dstMtu(bundle));
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void theParentCannotFailAMetricWrite(MemoryMode mode, Abi abi) {
        try (Fixture f = Fixture.boot(KernelVersion.PARENT, abi, mode)) {
            long dst = f.alloc();
            f.mem.setFailslab(Failslab.always());
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            long other = f.mem.mark();
            f.k.dstCopyMetrics(dst, dst);
            assertEquals(1400, f.k.dstMtu(dst));
            assertEquals(0, f.k.trace().count(TraceKind.ALLOC_FAILED));
            assertEquals(0, f.k.trace().count(TraceKind.METRIC_WRITE_DROPPED));
            assertEquals(other, f.mem.mark(), "no allocation was even attempted");
        }
    }
    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void aCowThatLosesToAnotherReadOnlyWordReturnsNullAndFreesItsCopy(MemoryMode mode, Abi abi) {
        // Between reading the old word and the cmpxchg, the entry is pointed read-only at other
        // shared metrics: dst_cow_metrics_generic must not hand out that read-only array.
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long first = f.sharedMetrics(RTAX_MTU, 1500);
            long second = f.sharedMetrics(RTAX_MTU, 9000);
            long dst = f.alloc();
            k.dstInitMetrics(dst, first, true);
            long live = f.mem.liveBytes();
            f.mem.setCmpxchgHook((address, fn) -> {
                f.mem.setCmpxchgHook(null);
                k.dstInitMetrics(dst, second, true);
            });
            long mark = k.trace().mark();
            assertEquals(0, k.dstMetricsWritePtr(dst));
            List<TraceEvent> events = k.trace().since(mark);
            assertEquals(1, events.stream().filter(e -> e.kind() == TraceKind.CMPXCHG_LOST).count(), k.trace().format(events));
            assertEquals(1, events.stream().filter(e -> e.kind() == TraceKind.KFREE).count(), "the loser freed its copy");
            assertEquals(second | DstKernel.DST_METRICS_READ_ONLY, k.metricsWord(dst));
            assertEquals(live, f.mem.liveBytes());

            k.dstMetricSet(dst, RTAX_MTU, 1400);
            assertEquals(9000, f.mem.readU32(second + 4, "test"), "the other shared metrics were not written");
            assertEquals(live + 64, f.mem.liveBytes(), "the second attempt copied the other metrics");
            assertEquals(1400, k.dstMtu(dst));
        }
    }
}
