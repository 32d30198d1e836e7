package dstcow.dst;

import dstcow.dst.demo.CowStory;
import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.OopsKind;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MAX;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy-on-write story of 62fa8a84: an entry pointing read-only at shared metrics reads them
 * with no copy; the first write copies exactly once, with one 56-byte kmalloc; later writes do
 * not copy; the shared metrics never change; destruction frees the copy and live bytes return
 * to where they started. The parent kernel, for contrast, never allocates for metrics.
 */
class CowStoryTest {

    static Stream<Arguments> modesAndAbis() {
        return Stream.of(MemoryMode.values()).flatMap(m -> Stream.of(Abi.X86_64, Abi.I386).map(a -> Arguments.of(m, a)));
    }

    private static long count(List<TraceEvent> events, TraceKind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void theFirstWriteCopiesOnceLaterWritesDoNotAndDestroyFreesTheCopy(MemoryMode mode, Abi abi) {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long shared = f.sharedMetrics(RTAX_MTU, 1500, RTAX_ADVMSS, 1460, RTAX_RTT, 100);
            int[] sharedValues = f.metricsAt(shared);
            long liveAtStart = f.mem.liveBytes();
            long allocMark = f.mem.mark();

            long dst = f.alloc();
            assertTrue(k.dstMetricsReadOnly(dst));
            assertEquals(k.dstDefaultMetrics() | DstKernel.DST_METRICS_READ_ONLY, k.metricsWord(dst));
            k.dstInitMetrics(dst, shared, true);
            assertEquals(shared | DstKernel.DST_METRICS_READ_ONLY, k.metricsWord(dst));

            // Reads go through the tagged pointer: no copy.
            long reads = k.trace().mark();
            assertEquals(1500, k.dstMtu(dst));
            assertEquals(1460, k.dstMetricAdvmss(dst));
            assertEquals(25, k.dstMetricRtt(dst, RTAX_RTT));
            assertArrayEquals(sharedValues, f.metricsOf(dst));
            assertEquals(shared, k.dstMetricsPtr(dst));
            List<TraceEvent> afterReads = k.trace().since(reads);
            assertEquals(0, count(afterReads, TraceKind.KMALLOC), afterReads.toString());
            assertEquals(0, count(afterReads, TraceKind.COW));

            // The first write copies, exactly once, with one 56-byte kmalloc from kmalloc-64.
            long kmalloc64 = f.mem.stats("kmalloc-64").allocations();
            long firstWrite = k.trace().mark();
            k.dstMetricSet(dst, RTAX_MTU, 1400);
            List<TraceEvent> cow = k.trace().since(firstWrite);
            List<TraceEvent> kmallocs = cow.stream().filter(e -> e.kind() == TraceKind.KMALLOC).toList();
            assertEquals(1, kmallocs.size(), k.trace().format(cow));
            assertEquals("dst_cow_metrics_generic", kmallocs.get(0).function());
            assertEquals("56 bytes -> kmalloc-64", kmallocs.get(0).detail());
            assertEquals(kmalloc64 + 1, f.mem.stats("kmalloc-64").allocations());
            assertEquals(1, count(cow, TraceKind.COW));
            assertEquals(1, count(cow, TraceKind.CMPXCHG_WON));
            assertEquals(0, count(cow, TraceKind.CMPXCHG_LOST));
            long copy = k.dstMetricsPtr(dst);
            assertEquals(kmallocs.get(0).address(), copy);
            assertEquals(copy, k.metricsWord(dst), "the new word has no read-only tag");
            assertFalse(k.dstMetricsReadOnly(dst));
            assertEquals(64, f.mem.ksize(copy, "test"));
            assertEquals(1400, k.dstMtu(dst));
            assertEquals(1460, k.dstMetricAdvmss(dst), "the copy carries the shared values");

            // Later writes store into the copy.
            long later = k.trace().mark();
            k.dstMetricSet(dst, RTAX_MTU, 1300);
            k.dstMetricSet(dst, RTAX_WINDOW, 65535);
            k.setDstMetricRtt(dst, RTAX_RTT, 50);
            List<TraceEvent> afterLater = k.trace().since(later);
            assertEquals(0, count(afterLater, TraceKind.KMALLOC), k.trace().format(afterLater));
            assertEquals(0, count(afterLater, TraceKind.COW));
            assertEquals(0, count(afterLater, TraceKind.CALL), "cow_metrics is not called again");
            assertEquals(copy, k.dstMetricsPtr(dst));
            assertEquals(kmalloc64 + 1, f.mem.stats("kmalloc-64").allocations());
            assertEquals(1300, k.dstMtu(dst));

            // The shared metrics never changed.
            assertArrayEquals(sharedValues, f.metricsAt(shared));

            // Destruction swaps the defaults back and frees the copy.
            long destroy = k.trace().mark();
            k.dstFree(dst);
            List<TraceEvent> death = k.trace().since(destroy);
            List<TraceEvent> kfrees = death.stream().filter(e -> e.kind() == TraceKind.KFREE).toList();
            assertEquals(1, kfrees.size(), k.trace().format(death));
            assertEquals(copy, kfrees.get(0).address());
            assertEquals("__dst_destroy_metrics_generic", kfrees.get(0).function());
            assertEquals(liveAtStart, f.mem.liveBytes());
            assertTrue(f.mem.leaksSince(allocMark).isEmpty(), f.mem.leaksSince(allocMark).toString());
            assertArrayEquals(sharedValues, f.metricsAt(shared));

            if (mode == MemoryMode.CHECKED) {
                KernelOops o = assertThrows(KernelOops.class, () -> f.mem.readU32(copy, "stale_reader"));
                assertEquals(OopsKind.USE_AFTER_FREE, o.kind());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void theParentCopiesFiftySixBytesUpFrontAndNeverAllocatesForMetrics(MemoryMode mode, Abi abi) {
        try (Fixture f = Fixture.boot(KernelVersion.PARENT, abi, mode)) {
            DstKernel k = f.k;
            long shared = f.sharedMetrics(RTAX_MTU, 1500, RTAX_ADVMSS, 1460);
            int[] sharedValues = f.metricsAt(shared);
            long dst = f.alloc();
            long mark = k.trace().mark();
            k.dstImportMetrics(dst, shared);
            assertArrayEquals(sharedValues, f.metricsOf(dst));
            assertEquals(dst + k.offsetOf("_metrics"), k.dstMetricsPtr(dst), "the metrics live inside the entry");
            k.dstMetricSet(dst, RTAX_MTU, 1400);
            k.dstMetricSet(dst, RTAX_MTU, 1300);
            List<TraceEvent> events = k.trace().since(mark);
            assertEquals(0, count(events, TraceKind.KMALLOC), k.trace().format(events));
            assertEquals(0, count(events, TraceKind.CMPXCHG_WON) + count(events, TraceKind.CMPXCHG_LOST));
            assertEquals(1, count(events, TraceKind.METRICS));
            assertEquals(2, count(events, TraceKind.METRIC_WRITE));
            assertEquals(1300, k.dstMtu(dst));
            assertArrayEquals(sharedValues, f.metricsAt(shared));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> k.dstInitMetrics(dst, shared, true));
            assertEquals("dst_init_metrics does not exist in the parent kernel: 62fa8a84 adds it; the parent copies with dst_import_metrics",
                    e.getMessage());
        }
    }

    @Test
    void thePatchedKernelHasNoDstImportMetrics() {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, Abi.X86_64, MemoryMode.CHECKED)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> f.k.dstImportMetrics(f.alloc(), f.sharedMetrics()));
            assertTrue(e.getMessage().startsWith("dst_import_metrics does not exist in the patched kernel: 62fa8a84 removes it"),
                    e.getMessage());
        }
    }

    @Test
    void aCowOfTheDefaultsCopiesZerosAndCopyMetricsThenFillsTheCopy() {
        // xfrm_bundle_create's pattern: a new entry, then dst_copy_metrics from the route below it.
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, Abi.X86_64, MemoryMode.CHECKED)) {
            long route = f.alloc();
            f.k.dstInitMetrics(route, f.sharedMetrics(RTAX_MTU, 1500), true);
            long bundle = f.alloc();
            long mark = f.k.trace().mark();
            f.k.dstCopyMetrics(bundle, route);
            assertEquals(1, count(f.k.trace().since(mark), TraceKind.COW));
            assertFalse(f.k.dstMetricsReadOnly(bundle));
            assertTrue(f.k.dstMetricsReadOnly(route), "the source keeps pointing at the shared metrics");
            assertEquals(1500, f.k.dstMtu(bundle));
            int[] zeros = new int[RTAX_MAX];
            assertArrayEquals(zeros, f.metricsAt(f.k.dstDefaultMetrics()));
        }
    }

    @Test
    void theStoryPrintsTheCowOnThePatchedKernelAndPlainStoresOnTheParent() {
        StringWriter patched = new StringWriter();
        CowStory.run(Abi.X86_64, KernelVersion.PATCHED, new PrintWriter(patched));
        String p = patched.toString();
        assertTrue(p.contains("dst_metric_set(dst, RTAX_MTU, 1400)"), p);
        assertTrue(p.contains("copy on write; _metrics = 0xffff880000021040 -> kmalloc-64 from dst_cow_metrics_generic (its own)"), p);
        assertTrue(p.contains("kmalloc          dst_cow_metrics_generic        0xffff880000021040  56 bytes -> kmalloc-64"), p);
        assertTrue(p.contains("cmpxchg won      dst_cow_metrics_generic        0xffff880000022028  old 0xffff880000021001 new 0xffff880000021040"), p);
        assertTrue(p.contains("kfree            __dst_destroy_metrics_generic  0xffff880000021040"), p);
        assertTrue(p.contains("leaks: no leaks"), p);

        StringWriter parent = new StringWriter();
        CowStory.run(Abi.X86_64, KernelVersion.PARENT, new PrintWriter(parent));
        String q = parent.toString();
        assertTrue(q.contains("dst_import_metrics(dst, fi->fib_metrics)"), q);
        assertFalse(q.contains("kmalloc "), q);
        assertFalse(q.contains("cmpxchg"), q);
        assertTrue(q.contains("leaks: no leaks"), q);
        assertNotEquals(p, q);
    }
}
