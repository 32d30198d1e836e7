package dstcow.dst.demo;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;

import java.io.PrintWriter;

import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;

/**
 * One route cache entry's metrics, from allocation to destruction, on one kernel: the entry
 * points at a route's shared metrics, reads them, takes a PMTU update, takes a second one, and
 * dies. On 62fa8a84 the first update copies the metrics (one 56-byte kmalloc, one cmpxchg) and
 * destruction frees the copy; on the parent the entry imports 56 bytes into its own array up
 * front and every update is a plain store. The trace of the story is printed after it.
 *
 * <p>The shared metrics stand in for {@code fib_info.fib_metrics}, which the ipv4 module owns;
 * the ops stand in for {@code ipv4_dst_ops}, with {@code dst_cow_metrics_generic} and a
 * {@code destroy} that calls {@code dst_destroy_metrics_generic}, as DECnet's does.
 *
 * <p>Run: {@code java -cp ... dstcow.dst.demo.CowStory [abi] [parent|patched|both] [checked|fast]}.
 */
public final class CowStory {
    private CowStory() {
    }

    public static final int DEVICE_MTU = 1500;

    /** Prints the story and its trace for one kernel, in checked memory. */
    public static void run(Abi abi, KernelVersion version, PrintWriter out) {
        run(abi, version, MemoryMode.CHECKED, out);
    }

    public static void run(Abi abi, KernelVersion version, MemoryMode mode, PrintWriter out) {
        try (DstKernel k = DstKernel.boot(version, abi, mode)) {
            tell(k, out);
        }
        out.flush();
    }

