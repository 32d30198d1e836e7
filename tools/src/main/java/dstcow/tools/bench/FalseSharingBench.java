package dstcow.tools.bench;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.RecordDef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Does refcount traffic on {@code __refcnt} slow down the readers of {@code ops}, {@code input},
 * {@code output} and {@code _metrics}, and does the kernel's {@code __pad_to_align_refcnt} stop it?
 *
 * <p>The model is {@code JMHSample_22_FalseSharing}. The kernel comment above {@code __refcnt}
 * says it must sit off the line of {@code input}/{@code output}/{@code ops} "or performance
 * tanks badly", and {@code dst_hold()} asserts it is 64-byte aligned. On x86_64 the kernel's
 * layout puts {@code __refcnt} at offset 128 (line 2); the control layout, the same struct with
 * {@code __pad_to_align_refcnt} removed, puts it at 116, on line 1 with {@code input} (88) and
 * {@code output} (96); {@code ops} (32) and {@code _metrics} (40) stay on line 0 in both. Each group runs one reader (the loads a packet makes) and one writer
 * ({@code dst_hold} + {@code dst_release}, what every user of the entry does) on one shared
 * entry; JMH reports each thread's throughput. The baseline is the reader alone.
 *
 * <p>Two cores are enough for one reader and one writer; what you should see is in the footer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FalseSharingBench {

    /** One entry in its own memory, line-aligned; one reference held. */
    public abstract static class Entry {
        SharedDstEntry dst;

        void allocate(RecordDef def) {
            dst = SharedDstEntry.allocate(def, Abi.host());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            BenchKernel.expect("__refcnt after the run (hold and release pair up)", 1, dst.refcount());
            dst.close();
        }
    }

    @State(Scope.Thread)
    public static class Alone extends Entry {
        @Setup(Level.Trial)
        public void setup() { allocate(SharedDstEntry.kernelLayout()); }
    }

    @State(Scope.Group)
    public static class KernelLayout extends Entry {
        @Setup(Level.Trial)
        public void setup() { allocate(SharedDstEntry.kernelLayout()); }
    }

    @State(Scope.Group)
    public static class ControlLayout extends Entry {
        @Setup(Level.Trial)
        public void setup() { allocate(SharedDstEntry.controlLayout()); }
    }

    @Benchmark
    public long baseline_readerAlone(Alone s) {
        return s.dst.readReadMostly();
    }

    @Benchmark
    @Group("kernelLayout")
    @GroupThreads(1)
    public long kernelLayout_reader(KernelLayout s) {
        return s.dst.readReadMostly();
    }

    @Benchmark
    @Group("kernelLayout")
    @GroupThreads(1)
    public void kernelLayout_writer(KernelLayout s) {
        s.dst.dstHold();
        s.dst.dstRelease();
    }

    @Benchmark
    @Group("controlLayout")
    @GroupThreads(1)
    public long controlLayout_reader(ControlLayout s) {
        return s.dst.readReadMostly();
    }

    @Benchmark
    @Group("controlLayout")
    @GroupThreads(1)
    public void controlLayout_writer(ControlLayout s) {
        s.dst.dstHold();
        s.dst.dstRelease();
    }

    /*
     * How to run:
     *     ./dstcow bench --only false-sharing [--quick]       (with its C counterpart, in one table)
     *     java -cp 'tools/target/dstcow-tools.jar:tools/target/lib/*' org.openjdk.jmh.Main FalseSharingBench
     *
     * What you should see (quick run, JDK 25.0.3, AMD EPYC (Zen 4, KVM), 2 cores; C from dst_bench.c, gcc 12 -O2):
     *
     *     Benchmark                      ops/us   C ops/us
     *     baseline_readerAlone            305.5    1117.2
     *     kernelLayout_reader             313.8     943.3
     *     kernelLayout_writer             217.0     203.9
     *     controlLayout_reader            138.8     461.6
     *     controlLayout_writer             34.4      38.6
     *
     * With the kernel's layout the Java reader runs as fast as alone: __refcnt's line is not a
     * line it reads (C's alone and kernel-layout readers move around run to run on this VM:
     * 1784 and 1776 in another run). With the pad removed the reader loses more than half its throughput and
     * the writer about five sixths, in Java and in C: the line holding input/output/__refcnt
     * bounces between the two cores. Two cores are enough to show it.
     */
}
