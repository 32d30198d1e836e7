package dstcow.dst;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_FEATURES;
import static dstcow.dst.Rtax.RTAX_FEATURE_ALLFRAG;
import static dstcow.dst.Rtax.RTAX_FEATURE_ECN;
import static dstcow.dst.Rtax.RTAX_FEATURE_SACK;
import static dstcow.dst.Rtax.RTAX_HOPLIMIT;
import static dstcow.dst.Rtax.RTAX_LOCK;
import static dstcow.dst.Rtax.RTAX_MAX;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static dstcow.dst.Rtax.RTAX_WINDOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every kernel's dst layer must do, whatever the kernel (parent or 62fa8a84), the memory
 * mode (checked or fast) and the ABI (64- and 32-bit, little- and big-endian). The thin
 * subclasses pick the kernel and the mode; each test runs on every ABI of {@link #abis()}.
 */
abstract class DstContractTest {

    abstract KernelVersion version();

    abstract MemoryMode mode();

    static Stream<Abi> abis() {
        return Stream.of(Abi.X86_64, Abi.I386, Abi.POWERPC64, Abi.S390X);
    }

    Fixture boot(Abi abi) {
        return Fixture.boot(version(), abi, mode());
    }

    @ParameterizedTest
    @MethodSource("abis")
    void aNewEntryHasNoMetricsNoReferencesAndDiscardsPackets(Abi abi) {
        try (Fixture f = boot(abi)) {
            long before = f.k.jiffies();
            long dst = f.alloc();
            assertArrayEquals(new int[RTAX_MAX], f.metricsOf(dst));
            assertEquals(0, f.k.refcnt(dst));
            assertEquals(dst, f.k.path(dst));
            assertEquals(f.ops.address(), f.k.ops(dst));
            assertEquals(f.k.symbols().addressOf("dst_discard"), f.k.input(dst));
            assertEquals(f.k.symbols().addressOf("dst_discard"), f.k.output(dst));
            assertEquals(before, f.k.lastuse(dst));
            assertEquals(0, f.k.obsolete(dst));
            assertEquals(1, f.ops.entries());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void unsetMtuAndAdvmssComeFromTheOps(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            assertEquals(Fixture.DEVICE_MTU, f.k.dstMtu(dst));
            assertEquals(Fixture.DEVICE_ADVMSS, f.k.dstMetricAdvmss(dst));
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            f.k.dstMetricSet(dst, RTAX_ADVMSS, 1360);
            assertEquals(1400, f.k.dstMtu(dst));
            assertEquals(1360, f.k.dstMetricAdvmss(dst));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void eachMetricReadsBackWhatWasSetAndNothingElseMoves(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            int[] expected = new int[RTAX_MAX];
            for (int m = 1; m <= RTAX_MAX; m++) {
                int v = m == RTAX_MAX ? 0xffffffff : 1000 * m + 7;
                f.k.dstMetricSet(dst, m, v);
                expected[m - 1] = v;
                assertArrayEquals(expected, f.metricsOf(dst), "after setting " + Rtax.describe(m));
            }
            assertEquals(0xffffffffL, Integer.toUnsignedLong(f.k.dstMetricRaw(dst, RTAX_MAX)));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void metricsPtrAddressesTheValuesInTheAbisByteOrder(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_WINDOW, 0x01020304);
            long p = f.k.dstMetricsPtr(dst);
            assertEquals(0x01020304, f.mem.readU32(p + 4L * (RTAX_WINDOW - 1), "test"));
            int firstByte = f.mem.readU8(p + 4L * (RTAX_WINDOW - 1), "test");
            assertEquals(abi.bigEndian() ? 0x01 : 0x04, firstByte);
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void lockedMetricsAndFeaturesAreBitTests(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_LOCK, 1 << RTAX_MTU);
            f.k.dstMetricSet(dst, RTAX_FEATURES, RTAX_FEATURE_SACK | RTAX_FEATURE_ALLFRAG);
            assertEquals(1 << RTAX_MTU, f.k.dstMetricLocked(dst, RTAX_MTU));
            assertEquals(0, f.k.dstMetricLocked(dst, RTAX_ADVMSS));
            assertEquals(RTAX_FEATURE_SACK, f.k.dstFeature(dst, RTAX_FEATURE_SACK));
            assertEquals(0, f.k.dstFeature(dst, RTAX_FEATURE_ECN));
            assertEquals(RTAX_FEATURE_ALLFRAG, f.k.dstAllfrag(dst));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void rttIsStoredInMillisecondsAndReadInJiffies(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            f.k.setDstMetricRtt(dst, RTAX_RTT, 25);
            assertEquals(100, f.k.dstMetricRaw(dst, RTAX_RTT), "25 jiffies at HZ=250 are 100 ms");
            assertEquals(25, f.k.dstMetricRtt(dst, RTAX_RTT));
            f.k.dstMetricSet(dst, RTAX_RTT, 101);
            assertEquals(26, f.k.dstMetricRtt(dst, RTAX_RTT), "msecs_to_jiffies rounds up");
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void copyMetricsCopiesEveryValueAndLeavesTheSourceAlone(Abi abi) {
        try (Fixture f = boot(abi)) {
            long src = f.alloc();
            for (int m = 1; m <= RTAX_MAX; m++) {
                f.k.dstMetricSet(src, m, 50 + m);
            }
            int[] srcValues = f.metricsOf(src);
            long dest = f.alloc();
            f.k.dstCopyMetrics(dest, src);
            assertArrayEquals(srcValues, f.metricsOf(dest));
            f.k.dstMetricSet(dest, RTAX_MTU, 9000);
            assertArrayEquals(srcValues, f.metricsOf(src));
            assertEquals(9000, f.k.dstMtu(dest));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void dstMetricWarnsOncePerCallSiteForMetricsWithTheirOwnAccessor(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            for (int i = 0; i < 3; i++) {
                f.k.dstMetric(dst, RTAX_MTU);
            }
            f.k.dstMetric(dst, RTAX_WINDOW);
            List<TraceEvent> warnings = f.k.trace().events(TraceKind.WARNING);
            assertEquals(1, warnings.size(), f.k.trace().toString());
            String w = warnings.get(0).detail();
            assertTrue(w.startsWith("WARN_ON_ONCE(metric == RTAX_HOPLIMIT || metric == RTAX_ADVMSS || metric == RTAX_MTU)"
                    + " in dst_metric() at DstContractTest.dstMetricWarnsOncePerCallSiteForMetricsWithTheirOwnAccessor:"), w);
            assertTrue(w.endsWith(": RTAX_MTU (mtu, 2) read with dst_metric(); use dst_mtu()"), w);
            f.k.dstMetric(dst, RTAX_ADVMSS);
            readHoplimitElsewhere(f, dst);
            readHoplimitElsewhere(f, dst);
            assertEquals(3, f.k.trace().count(TraceKind.WARNING));
        }
    }

    private static void readHoplimitElsewhere(Fixture f, long dst) {
        f.k.dstMetric(dst, RTAX_HOPLIMIT);
    }

    @ParameterizedTest
    @MethodSource("abis")
    void metricIdsOutsideOneToRtaxMaxAreRejectedWithTheRangeAndNames(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.k.dstMetricRaw(dst, 15));
            assertEquals("metric id 15 is outside 1..RTAX_MAX (14); valid ids: 1 lock, 2 mtu, 3 window, 4 rtt, 5 rttvar, "
                    + "6 ssthresh, 7 cwnd, 8 advmss, 9 reordering, 10 hoplimit, 11 initcwnd, 12 features, 13 rto_min, 14 initrwnd",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.k.dstMetricSet(dst, 0, 1));
            assertTrue(e.getMessage().startsWith("metric id 0 is outside 1..RTAX_MAX (14); RTAX_UNSPEC has no slot; valid ids: 1 lock"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.k.dstMetricLocked(dst, -1));
            assertArrayEquals(new int[RTAX_MAX], f.metricsOf(dst), "a rejected write stores nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void referencesCountExactlyAndUseStampsTheEntry(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            f.k.dstHold(dst);
            assertEquals(dst, f.k.dstClone(dst));
            assertEquals(0, f.k.dstClone(0));
            f.k.dstUse(dst, 12345);
            assertEquals(3, f.k.refcnt(dst));
            assertEquals(1, f.k.use(dst));
            assertEquals(12345, f.k.lastuse(dst));
            f.k.dstUseNoref(dst, 12346);
            assertEquals(3, f.k.refcnt(dst));
            assertEquals(2, f.k.use(dst));
            f.k.dstRelease(dst);
            f.k.dstRelease(dst);
            f.k.dstRelease(dst);
            f.k.dstRelease(0);
            assertEquals(0, f.k.refcnt(dst));
            assertEquals(0, f.k.trace().count(TraceKind.WARNING));
            f.k.dstRelease(dst);
            assertEquals(-1, f.k.refcnt(dst));
            List<TraceEvent> w = f.k.trace().events(TraceKind.WARNING);
            assertEquals(1, w.size());
            assertTrue(w.get(0).detail().startsWith("WARN_ON(newrefcnt < 0) in dst_release() at DstContractTest."), w.get(0).detail());
            assertTrue(w.get(0).detail().endsWith(": dst " + f.mem.hex(dst) + " released below zero (refcnt -1)"), w.get(0).detail());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void refcntIsTheNativeWordAtTheLayoutEnginesOffset(Abi abi) {
        try (Fixture f = boot(abi)) {
            long dst = f.alloc();
            f.k.dstHold(dst);
            f.k.dstHold(dst);
            long offset = LayoutEngine.layout(DstEntry.of(version()), KernelConfig.defaults(abi)).offsetOf("__refcnt");
            assertEquals(0, offset & 63);
            assertEquals(2, f.mem.readU32(dst + offset, "test"));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void dstFreeOfAnUnreferencedEntryDestroysItAndEverythingItOwns(Abi abi) {
        try (Fixture f = boot(abi)) {
            long live = f.mem.liveBytes();
            long mark = f.mem.mark();
            long dst = f.alloc();
            f.k.dstMetricSet(dst, RTAX_MTU, 1400);
            f.k.dstFree(dst);
            assertEquals(1, f.destroyed.get());
            assertTrue(f.mem.leaksSince(mark).isEmpty(), f.mem.leaksSince(mark).toString());
            assertEquals(live, f.mem.liveBytes());
            assertEquals(0, f.ops.entries());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void dstFreeOfAReferencedEntryLeavesItToTheGarbageCollector(Abi abi) {
        try (Fixture f = boot(abi)) {
            long mark = f.mem.mark();
            long dst = f.alloc();
            f.k.dstHold(dst);
            f.k.dstFree(dst);
            assertEquals(0, f.destroyed.get());
            assertEquals(2, f.k.obsolete(dst));
            assertEquals(1, f.k.dstGarbageCount());
            assertEquals(0, f.k.dstGcTask(), "still referenced: kept on the busy list");
            assertEquals(1, f.k.dstGarbageCount());
            f.k.dstRelease(dst);
            assertEquals(1, f.k.dstGcTask());
            assertEquals(0, f.k.dstGarbageCount());
            assertEquals(1, f.destroyed.get());
            assertTrue(f.mem.leaksSince(mark).isEmpty(), f.mem.leaksSince(mark).toString());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void aNocacheEntryDiesWithItsLastReference(Abi abi) {
        try (Fixture f = boot(abi)) {
            long mark = f.mem.mark();
            long dst = f.alloc();
            f.k.setFlags(dst, DstKernel.DST_NOCACHE);
            f.k.dstHold(dst);
            f.k.dstHold(dst);
            f.k.dstRelease(dst);
            assertEquals(0, f.destroyed.get());
            f.k.dstRelease(dst);
            assertEquals(1, f.destroyed.get());
            assertTrue(f.mem.leaksSince(mark).isEmpty(), f.mem.leaksSince(mark).toString());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void destroyingAParentKillsItsNohashChildWhenItHeldTheLastReference(Abi abi) {
        try (Fixture f = boot(abi)) {
            long mark = f.mem.mark();
            long child = f.alloc();
            f.k.setFlags(child, DstKernel.DST_NOHASH);
            f.k.dstHold(child);
            long parent = f.alloc();
            f.k.setChild(parent, child);
            assertEquals(2, f.ops.entries());
            f.k.dstFree(parent);
            assertEquals(2, f.destroyed.get());
            assertEquals(0, f.ops.entries());
            assertTrue(f.mem.leaksSince(mark).isEmpty(), f.mem.leaksSince(mark).toString());
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void dstAllocReturnsNullWhenItsCacheCannotAllocate(Abi abi) {
        try (Fixture f = boot(abi)) {
            f.mem.setFailslab(Failslab.always().onlyCache("test_dst_cache"));
            assertEquals(0, f.k.dstAlloc(f.ops.address()));
            assertEquals(0, f.ops.entries());
            List<TraceEvent> failed = f.k.trace().events(TraceKind.ALLOC_FAILED);
            assertEquals(1, failed.size());
            assertEquals("dst_alloc", failed.get(0).function());
            f.mem.setFailslab(Failslab.never());
            assertNotEquals(0, f.k.dstAlloc(f.ops.address()));
        }
    }

    @ParameterizedTest
    @MethodSource("abis")
    void dstAllocAsksOpsGcAboveTheThresholdAndFailsWhenItRefuses(Abi abi) {
        try (Fixture f = boot(abi)) {
            int[] gcCalls = {0};
            f.k.symbols().register("test_dst_gc", (FnTypes.Gc) ops -> ++gcCalls[0] > 1 ? 1 : 0);
            long ops = f.k.dstOpsBuilder("gc_dst_ops").gc("test_dst_gc").gcThresh(1).kmemCachep(f.cache).build().address();
            assertNotEquals(0, f.k.dstAlloc(ops));
            assertNotEquals(0, f.k.dstAlloc(ops));
            assertEquals(0, gcCalls[0], "at the threshold gc is not asked");
            assertNotEquals(0, f.k.dstAlloc(ops), "gc freed something (returned 0)");
            assertEquals(1, gcCalls[0]);
            assertEquals(0, f.k.dstAlloc(ops), "gc refused (returned 1)");
            assertEquals(2, gcCalls[0]);
            assertEquals(3, f.k.dstEntriesGetFast(ops));
        }
    }
}