    private static void tell(DstKernel k, PrintWriter out) {
        KernelMemory mem = k.memory();
        boolean patched = k.version() == KernelVersion.PATCHED;

        // The stage: a device with MTU 1500, a cache of entries, the ops table, a route's metrics.
        k.symbols().register("demo_default_mtu", (FnTypes.DefaultMtu) dst -> DEVICE_MTU);
        k.symbols().register("demo_default_advmss", (FnTypes.DefaultAdvmss) dst -> DEVICE_MTU - 40);
        KmemCache cache = mem.kmemCacheCreate("demo_dst_cache", k.sizeofDstEntry(), 0, KernelMemory.SLAB_HWCACHE_ALIGN, "demo_init");
        DstOps.Builder ops = k.dstOpsBuilder("demo_dst_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .defaultMtu("demo_default_mtu")
                .defaultAdvmss("demo_default_advmss")
                .kmemCachep(cache);
        if (patched) {
            k.symbols().register("demo_dst_destroy", (FnTypes.Destroy) k::dstDestroyMetricsGeneric);
            ops.cowMetrics("dst_cow_metrics_generic").destroy("demo_dst_destroy");
        }
        DstOps demoOps = ops.build();
        long fibMetrics = mem.kzalloc(Rtax.METRICS_BYTES, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(RTAX_MTU), DEVICE_MTU, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(RTAX_ADVMSS), DEVICE_MTU - 40, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(RTAX_RTT), 100, "fib_create_info");

        long liveBefore = mem.liveBytes();
        long allocMark = mem.mark();
        long traceMark = k.trace().mark();

        out.printf("One COW of dst metrics: %s kernel (%s) on %s, %s memory, HZ=%d%n", k.version(),
                patched ? "62fa8a84" : "parent of 62fa8a84", k.abi(), mem.mode(), k.time().hz());
        out.printf("struct dst_entry: %d bytes; _metrics at offset %d, %s%n", k.sizeofDstEntry(), k.offsetOf("_metrics"),
                patched ? "an unsigned long whose bit 0 is DST_METRICS_READ_ONLY" : "u32[RTAX_MAX] inside the entry");
        out.printf("%s%n", demoOps);
        out.printf("route metrics (for fib_info.fib_metrics) at %s: mtu %d, advmss %d, rtt %d ms%n%n", mem.hex(fibMetrics),
                DEVICE_MTU, DEVICE_MTU - 40, 100);

        long dst = k.dstAlloc(demoOps.address());
        step(out, "dst = dst_alloc(&demo_dst_ops)", mem.hex(dst) + metricsState(k, dst));

        if (patched) {
            k.dstInitMetrics(dst, fibMetrics, true);
            step(out, "dst_init_metrics(dst, fi->fib_metrics, true)", "shared, no copy" + metricsState(k, dst));
        } else {
            k.dstImportMetrics(dst, fibMetrics);
            step(out, "dst_import_metrics(dst, fi->fib_metrics)", "56 bytes copied into the entry");
        }

        long kmallocs = mem.stats("kmalloc-64").allocations();
        int mtu = k.dstMtu(dst);
        int advmss = k.dstMetricAdvmss(dst);
        long rtt = k.dstMetricRtt(dst, RTAX_RTT);
        step(out, "dst_mtu(dst), dst_metric_advmss(dst), dst_metric_rtt(dst, RTAX_RTT)",
                mtu + ", " + advmss + ", " + rtt + " jiffies; " + (mem.stats("kmalloc-64").allocations() - kmallocs) + " allocations");

        k.dstMetricSet(dst, RTAX_MTU, 1400);
        step(out, "dst_metric_set(dst, RTAX_MTU, 1400)", (patched ? "copy on write" : "store in place") + metricsState(k, dst));

        kmallocs = mem.stats("kmalloc-64").allocations();
        k.dstMetricSet(dst, RTAX_MTU, 1300);
        step(out, "dst_metric_set(dst, RTAX_MTU, 1300)", (mem.stats("kmalloc-64").allocations() - kmallocs)
                + " allocations; dst_mtu(dst) = " + k.dstMtu(dst));

        int shared = mem.readU32(fibMetrics + 4L * Rtax.slot(RTAX_MTU), "demo");
        step(out, "fi->fib_metrics[RTAX_MTU-1]", shared + " (the shared metrics never changed)");

        long peak = mem.liveBytes();
        k.dstFree(dst);
        step(out, "dst_free(dst)", "refcnt 0: dst_destroy" + (patched ? " -> ops->destroy -> dst_destroy_metrics_generic" : ""));

        out.printf("%nlive slab bytes: %d before dst_alloc, %d at the peak, %d after dst_free; leaks: %s%n", liveBefore, peak,
                mem.liveBytes(), mem.leaksSince(allocMark));
        out.printf("%ntrace:%n");
        k.trace().print(out, e -> e.seq() >= traceMark);
        mem.kfree(fibMetrics, "free_fib_info");
        out.flush();
    }

    private static String metricsState(DstKernel k, long dst) {
        if (k.version() != KernelVersion.PATCHED) {
            return "";
        }
        long word = k.metricsWord(dst);
        String target = k.memory().symbolize(DstKernel.__DST_METRICS_PTR(word));
        return "; _metrics = " + k.memory().hex(word) + " -> " + target
                + (k.dstMetricsReadOnly(dst) ? " (read-only)" : " (its own)");
    }

    private static void step(PrintWriter out, String statement, String result) {
        out.printf("  %-72s %s%n", statement, result);
    }

    /** Prints the story for {@code [abi] [parent|patched|both] [checked|fast]} (defaults: x86_64 both checked). */
    public static void main(String[] args) {
        Abi abi = args.length > 0 ? Abi.parse(args[0]) : Abi.X86_64;
        String which = args.length > 1 ? args[1] : "both";
        MemoryMode mode = args.length > 2 ? MemoryMode.parse(args[2]) : MemoryMode.CHECKED;
        PrintWriter out = new PrintWriter(System.out, true);
        if (which.equals("both")) {
            run(abi, KernelVersion.PARENT, mode, out);
            out.println();
            run(abi, KernelVersion.PATCHED, mode, out);
        } else {
            run(abi, KernelVersion.parse(which), mode, out);
        }
    }
}
