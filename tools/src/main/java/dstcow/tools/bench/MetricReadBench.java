package dstcow.tools.bench;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.tools.bench.ffm.DstEntryParentFfm;
import dstcow.tools.bench.ffm.DstEntryPatchedFfm;
import dstcow.tools.bench.mirror.DstEntryMirror;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * What does reading a metric cost?
 *
 * <p>62fa8a84 moves the metrics out of every {@code struct dst_entry}: {@code dst_metric_raw}
 * becomes a load of the tagged {@code _metrics} word, a mask and a second load from the route's
 * shared read-only array, where the parent did one load from its inline {@code u32[RTAX_MAX]}.
 * The question is what that extra dependent load costs, and what the emulator adds on top of
 * the same loads written as plain FFM.
 *
 * <p>The baseline is a plain Java {@code int[]} read. Then the same read through: an on-heap
 * mirror of the entry pointing at a shared {@code int[]}; jextract-style FFM accessors
 * ({@code static final VarHandle}s from the layout module's {@code StructLayout}) over a native
 * {@code struct dst_entry}; and the emulator's {@code dst_metric_raw} and {@code dst_mtu} on both
 * kernels, in fast memory (no checks: what a kernel without KASAN does) and checked memory
 * (every access validated: KASAN). All inputs are {@code @State} fields, the metric id too, so
 * nothing is constant-folded; every result is returned to JMH.
 *
 * <p>Issue 3's acceptance: {@code dstMetricRaw_patched_fast} within 2x of {@code baseline_intArray}.
 * Issue 6's target: {@code dstMetricRaw_patched_fast} within 1.5x of the C program's
 * {@code metric_raw.patched} and no slower than {@code jextract_patched}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MetricReadBench {

    /** The metric every benchmark reads: {@code RTAX_MTU}, set by the route. */
    static final int METRIC = Rtax.RTAX_MTU;

    // ---- baseline: a plain Java array -------------------------------------------------------------

    @State(Scope.Thread)
    public static class IntArray {
        int[] metrics;
        int metric = METRIC;

        @Setup
        public void setup() {
            metrics = new int[Rtax.RTAX_MAX];
            metrics[Rtax.slot(Rtax.RTAX_MTU)] = BenchKernel.ROUTE_MTU;
        }
    }

    @Benchmark
    public int baseline_intArray(IntArray s) {
        return s.metrics[s.metric - 1];
    }

    // ---- on-heap mirror: a Java object pointing at a shared int[] ------------------------------------

    @State(Scope.Thread)
    public static class HeapMirror {
        DstEntryMirror dst;
        int metric = METRIC;

        @Setup
        public void setup() {
            int[] shared = new int[Rtax.RTAX_MAX];
            shared[Rtax.slot(Rtax.RTAX_MTU)] = BenchKernel.ROUTE_MTU;
            dst = new DstEntryMirror();
            dst.metrics = shared;
            dst.metricsReadOnly = true;
        }
    }

    @Benchmark
    public int heapMirror_sharedArray(HeapMirror s) {
        return s.dst.metricRaw(s.metric);
    }

    // ---- jextract-style FFM over native struct dst_entry -------------------------------------------

    @State(Scope.Thread)
    public static class Jextract {
        Arena arena;
        MemorySegment patched;
        MemorySegment parent;
        int metric = METRIC;

        @Setup
        public void setup() {
            arena = Arena.ofShared();
            MemorySegment shared = arena.allocate(DstEntryPatchedFfm.METRICS_LAYOUT);
            shared.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, Rtax.slot(Rtax.RTAX_MTU), BenchKernel.ROUTE_MTU);
            patched = DstEntryPatchedFfm.allocate(arena);
            DstEntryPatchedFfm._metrics(patched, shared.address() | DstEntryPatchedFfm.DST_METRICS_READ_ONLY);
            parent = DstEntryParentFfm.allocate(arena);
            DstEntryParentFfm._metrics(parent, Rtax.slot(Rtax.RTAX_MTU), BenchKernel.ROUTE_MTU);
            BenchKernel.expect("jextract-style patched dst_metric_raw", BenchKernel.ROUTE_MTU,
                    DstEntryPatchedFfm.dst_metric_raw(patched, metric));
            BenchKernel.expect("jextract-style parent dst_metric_raw", BenchKernel.ROUTE_MTU,
                    DstEntryParentFfm.dst_metric_raw(parent, metric));
        }

        @TearDown
        public void tearDown() {
            arena.close();
        }
    }

    @Benchmark
    public int jextract_patched(Jextract s) {
        return DstEntryPatchedFfm.dst_metric_raw(s.patched, s.metric);
    }

    @Benchmark
    public int jextract_parent(Jextract s) {
        return DstEntryParentFfm.dst_metric_raw(s.parent, s.metric);
    }

    // ---- the emulator: one route cache entry on each kernel, in each memory mode -------------------------

    /** One entry for the route, booted in the subclass's kernel and memory mode. */
    public abstract static class Route {
        BenchKernel bench;
        DstKernel k;
        long dst;
        int metric = METRIC;

        void boot(KernelVersion version, MemoryMode mode) {
            bench = BenchKernel.boot(version, Abi.host(), mode, 1L << 20);
            k = bench.k;
            dst = bench.newRoute();
            BenchKernel.expect(version + " " + mode + " dst_metric_raw", BenchKernel.ROUTE_MTU, k.dstMetricRaw(dst, metric));
            BenchKernel.expect(version + " " + mode + " dst_mtu", BenchKernel.ROUTE_MTU, k.dstMtu(dst));
        }

        @TearDown
        public void tearDown() {
            bench.close();
        }
    }

    @State(Scope.Thread)
    public static class PatchedFast extends Route {
        @Setup
        public void setup() { boot(KernelVersion.PATCHED, MemoryMode.FAST); }
    }

    @State(Scope.Thread)
    public static class ParentFast extends Route {
        @Setup
        public void setup() { boot(KernelVersion.PARENT, MemoryMode.FAST); }
    }

    @State(Scope.Thread)
    public static class PatchedChecked extends Route {
        @Setup
        public void setup() { boot(KernelVersion.PATCHED, MemoryMode.CHECKED); }
    }

    @State(Scope.Thread)
    public static class ParentChecked extends Route {
        @Setup
        public void setup() { boot(KernelVersion.PARENT, MemoryMode.CHECKED); }
    }

    @Benchmark
    public int dstMetricRaw_patched_fast(PatchedFast s) {
        return s.k.dstMetricRaw(s.dst, s.metric);
    }

    @Benchmark
    public int dstMetricRaw_parent_fast(ParentFast s) {
        return s.k.dstMetricRaw(s.dst, s.metric);
    }

    @Benchmark
    public int dstMetricRaw_patched_checked(PatchedChecked s) {
        return s.k.dstMetricRaw(s.dst, s.metric);
    }

    @Benchmark
    public int dstMetricRaw_parent_checked(ParentChecked s) {
        return s.k.dstMetricRaw(s.dst, s.metric);
    }

    @Benchmark
    public int dstMtu_patched_fast(PatchedFast s) {
        return s.k.dstMtu(s.dst);
    }

    @Benchmark
    public int dstMtu_parent_fast(ParentFast s) {
        return s.k.dstMtu(s.dst);
    }

    @Benchmark
    public int dstMtu_patched_checked(PatchedChecked s) {
        return s.k.dstMtu(s.dst);
    }

    @Benchmark
    public int dstMtu_parent_checked(ParentChecked s) {
        return s.k.dstMtu(s.dst);
    }

    /*
     * How to run:
     *     ./dstcow bench --only metric-read [--quick]       (with its C counterpart, in one table)
     *     java -cp 'tools/target/dstcow-tools.jar:tools/target/lib/*' org.openjdk.jmh.Main MetricReadBench
     *
     * What you should see (quick run, JDK 25.0.3, AMD EPYC (Zen 4, KVM), 2 cores; C from dst_bench.c, gcc 12 -O2):
     *
     *     Benchmark                     ns/op    C ns/op
     *     baseline_intArray             0.840    0.288
     *     heapMirror_sharedArray        0.873
     *     jextract_parent               1.508    0.308
     *     jextract_patched              1.719    0.552
     *     dstMetricRaw_parent_fast      2.068    0.308
     *     dstMetricRaw_patched_fast     2.774    0.552
     *     dstMetricRaw_parent_checked  12.974
     *     dstMetricRaw_patched_checked 23.323
     *     dstMtu_parent_fast            1.621    0.632
     *     dstMtu_patched_fast           2.870    0.583
     *     dstMtu_parent_checked        12.806
     *     dstMtu_patched_checked       23.778
     *
     * The patched read costs one more dependent load than the parent's, in C (0.55 vs 0.31 ns)
     * and in Java (1.3-1.8x). The mirror costs what int[] costs: the JIT knows the object. FFM
     * accesses keep their bounds and liveness checks, and the emulator adds its address
     * translation to both loads (mode, word size, range, byte order), so fast mode is about 3x
     * int[], 1.6x the jextract-style accessor and 5x C: issue 3's 2x and issue 6's 1.5x are not
     * met yet. Checked memory validates every access under a lock: 6-9x fast.
     */
}
