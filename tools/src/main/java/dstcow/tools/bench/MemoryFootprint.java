package dstcow.tools.bench;

import dstcow.dst.Rtax;
import dstcow.dst.mem.CacheStats;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.kernel.Rtable;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;
import dstcow.tools.bench.mirror.DstEntryMirror;
import dstcow.tools.bench.mirror.PaddedDstEntryMirror;
import org.openjdk.jol.info.GraphLayout;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How many bytes does a route cache entry cost, before and after 62fa8a84? A computation, not a
 * timing: route cache entries are allocated in an emulated kernel and the slab allocator's
 * accounting (live bytes per cache, what {@code /proc/slabinfo} would show) is read before and
 * after.
 *
 * <p>Two workloads from the commit message: <em>routing</em>, where every entry points at its
 * route's shared read-only metrics and nothing writes them (the parent copies 56 bytes into each
 * entry instead), and <em>TCP</em>, where every entry takes a metric write
 * ({@code tcp_update_metrics} storing the RTT), which on 62fa8a84 COWs a private 56-byte copy
 * from {@code kmalloc-64}. Entries are {@code struct rtable}s from {@code ip_dst_cache}, created
 * as {@code ip_rt_init()} creates it ({@code SLAB_HWCACHE_ALIGN}), and, for the struct the patch
 * changes alone, {@code struct dst_entry}s from a cache made the same way. The route's own
 * {@code fib_metrics} are not counted: there is one per route, not per entry.
 *
 * <p>{@link #predictBytesPerEntry} says what the layouts predict, from the layout engine's
 * {@code sizeof} and SLUB's rules (cache-line alignment, kmalloc size classes), without the
 * allocator; {@link Figure#matchesPrediction()} compares. {@link #heap} measures the on-heap
 * mirror with JOL's {@link GraphLayout} for comparison.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    /** Entries allocated per figure; the accounting is linear, so per-million figures scale from it. */
    public static final int DEFAULT_ENTRIES = 10_000;

    /** One ABI per word size. */
    public static final List<Abi> WORD_SIZES = List.of(Abi.X86_64, Abi.I386);

    public enum Workload {
        ROUTING("routing", "entries share the route's read-only metrics; nothing writes them"),
        TCP("tcp", "every entry takes one metric write (the RTT): on 62fa8a84 a 56-byte COW into kmalloc-64");

        private final String id;
        private final String about;

        Workload(String id, String about) {
            this.id = id;
            this.about = about;
        }

        public String id() { return id; }

        public String about() { return about; }
    }

    public enum EntryStruct {
        RTABLE("rtable", "ip_dst_cache", "struct rtable, what the IPv4 route cache allocates (it embeds struct dst_entry)"),
        DST_ENTRY("dst_entry", "dst_entry_cache", "struct dst_entry alone, the struct the patch changes");

        private final String id;
        private final String cacheName;
        private final String about;

        EntryStruct(String id, String cacheName, String about) {
            this.id = id;
            this.cacheName = cacheName;
            this.about = about;
        }

        public String id() { return id; }

        public String cacheName() { return cacheName; }

        public String about() { return about; }

        public RecordDef def(KernelVersion version) {
            return this == RTABLE ? Rtable.of(version) : DstEntry.of(version);
        }
    }

    /**
     * One measured figure.
     *
     * @param structBytes     {@code sizeof} the entry struct, from the layout engine
     * @param objectBytes     the entry cache's object size, from the allocator
     * @param bytesByCache    live bytes added per cache by the entries (entry cache, kmalloc-64, ...)
     * @param totalBytes      live bytes added by all entries
     * @param predictedBytesPerEntry what the layouts predict ({@link #predictBytesPerEntry})
     * @param leakFree        whether destroying every entry brought live bytes back to where they were
     */
    public record Figure(Abi abi, KernelVersion kernel, Workload workload, EntryStruct entry, int entries,
                         long structBytes, long objectBytes, Map<String, Long> bytesByCache, long totalBytes,
                         long predictedBytesPerEntry, boolean leakFree) {

        public double bytesPerEntry() {
            return (double) totalBytes / entries;
        }

        /** Bytes for a million entries: {@code totalBytes / entries * 10^6}, exact when the division is. */
        public double bytesPerMillion() {
            return bytesPerEntry() * 1_000_000d;
        }

        public boolean matchesPrediction() {
            return totalBytes == predictedBytesPerEntry * entries;
        }
    }

    /** The on-heap mirror's footprint per entry, from JOL's {@link GraphLayout}. */
    public record HeapFigure(String mirror, Workload workload, int entries, long totalBytes, long instanceBytes,
                             long metricsArrayBytes) {
        public double bytesPerEntry() {
            return (double) totalBytes / entries;
        }
    }

    /** Every figure: both word sizes, both kernels, both workloads, both entry structs. */
    public static List<Figure> measureAll(int entries) {
        List<Figure> out = new ArrayList<>();
        for (Abi abi : WORD_SIZES) {
            for (EntryStruct e : EntryStruct.values()) {
                for (Workload w : Workload.values()) {
                    for (KernelVersion v : List.of(KernelVersion.PARENT, KernelVersion.PATCHED)) {
                        out.add(measure(abi, v, w, e, entries));
                    }
                }
            }
        }
        return out;
    }

    /** Allocates {@code entries} route cache entries, reads the accounting, destroys them. */
    public static Figure measure(Abi abi, KernelVersion version, Workload workload, EntryStruct entry, int entries) {
        if (entries <= 0) {
            throw new IllegalArgumentException("entries " + entries + " must be positive");
        }
        long structBytes = LayoutEngine.layout(entry.def(version), KernelConfig.defaults(abi)).size();
        // Entries, their COW copies, and slack for slab rounding and the freed-object quarantine.
        long heap = 2L * entries * (structBytes + abi.l1CacheBytes() + 64) + (1L << 20);
        try (BenchKernel bk = BenchKernel.boot(version, abi, MemoryMode.CHECKED, heap, entry.cacheName(), structBytes)) {
            KernelMemory mem = bk.mem;
            Map<String, Long> before = liveBytesByCache(mem);
            long liveBefore = mem.liveBytes();
            long[] dsts = new long[entries];
            for (int i = 0; i < entries; i++) {
                dsts[i] = bk.newRoute();
                if (workload == Workload.TCP) {
                    bk.k.setDstMetricRtt(dsts[i], Rtax.RTAX_RTT, bk.k.time().msecsToJiffies(40));
                }
            }
            long total = mem.liveBytes() - liveBefore;
            Map<String, Long> byCache = new LinkedHashMap<>();
            liveBytesByCache(mem).forEach((name, bytes) -> {
                long delta = bytes - before.getOrDefault(name, 0L);
                if (delta != 0) {
                    byCache.put(name, delta);
                }
            });
            for (long dst : dsts) {
                bk.destroy(dst);
            }
            boolean leakFree = mem.liveBytes() == liveBefore;
            return new Figure(abi, version, workload, entry, entries, structBytes, bk.cache.objectSize(), byCache, total,
                    predictBytesPerEntry(abi, version, workload, entry), leakFree);
        }
    }

    private static Map<String, Long> liveBytesByCache(KernelMemory mem) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (CacheStats s : mem.allStats()) {
            m.put(s.name(), s.liveBytes());
        }
        return m;
    }

    // ---- what the layouts predict, without the allocator ----------------------------------------

    /**
     * Bytes per entry as the layouts predict them: the entry struct's {@code sizeof} from the
     * layout engine, in a {@code SLAB_HWCACHE_ALIGN} cache ({@link #slubObjectSize}), plus, for a
     * patched entry that takes a write, the kmalloc size class of its 56-byte copy.
     */
    public static long predictBytesPerEntry(Abi abi, KernelVersion version, Workload workload, EntryStruct entry) {
        long size = LayoutEngine.layout(entry.def(version), KernelConfig.defaults(abi)).size();
        long bytes = slubObjectSize(abi, size);
        if (workload == Workload.TCP && version == KernelVersion.PATCHED) {
            bytes += kmallocClassSize(abi, 4L * DstEntry.RTAX_MAX);
        }
        return bytes;
    }

    /**
     * The object size of {@code kmem_cache_create(name, size, 0, SLAB_HWCACHE_ALIGN, NULL)} in
     * SLUB (mm/slub.c, 2.6.38): {@code calculate_alignment()} takes the L1 line, halved while the
     * object fits twice in it, at least {@code ARCH_SLAB_MINALIGN}; {@code calculate_sizes()}
     * rounds the size up to a word and then to that alignment.
     */
    public static long slubObjectSize(Abi abi, long size) {
        long ralign = abi.l1CacheBytes();
        while (size <= ralign / 2) {
            ralign /= 2;
        }
        long align = roundUp(Math.max(ralign, archSlabMinalign(abi)), abi.pointerSize());
        return roundUp(roundUp(size, abi.pointerSize()), align);
    }

    /**
     * The size class {@code kmalloc(size)} is served from (include/linux/slub_def.h,
     * {@code kmalloc_index}): powers of two from {@code KMALLOC_MIN_SIZE} (8, or
     * {@code ARCH_DMA_MINALIGN} where an architecture sets it: 64 on ARM), plus 96 and 192 where
     * the minimum allows them.
     */
    public static long kmallocClassSize(Abi abi, long size) {
        long min = Math.max(8, abi == Abi.ARM ? abi.l1CacheBytes() : archSlabMinalign(abi));
        if (size <= min) {
            return min;
        }
        if (min <= 32 && size > 64 && size <= 96) {
            return 96;
        }
        if (min <= 64 && size > 128 && size <= 192) {
            return 192;
        }
        return Long.highestOneBit(size - 1) << 1;
    }

    /** {@code ARCH_SLAB_MINALIGN}: {@code __alignof__(unsigned long long)} as GCC prefers it (8; 2 on m68k). */
    private static long archSlabMinalign(Abi abi) {
        return abi == Abi.M68K ? 2 : 8;
    }

    private static long roundUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    // ---- the on-heap mirror, by JOL ----------------------------------------------------------------

    /**
     * The mirror graph's footprint per entry: {@code entries} mirrors sharing one metrics array
     * (routing: the shared array is not counted, like the fib metrics above) or each owning a
     * copy (TCP), for the plain and the padded mirror.
     */
    public static List<HeapFigure> heap(int entries) {
        initJolQuietly();
        List<HeapFigure> out = new ArrayList<>();
        out.add(heapOf("DstEntryMirror", Workload.ROUTING, entries, m -> {
            DstEntryMirror d = new DstEntryMirror();
            d.metrics = m;
            return d;
        }));
        out.add(heapOf("DstEntryMirror", Workload.TCP, entries, m -> {
            DstEntryMirror d = new DstEntryMirror();
            d.metrics = m;
            return d;
        }));
        out.add(heapOf("PaddedDstEntryMirror", Workload.ROUTING, entries, m -> {
            PaddedDstEntryMirror d = new PaddedDstEntryMirror();
            d.metrics = m;
            return d;
        }));
        out.add(heapOf("PaddedDstEntryMirror", Workload.TCP, entries, m -> {
            PaddedDstEntryMirror d = new PaddedDstEntryMirror();
            d.metrics = m;
            return d;
        }));
        return out;
    }

    /**
     * JOL prints a notice on {@code System.out} the first time it inspects the VM when it cannot
     * attach an agent ("Unable to get Instrumentation"), which is the normal case here; it then
     * sizes objects from field offsets, which is exact for these plain objects. The notice would
     * land in the middle of the command's table, so the first inspection runs with
     * {@code System.out} captured, and the notice is dropped.
     */
    private static synchronized void initJolQuietly() {
        java.io.PrintStream real = System.out;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            org.openjdk.jol.vm.VM.current();
        } finally {
            System.setOut(real);
        }
    }

    private static HeapFigure heapOf(String name, Workload workload, int entries, Function<int[], Object> make) {
        int[] shared = new int[Rtax.RTAX_MAX];
        Object[] roots = new Object[entries];
        for (int i = 0; i < entries; i++) {
            roots[i] = make.apply(workload == Workload.ROUTING ? shared : shared.clone());
        }
        long total = GraphLayout.parseInstance(roots).totalSize();
        long array = GraphLayout.parseInstance((Object) shared).totalSize();
        long instance = GraphLayout.parseInstance(roots[0]).totalSize() - array;
        if (workload == Workload.ROUTING) {
            total -= array;
        }
        return new HeapFigure(name, workload, entries, total, instance, array);
    }

    // ---- printing ----------------------------------------------------------------------------------

    /** The figures as a table: parent and patched side by side per ABI, entry and workload. */
    public static void print(List<Figure> figures, List<HeapFigure> heap, PrintWriter out) {
        out.println("Memory per route cache entry (slab accounting; " + (figures.isEmpty() ? 0 : figures.getFirst().entries())
                + " entries per figure; the route's own fib_metrics not counted)");
        out.printf("  %-7s %-10s %-8s %10s %10s %8s %12s %12s  %s%n", "abi", "entry", "workload", "parent B", "patched B",
                "pat/par", "parent MB/1M", "patched MB/1M", "= layouts' prediction");
        for (int i = 0; i + 1 < figures.size(); i += 2) {
            Figure par = figures.get(i);
            Figure pat = figures.get(i + 1);
            out.printf("  %-7s %-10s %-8s %10s %10s %7.2fx %12.1f %12.1f  %s%n", par.abi(), par.entry().id(), par.workload().id(),
                    fmt(par.bytesPerEntry()), fmt(pat.bytesPerEntry()), pat.bytesPerEntry() / par.bytesPerEntry(),
                    par.bytesPerMillion() / 1e6, pat.bytesPerMillion() / 1e6,
                    verdict(par) + ", " + verdict(pat) + " " + pat.bytesByCache());
        }
        if (!heap.isEmpty()) {
            out.println("On-heap mirror (JOL GraphLayout, " + heap.getFirst().entries() + " entries; JVM " + Runtime.version() + ")");
            for (HeapFigure h : heap) {
                out.printf("  %-22s %-8s %7s B/entry (object %d B, int[%d] %d B)%n", h.mirror(), h.workload().id(),
                        fmt(h.bytesPerEntry()), h.instanceBytes(), Rtax.RTAX_MAX, h.metricsArrayBytes());
            }
        }
        out.flush();
    }

    private static String verdict(Figure f) {
        return f.matchesPrediction() ? "yes (" + f.predictedBytesPerEntry() + ")"
                : "NO: predicted " + f.predictedBytesPerEntry();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.2f", v);
    }

    /** Prints every figure: {@code java -cp ... dstcow.tools.bench.MemoryFootprint [entries]}. */
    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ENTRIES;
        print(measureAll(entries), heap(entries), new PrintWriter(System.out, true));
    }
}
