package dstcow.dst;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.MemoryAccess;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.SymbolTable;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.DstOpsLayout;
import dstcow.dst.ops.DstOpsStruct;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.abi.Abi;
import dstcow.layout.check.Assertion;
import dstcow.layout.check.KernelAssertions;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.kernel.KTypes;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import static dstcow.dst.KernelSource.DST_C;
import static dstcow.dst.KernelSource.DST_H;
import static dstcow.dst.KernelSource.DST_OPS_H;
import static dstcow.dst.KernelSource.PATCHED;
import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_FEATURES;
import static dstcow.dst.Rtax.RTAX_FEATURE_ALLFRAG;
import static dstcow.dst.Rtax.RTAX_HOPLIMIT;
import static dstcow.dst.Rtax.RTAX_LOCK;
import static dstcow.dst.Rtax.RTAX_MTU;

/**
 * The dst layer of one emulated kernel: the port of the metrics code of include/net/dst.h and
 * of net/core/dst.c, running over native {@code struct dst_entry} memory laid out by the layout
 * module for the chosen ABI, configuration and kernel version.
 *
 * <h2>One API, two kernels</h2>
 * The parent kernel and 62fa8a84 are two final subclasses of this sealed class,
 * {@link ParentDstKernel} and {@link PatchedDstKernel}. What both kernels have with the same text
 * ({@code dst_metric}, {@code dst_mtu}, {@code dst_hold}, {@code dst_destroy}, ...) is written
 * once here; what differs ({@code dst_metric_raw}, {@code dst_metric_set},
 * {@code dst_copy_metrics}, {@code dst_metrics_ptr}) is abstract and ported per kernel, each
 * override carrying its own {@link KernelSource}. Functions only one kernel has are declared
 * here too, so callers need no casts, and throw {@link UnsupportedOperationException} in the
 * other kernel, naming what to use instead. A sealed hierarchy rather than a switch on
 * {@link KernelVersion} keeps each kernel's text in one place and keeps the hot accessors
 * monomorphic: a benchmark runs one kernel at a time.
 *
 * <h2>Conventions</h2>
 * Kernel names in camelCase, struct pointer first ({@code dstMetricSet(dst, RTAX_MTU, 1400)}).
 * Pointers are emulated addresses ({@code long}, 0 for NULL); {@code u32} values are
 * {@code int} bits. Plain C accesses are plain loads and stores, {@code cmpxchg} is a
 * compare-and-exchange on the native word and {@code atomic_inc}/{@code atomic_dec_return} are
 * atomic adds on the native {@code __refcnt}. A metric id outside {@code 1..RTAX_MAX} is an
 * {@link IllegalArgumentException} (see {@link Rtax}).
 *
 * <p>Building a kernel evaluates {@code dst_hold()}'s
 * {@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)} against the layout and fails
 * with a {@link BuildBugOnError} when it does not hold.
 */
public abstract sealed class DstKernel extends MemoryAccess implements AutoCloseable permits ParentDstKernel, PatchedDstKernel {

    @KernelSource(file = DST_H, symbol = "DST_HOST", commit = PATCHED)
    public static final int DST_HOST = 0x0001;
    @KernelSource(file = DST_H, symbol = "DST_NOXFRM", commit = PATCHED)
    public static final int DST_NOXFRM = 0x0002;
    @KernelSource(file = DST_H, symbol = "DST_NOPOLICY", commit = PATCHED)
    public static final int DST_NOPOLICY = 0x0004;
    @KernelSource(file = DST_H, symbol = "DST_NOHASH", commit = PATCHED)
    public static final int DST_NOHASH = 0x0008;
    @KernelSource(file = DST_H, symbol = "DST_NOCACHE", commit = PATCHED)
    public static final int DST_NOCACHE = 0x0010;

    /** Bit 0 of {@code _metrics}: the array it points to is shared and must be copied before a write. */
    @KernelSource(file = DST_H, symbol = "DST_METRICS_READ_ONLY", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public static final long DST_METRICS_READ_ONLY = 0x1L;

    /** {@code __DST_METRICS_PTR(Y)}: the metrics array a {@code _metrics} word points to, tag removed. */
    @KernelSource(file = DST_H, symbol = "__DST_METRICS_PTR", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public static long __DST_METRICS_PTR(long y) {
        return y & ~DST_METRICS_READ_ONLY;
    }

    /** The HZ of a 2.6.38 kernel built with the Kconfig default ({@code CONFIG_HZ_250}). */
    public static final int DEFAULT_HZ = 250;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The anonymous {@code static struct { ... } dst_garbage} of net/core/dst.c. */
    private static final RecordDef DST_GARBAGE = RecordDef.anonymous(RecordDef.Kind.STRUCT,
            Member.of("lock", DstOpsStruct.SPINLOCK_T).ifdef("CONFIG_SMP"),
            Member.of("list", KTypes.ptr("dst_entry")),
            Member.of("timer_inc", KTypes.ULONG),
            Member.of("timer_expires", KTypes.ULONG));

    protected final KernelMemory mem;
    protected final Trace trace;
    private final KernelVersion version;
    private final KernelConfig config;
    private final RecordLayout dstLayout;
    protected final DstOpsLayout opsLayout;
    private final Jiffies time;

    // struct dst_entry member offsets, from the layout engine.
    protected final long offChild;
    protected final long offDev;
    protected final long offOps;
    protected final long offMetrics;
    protected final long offPath;
    protected final long offNeighbour;
    protected final long offHh;
    protected final long offInput;
    protected final long offOutput;
    protected final long offObsolete;
    protected final long offRefcnt;
    protected final long offUse;
    protected final long offLastuse;
    protected final long offFlags;
    protected final long offNext;

    // struct dst_ops member offsets.
    private final long opsGc;
    private final long opsGcThresh;
    private final long opsDefaultAdvmss;
    private final long opsDefaultMtu;
    private final long opsDestroy;
    private final long opsKmemCachep;

    // Kernel statics.
    private final long jiffiesAddr;
    private final long dstGarbage;
    private final long garbageLock;
    private final long garbageList;
    private final long garbageTimerInc;
    private final long garbageTimerExpires;
    private final long dstBusyList;
    private final long dstDiscard;

    private final Object gcMutex = new Object();
    private final Object upLock = new Object();
    private final ReentrantLock upBh = new ReentrantLock();
    private final Set<String> warnedSites = ConcurrentHashMap.newKeySet();

    DstKernel(Builder b, KernelMemory mem, KernelVersion version) {
        super(mem);
        this.version = version;
        this.config = b.config;
        RecordDef def = b.dstEntry != null ? b.dstEntry : DstEntry.of(version);
        this.dstLayout = LayoutEngine.layout(def, config);
        buildBugOnRefcnt(def, version, dstLayout);
        this.mem = mem;
        this.trace = mem.trace();
        this.opsLayout = DstOpsLayout.of(version, config);
        this.time = new Jiffies(b.hz, config.abi());

        offChild = dstLayout.offsetOf("child");
        offDev = dstLayout.offsetOf("dev");
        offOps = dstLayout.offsetOf("ops");
        offMetrics = dstLayout.offsetOf("_metrics");
        offPath = dstLayout.offsetOf("path");
        offNeighbour = dstLayout.offsetOf("neighbour");
        offHh = dstLayout.offsetOf("hh");
        offInput = dstLayout.offsetOf("input");
        offOutput = dstLayout.offsetOf("output");
        offObsolete = dstLayout.offsetOf("obsolete");
        offRefcnt = dstLayout.offsetOf("__refcnt");
        offUse = dstLayout.offsetOf("__use");
        offLastuse = dstLayout.offsetOf("lastuse");
        offFlags = dstLayout.offsetOf("flags");
        offNext = dstLayout.offsetOf("next");

        opsGc = opsLayout.function("gc");
        opsGcThresh = opsLayout.gcThresh();
        opsDefaultAdvmss = opsLayout.function("default_advmss");
        opsDefaultMtu = opsLayout.function("default_mtu");
        opsDestroy = opsLayout.function("destroy");
        opsKmemCachep = opsLayout.kmemCachep();

        int word = config.abi().longSize();
        jiffiesAddr = mem.defineData("jiffies", word, word);
        storeULong(jiffiesAddr, time.INITIAL_JIFFIES(), "start_kernel");
        RecordLayout g = LayoutEngine.layout(DST_GARBAGE, config);
        dstGarbage = mem.defineData("dst_garbage", g.size(), g.align());
        garbageLock = g.find("lock").map(l -> dstGarbage + l.offset()).orElse(-1L);
        garbageList = dstGarbage + g.offsetOf("list");
        garbageTimerInc = dstGarbage + g.offsetOf("timer_inc");
        garbageTimerExpires = dstGarbage + g.offsetOf("timer_expires");
        storeULong(garbageTimerInc, dstGcMax(), "dst_init");
        dstBusyList = mem.defineData("dst_busy_list", word, word);
        dstDiscard = mem.symbols().register("dst_discard", (FnTypes.SkbHandler) this::dstDiscard);
    }

    /**
     * {@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)} of {@code dst_hold()},
     * evaluated once for the layout this kernel is built with, as the compiler would.
     */
    @KernelSource(file = DST_H, symbol = "dst_hold", commit = PATCHED, note = "the BUILD_BUG_ON, checked when the kernel is built")
    private static void buildBugOnRefcnt(RecordDef def, KernelVersion version, RecordLayout layout) {
        Assertion rule = KernelAssertions.forStruct(def, version).stream()
                .filter(a -> a.id().equals("refcnt&63"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(def.cName() + " is not a struct dst_entry"));
        Assertion.Outcome o = rule.evaluate(layout);
        if (!o.holds()) {
            throw new BuildBugOnError("offsetof(struct dst_entry, __refcnt) & 63", "dst_hold() (include/net/dst.h)", o.message());
        }
    }

    // ---- building a kernel ------------------------------------------------------------------

    /** A kernel with the defaults: checked memory, the ABI's default config, HZ 250. */
    public static DstKernel boot(KernelVersion version, Abi abi) {
        return builder(version, abi).build();
    }

    public static DstKernel boot(KernelVersion version, Abi abi, MemoryMode mode) {
        return builder(version, abi).mode(mode).build();
    }

    public static Builder builder(KernelVersion version, Abi abi) {
        return new Builder(version, abi);
    }

    /** Options for a new emulated kernel; {@link #build()} creates its memory and boots it. */
    public static final class Builder {
        private final KernelVersion version;
        private final Abi abi;
        private KernelConfig config;
        private MemoryMode mode = MemoryMode.CHECKED;
        private long heapBytes = KernelMemory.DEFAULT_HEAP_BYTES;
        private int traceCapacity = Trace.DEFAULT_CAPACITY;
        private int hz = DEFAULT_HZ;
        private RecordDef dstEntry;

        private Builder(KernelVersion version, Abi abi) {
            this.version = Objects.requireNonNull(version, "version");
            this.abi = Objects.requireNonNull(abi, "abi");
            this.config = KernelConfig.defaults(abi);
        }

        /** The kernel configuration; its ABI must be the builder's. */
        public Builder config(KernelConfig config) {
            if (config.abi() != abi) {
                throw new IllegalArgumentException("config is for " + config.abi() + " but the kernel is being built for " + abi);
            }
            this.config = config;
            return this;
        }

        public Builder mode(MemoryMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder heapBytes(long bytes) {
            this.heapBytes = bytes;
            return this;
        }

        public Builder traceCapacity(int events) {
            this.traceCapacity = events;
            return this;
        }

        public Builder hz(int hz) {
            new Jiffies(hz, abi);
            this.hz = hz;
            return this;
        }

        /**
         * A different {@code struct dst_entry} definition (default: the layout module's for the
         * version), for instance one without {@code __pad_to_align_refcnt} to see the build fail.
         */
        public Builder dstEntry(RecordDef def) {
            this.dstEntry = def;
            return this;
        }

        public DstKernel build() {
            KernelMemory mem = KernelMemory.builder(abi).mode(mode).heapBytes(heapBytes).traceCapacity(traceCapacity).build();
            try {
                return version == KernelVersion.PATCHED ? new PatchedDstKernel(this, mem) : new ParentDstKernel(this, mem);
            } catch (RuntimeException e) {
                mem.close();
                throw e;
            }
        }
    }

    // ---- identity ----------------------------------------------------------------------------

    public KernelVersion version() { return version; }

    public KernelConfig config() { return config; }

    public Abi abi() { return config.abi(); }

    public KernelMemory memory() { return mem; }

    public Trace trace() { return trace; }

    public SymbolTable symbols() { return mem.symbols(); }

    public Jiffies time() { return time; }

    /** {@code struct dst_entry} as this kernel lays it out. */
    public RecordLayout dstEntryLayout() { return dstLayout; }

    /** {@code sizeof(struct dst_entry)}. */
    public long sizeofDstEntry() { return dstLayout.size(); }

    /** {@code offsetof(struct dst_entry, member)}. */
    public long offsetOf(String member) { return dstLayout.offsetOf(member); }

    public DstOpsLayout dstOpsLayout() { return opsLayout; }

    /** Starts defining a {@code struct dst_ops} for this kernel in {@code .data}. */
    public DstOps.Builder dstOpsBuilder(String name) {
        return DstOps.builder(mem, opsLayout, name);
    }

    /** A view of the {@code struct dst_ops} at an address. */
    public DstOps dstOps(long address) {
        return DstOps.at(mem, opsLayout, address);
    }

    /** The address of {@code dst_discard}, what {@code dst_alloc} puts in {@code input} and {@code output}. */
    public long dstDiscardAddress() { return dstDiscard; }

    /** Frees the kernel's memory. */
    @Override
    public void close() {
        mem.close();
    }

    // ---- time -------------------------------------------------------------------------------

    /** The kernel's {@code jiffies}, read from {@code .data}. */
    public long jiffies() {
        return loadULong(jiffiesAddr, "jiffies");
    }

    /** The timer interrupt: {@code jiffies += ticks}. */
    public void advanceJiffies(long ticks) {
        synchronized (upLock) {
            storeULong(jiffiesAddr, jiffies() + ticks, "do_timer");
        }
    }

    private long dstGcMin() { return time.hz() / 10; }

    private long dstGcInc() { return time.hz() / 2; }

    private long dstGcMax() { return 120L * time.hz(); }

    // ---- metrics: what differs between the kernels ------------------------------------------------

    /** {@code u32 dst_metric_raw(const struct dst_entry *dst, const int metric)}: the stored value, 0 meaning unset. */
    public abstract int dstMetricRaw(long dst, int metric);

    /** {@code void dst_metric_set(struct dst_entry *dst, int metric, u32 val)}. */
    public abstract void dstMetricSet(long dst, int metric, int val);

    /** {@code void dst_copy_metrics(struct dst_entry *dest, const struct dst_entry *src)}. */
    public abstract void dstCopyMetrics(long dest, long src);

    /** {@code u32 *dst_metrics_ptr(struct dst_entry *dst)}: the metrics array, for reads. */
    public abstract long dstMetricsPtr(long dst);

    /** What {@code dst_alloc()} does to the metrics of a new entry (the patched kernel's line 185). */
    abstract void dstAllocInitMetrics(long dst);

    // ---- metrics: the patched kernel's own -------------------------------------------------------

    /** {@code bool dst_metrics_read_only(const struct dst_entry *dst)} (62fa8a84). */
    public boolean dstMetricsReadOnly(long dst) {
        throw onlyPatched("dst_metrics_read_only", "the parent's metrics are an array inside the entry, never shared");
    }

    /** {@code DST_METRICS_PTR(X)} (62fa8a84): the array {@code X->_metrics} points to. */
    public long DST_METRICS_PTR(long dst) {
        throw onlyPatched("DST_METRICS_PTR", "use dst_metrics_ptr");
    }

    /** {@code u32 *dst_metrics_write_ptr(struct dst_entry *dst)} (62fa8a84): may COW; 0 (NULL) when that fails. */
    public long dstMetricsWritePtr(long dst) {
        throw onlyPatched("dst_metrics_write_ptr", "the parent writes the embedded array directly (dst_metric_set)");
    }

    /** {@code void dst_init_metrics(struct dst_entry *dst, const u32 *src_metrics, bool read_only)} (62fa8a84). */
    public void dstInitMetrics(long dst, long srcMetrics, boolean readOnly) {
        throw onlyPatched("dst_init_metrics", "the parent copies with dst_import_metrics");
    }

    /** {@code u32 *dst_cow_metrics_generic(struct dst_entry *dst, unsigned long old)} (62fa8a84). */
    public long dstCowMetricsGeneric(long dst, long old) {
        throw onlyPatched("dst_cow_metrics_generic", "the parent never copies metrics on write");
    }

    /** {@code void __dst_destroy_metrics_generic(struct dst_entry *dst, unsigned long old)} (62fa8a84). */
    public void __dstDestroyMetricsGeneric(long dst, long old) {
        throw onlyPatched("__dst_destroy_metrics_generic", "the parent's metrics die with the entry");
    }

    /** {@code void dst_destroy_metrics_generic(struct dst_entry *dst)} (62fa8a84). */
    public void dstDestroyMetricsGeneric(long dst) {
        throw onlyPatched("dst_destroy_metrics_generic", "the parent's metrics die with the entry");
    }

    /** The address of {@code dst_default_metrics} in {@code .rodata} (62fa8a84). */
    public long dstDefaultMetrics() {
        throw onlyPatched("dst_default_metrics", "a new parent entry's embedded array is zeroed by kmem_cache_zalloc");
    }

    /** The raw {@code unsigned long _metrics} word, tag included (62fa8a84). */
    public long metricsWord(long dst) {
        throw onlyPatched("_metrics as a word", "the parent's _metrics is u32[RTAX_MAX]; read it with dst_metrics_ptr");
    }

    /** {@code void dst_import_metrics(struct dst_entry *dst, const u32 *src_metrics)} (parent only). */
    public void dstImportMetrics(long dst, long srcMetrics) {
        throw new UnsupportedOperationException("dst_import_metrics does not exist in the patched kernel: 62fa8a84 removes it;"
                + " point at shared metrics with dst_init_metrics(dst, src, true) or copy them with dst_copy_metrics");
    }

    private UnsupportedOperationException onlyPatched(String what, String instead) {
        return new UnsupportedOperationException(what + " does not exist in the parent kernel: 62fa8a84 adds it; " + instead);
    }

    // ---- metrics: the same text in both kernels ---------------------------------------------------

    /**
     * {@code u32 dst_metric(const struct dst_entry *dst, const int metric)}: {@code dst_metric_raw}
     * behind a {@code WARN_ON_ONCE} for the metrics that have their own accessor. The warning
     * fires once per call site (the first caller outside this package), as each inlined
     * {@code WARN_ON_ONCE} has its own flag.
     */
    @KernelSource(file = DST_H, symbol = "dst_metric", commit = PATCHED)
    public int dstMetric(long dst, int metric) {
        if (metric == RTAX_HOPLIMIT || metric == RTAX_ADVMSS || metric == RTAX_MTU) {
            warnOnce("dst_metric", "metric == RTAX_HOPLIMIT || metric == RTAX_ADVMSS || metric == RTAX_MTU",
                    Rtax.describe(metric) + " read with dst_metric(); use " + switch (metric) {
                        case RTAX_MTU -> "dst_mtu()";
                        case RTAX_ADVMSS -> "dst_metric_advmss()";
                        default -> "dst_metric_raw() through the hoplimit helpers";
                    });
        }
        return dstMetricRaw(dst, metric);
    }

    /** {@code u32 dst_metric_advmss(const struct dst_entry *dst)}: the metric, else {@code dst->ops->default_advmss(dst)}. */
    @KernelSource(file = DST_H, symbol = "dst_metric_advmss", commit = PATCHED)
    public int dstMetricAdvmss(long dst) {
        int advmss = dstMetricRaw(dst, RTAX_ADVMSS);
        if (advmss == 0) {
            advmss = opsFunction(dst, opsDefaultAdvmss, FnTypes.DefaultAdvmss.class, "default_advmss", "dst_metric_advmss")
                    .defaultAdvmss(dst);
        }
        return advmss;
    }

    /** {@code u32 dst_feature(const struct dst_entry *dst, u32 feature)}. */
    @KernelSource(file = DST_H, symbol = "dst_feature", commit = PATCHED)
    public int dstFeature(long dst, int feature) {
        return dstMetric(dst, RTAX_FEATURES) & feature;
    }

    /** {@code u32 dst_mtu(const struct dst_entry *dst)}: the metric, else {@code dst->ops->default_mtu(dst)}. */
    @KernelSource(file = DST_H, symbol = "dst_mtu", commit = PATCHED)
    public int dstMtu(long dst) {
        int mtu = dstMetricRaw(dst, RTAX_MTU);
        if (mtu == 0) {
            mtu = opsFunction(dst, opsDefaultMtu, FnTypes.DefaultMtu.class, "default_mtu", "dst_mtu").defaultMtu(dst);
        }
        return mtu;
    }

    /** {@code unsigned long dst_metric_rtt(const struct dst_entry *dst, int metric)}: stored in ms, returned in jiffies. */
    @KernelSource(file = DST_H, symbol = "dst_metric_rtt", commit = PATCHED)
    public long dstMetricRtt(long dst, int metric) {
        return time.msecsToJiffies(dstMetric(dst, metric));
    }

    /** {@code void set_dst_metric_rtt(struct dst_entry *dst, int metric, unsigned long rtt)}: may COW in the patched kernel. */
    @KernelSource(file = DST_H, symbol = "set_dst_metric_rtt", commit = PATCHED)
    public void setDstMetricRtt(long dst, int metric, long rtt) {
        dstMetricSet(dst, metric, time.jiffiesToMsecs(rtt));
    }

    /** {@code u32 dst_allfrag(const struct dst_entry *dst)}. */
    @KernelSource(file = DST_H, symbol = "dst_allfrag", commit = PATCHED,
            note = "barrier() is a compiler barrier; Java gives a call's result no reload to prevent")
    public int dstAllfrag(long dst) {
        return dstFeature(dst, RTAX_FEATURE_ALLFRAG);
    }

    /** {@code int dst_metric_locked(const struct dst_entry *dst, int metric)}: {@code RTAX_LOCK & (1 << metric)}. */
    @KernelSource(file = DST_H, symbol = "dst_metric_locked", commit = PATCHED)
    public int dstMetricLocked(long dst, int metric) {
        Rtax.check(metric);
        return dstMetric(dst, RTAX_LOCK) & (1 << metric);
    }

    // ---- references ---------------------------------------------------------------------------------

    /**
     * {@code void dst_hold(struct dst_entry *dst)}: {@code atomic_inc(&dst->__refcnt)}. Its
     * {@code BUILD_BUG_ON} on the offset of {@code __refcnt} was evaluated when this kernel was built.
     */
    @KernelSource(file = DST_H, symbol = "dst_hold", commit = PATCHED)
    public void dstHold(long dst) {
        mem.atomicAddReturn(dst + offRefcnt, 1, "dst_hold");
    }

    /** {@code void dst_use(struct dst_entry *dst, unsigned long time)}: hold, count a use (plainly, as the kernel does), stamp. */
    @KernelSource(file = DST_H, symbol = "dst_use", commit = PATCHED)
    public void dstUse(long dst, long time) {
        dstHold(dst);
        storeU32(dst + offUse, loadU32(dst + offUse, "dst_use") + 1, "dst_use");
        storeULong(dst + offLastuse, time, "dst_use");
    }

    /** {@code void dst_use_noref(struct dst_entry *dst, unsigned long time)}. */
    @KernelSource(file = DST_H, symbol = "dst_use_noref", commit = PATCHED)
    public void dstUseNoref(long dst, long time) {
        storeU32(dst + offUse, loadU32(dst + offUse, "dst_use_noref") + 1, "dst_use_noref");
        storeULong(dst + offLastuse, time, "dst_use_noref");
    }

    /** {@code struct dst_entry *dst_clone(struct dst_entry *dst)}: takes a reference unless NULL. */
    @KernelSource(file = DST_H, symbol = "dst_clone", commit = PATCHED)
    public long dstClone(long dst) {
        if (dst != 0) {
            mem.atomicAddReturn(dst + offRefcnt, 1, "dst_clone");
        }
        return dst;
    }

    /** {@code void dst_release(struct dst_entry *dst)}: drops a reference; a {@code DST_NOCACHE} entry dies at zero. */
    @KernelSource(file = DST_C, symbol = "dst_release", commit = PATCHED)
    public void dstRelease(long dst) {
        String fn = "dst_release";
        if (dst != 0) {
            int newrefcnt = mem.atomicAddReturn(dst + offRefcnt, -1, fn);
            if (newrefcnt < 0) {
                warnOn(fn, "newrefcnt < 0", "dst " + mem.hex(dst) + " released below zero (refcnt " + newrefcnt + ")");
            }
            if ((flags(dst) & DST_NOCACHE) != 0 && newrefcnt == 0) {
                dst = dstDestroy(dst);
                if (dst != 0) {
                    __dstFree(dst);
                }
            }
        }
    }

    // ---- life and death ---------------------------------------------------------------------------

    /** {@code int dst_discard(struct sk_buff *skb)}: drops the packet; sk_buffs are not modelled. */
    @KernelSource(file = DST_C, symbol = "dst_discard", commit = PATCHED, note = "kfree_skb(skb) is not modelled")
    public int dstDiscard(long skb) {
        return 0;
    }

    /**
     * {@code void *dst_alloc(struct dst_ops *ops)}: a zeroed entry from {@code ops->kmem_cachep}
     * with no references, {@code path} pointing to itself and {@code dst_discard} as input and
     * output; in the patched kernel its {@code _metrics} points read-only at
     * {@code dst_default_metrics}. Returns 0 (NULL) when the allocation fails or {@code ops->gc}
     * refuses.
     */
    @KernelSource(file = DST_C, symbol = "dst_alloc", commit = PATCHED,
            note = "the parent's text is the same without the dst_init_metrics line")
    public long dstAlloc(long ops) {
        String fn = "dst_alloc";
        long gc = loadPointer(ops + opsGc, fn);
        if (gc != 0 && Integer.compareUnsigned(dstEntriesGetFast(ops), loadU32(ops + opsGcThresh, fn)) > 0) {
            FnTypes.Gc f = mem.symbols().resolve(gc, FnTypes.Gc.class, fn, "ops->gc");
            traceCall(fn, gc, "ops->gc");
            if (f.gc(ops) != 0) {
                return 0;
            }
        }
        KmemCache cache = mem.cacheAt(loadPointer(ops + opsKmemCachep, fn), fn);
        long dst = mem.kmemCacheZalloc(cache, fn);
        if (dst == 0) {
            return 0;
        }
        mem.atomicSet(dst + offRefcnt, 0, fn);
        storePointer(dst + offOps, ops, fn);
        storeULong(dst + offLastuse, jiffies(), fn);
        storePointer(dst + offPath, dst, fn);
        storePointer(dst + offInput, dstDiscard, fn);
        storePointer(dst + offOutput, dstDiscard, fn);
        dstAllocInitMetrics(dst);
        dstEntriesAdd(ops, 1);
        return dst;
    }

    /**
     * {@code struct dst_entry *dst_destroy(struct dst_entry *dst)}: calls {@code ops->destroy}
     * (which frees COW'd metrics in the patched kernel), frees the entry and drops the child's
     * reference; returns a {@code DST_NOHASH} child that is still referenced, else 0.
     * {@code hh_cache}, neighbours and devices are not modelled: a non-NULL pointer to one is
     * cleared and noted in the trace.
     */
    @KernelSource(file = DST_C, symbol = "dst_destroy", commit = PATCHED,
            note = "hh_cache_put, neigh_release and dev_put are not modelled (noted in the trace)")
    public long dstDestroy(long dst) {
        String fn = "dst_destroy";
        VarHandle.acquireFence(); // smp_rmb()
        while (true) {
            long neigh = loadPointer(dst + offNeighbour, fn);
            long hh = loadPointer(dst + offHh, fn);
            long child = loadPointer(dst + offChild, fn);

            storePointer(dst + offHh, 0, fn);
            if (hh != 0) {
                trace.emit(TraceKind.NOTE, fn, hh, "hh_cache_put: hh_cache is not modelled");
            }
            if (neigh != 0) {
                storePointer(dst + offNeighbour, 0, fn);
                trace.emit(TraceKind.NOTE, fn, neigh, "neigh_release: neighbours are not modelled");
            }

            long ops = loadPointer(dst + offOps, fn);
            dstEntriesAdd(ops, -1);

            if (loadPointer(loadPointer(dst + offOps, fn) + opsDestroy, fn) != 0) {
                opsFunction(dst, opsDestroy, FnTypes.Destroy.class, "destroy", fn).destroy(dst);
            }
            long dev = loadPointer(dst + offDev, fn);
            if (dev != 0) {
                trace.emit(TraceKind.NOTE, fn, dev, "dev_put: net_device is not modelled");
            }
            KmemCache cache = mem.cacheAt(loadPointer(loadPointer(dst + offOps, fn) + opsKmemCachep, fn), fn);
            mem.kmemCacheFree(cache, dst, fn);

            dst = child;
            if (dst != 0) {
                int nohash = flags(dst) & DST_NOHASH;
                if (mem.atomicAddReturn(dst + offRefcnt, -1, fn) == 0) {
                    // We were the real parent of this dst, so kill the child.
                    if (nohash != 0) {
                        continue;
                    }
                } else {
                    // The child is still referenced: return it for freeing.
                    if (nohash != 0) {
                        return dst;
                    }
                    // The child is still in its hash table.
                }
            }
            return 0;
        }
    }

    /**
     * {@code void dst_free(struct dst_entry *dst)}: destroys an unreferenced entry now, else
     * queues it for the garbage collector ({@link #dstGcTask()}).
     */
    @KernelSource(file = DST_H, symbol = "dst_free", commit = PATCHED)
    public void dstFree(long dst) {
        String fn = "dst_free";
        if (obsolete(dst) > 1) {
            return;
        }
        if (mem.atomicRead(dst + offRefcnt, fn) == 0) {
            dst = dstDestroy(dst);
            if (dst == 0) {
                return;
            }
        }
        __dstFree(dst);
    }

    /** {@code static void ___dst_free(struct dst_entry *dst)}: marks the entry dead. */
    @KernelSource(file = DST_C, symbol = "___dst_free", commit = PATCHED,
            note = "net_device is not modelled: a non-NULL dev counts as up (IFF_UP)")
    private void ___dstFree(long dst) {
        String fn = "___dst_free";
        // The first case (dev == NULL) is required when the protocol module is unloaded.
        if (loadPointer(dst + offDev, fn) == 0) {
            storePointer(dst + offInput, dstDiscard, fn);
            storePointer(dst + offOutput, dstDiscard, fn);
        }
        mem.writeU16(dst + offObsolete, 2, fn);
    }

    /** {@code void __dst_free(struct dst_entry *dst)}: puts a dead, still referenced entry on the garbage list. */
    @KernelSource(file = DST_C, symbol = "__dst_free", commit = PATCHED,
            note = "the delayed work is not scheduled: run dstGcTask() to collect")
    public void __dstFree(long dst) {
        String fn = "__dst_free";
        spinLockBh(garbageLock, fn);
        try {
            ___dstFree(dst);
            storePointer(dst + offNext, loadPointer(garbageList, fn), fn);
            storePointer(garbageList, dst, fn);
            if (Long.compareUnsigned(loadULong(garbageTimerInc, fn), dstGcInc()) > 0) {
                storeULong(garbageTimerInc, dstGcInc(), fn);
                storeULong(garbageTimerExpires, dstGcMin(), fn);
            }
        } finally {
            spinUnlockBh(garbageLock, fn);
        }
    }

    /**
     * One pass of {@code static void dst_gc_task(struct work_struct *work)}: destroys every dead
     * entry on the busy and garbage lists whose refcount has dropped to zero, keeps the others.
     *
     * @return the entries destroyed ({@code work_performed}; the kernel function returns nothing)
     */
    @KernelSource(file = DST_C, symbol = "dst_gc_task", commit = PATCHED,
            note = "one pass per call: the work is not rescheduled and RT_CACHE_DEBUG statistics are not kept")
    public int dstGcTask() {
        String fn = "dst_gc_task";
        synchronized (gcMutex) {
            int delayed = 0;
            int workPerformed = 0;
            long headNext = 0;
            long last = 0; // 0 stands for &head
            long next = loadPointer(dstBusyList, fn);
            while (true) {
                long dst;
                while ((dst = next) != 0) {
                    next = loadPointer(dst + offNext, fn);
                    if (mem.atomicRead(dst + offRefcnt, fn) != 0) {
                        if (last == 0) {
                            headNext = dst;
                        } else {
                            storePointer(last + offNext, dst, fn);
                        }
                        last = dst;
                        delayed++;
                        continue;
                    }
                    workPerformed++;
                    dst = dstDestroy(dst);
                    if (dst != 0) {
                        // NOHASH and still referenced: unless already on the gc list, invalidate it and add it there.
                        if (obsolete(dst) > 1) {
                            continue;
                        }
                        ___dstFree(dst);
                        storePointer(dst + offNext, next, fn);
                        next = dst;
                    }
                }
                spinLockBh(garbageLock, fn);
                next = loadPointer(garbageList, fn);
                if (next != 0) {
                    storePointer(garbageList, 0, fn);
                    spinUnlockBh(garbageLock, fn);
                    continue;
                }
                break;
            }
            try {
                if (last == 0) {
                    headNext = 0;
                } else {
                    storePointer(last + offNext, 0, fn);
                }
                storePointer(dstBusyList, headNext, fn);
                if (headNext == 0) {
                    storeULong(garbageTimerInc, dstGcMax(), fn);
                } else if (workPerformed <= delayed / 10) {
                    // If we freed less than 1/10 of the delayed entries, we can sleep longer.
                    long expires = loadULong(garbageTimerExpires, fn) + loadULong(garbageTimerInc, fn);
                    storeULong(garbageTimerExpires, Math.min(expires, dstGcMax()), fn);
                    storeULong(garbageTimerInc, loadULong(garbageTimerInc, fn) + dstGcInc(), fn);
                } else {
                    storeULong(garbageTimerInc, dstGcInc(), fn);
                    storeULong(garbageTimerExpires, dstGcMin(), fn);
                }
            } finally {
                spinUnlockBh(garbageLock, fn);
            }
            return workPerformed;
        }
    }

    /** The entries waiting on the garbage and busy lists. */
    public int dstGarbageCount() {
        int n = 0;
        for (long d = loadPointer(garbageList, "dst_garbage"); d != 0; d = loadPointer(d + offNext, "dst_garbage")) {
            n++;
        }
        for (long d = loadPointer(dstBusyList, "dst_busy_list"); d != 0; d = loadPointer(d + offNext, "dst_busy_list")) {
            n++;
        }
        return n;
    }

    // ---- dst_ops entry counting (include/net/dst_ops.h) ----------------------------------------

    /**
     * {@code void dst_entries_add(struct dst_ops *dst, int val)}: the percpu counter is modelled
     * as its global count, updated under its spinlock (under preemption-off on UP).
     */
    @KernelSource(file = DST_OPS_H, symbol = "dst_entries_add", commit = PATCHED,
            note = "percpu_counter_add folds every update into fbc->count at once")
    public void dstEntriesAdd(long ops, int val) {
        String fn = "dst_entries_add";
        long count = ops + opsLayout.pcpucCount();
        if (opsLayout.pcpucLock() >= 0) {
            long lock = ops + opsLayout.pcpucLock();
            mem.spinLock(lock, fn);
            try {
                storeU64(count, loadU64(count, fn) + val, fn);
            } finally {
                mem.spinUnlock(lock, fn);
            }
        } else {
            synchronized (upLock) {
                storeU64(count, loadU64(count, fn) + val, fn);
            }
        }
    }

    /** {@code int dst_entries_get_fast(struct dst_ops *dst)}: {@code percpu_counter_read_positive}. */
    @KernelSource(file = DST_OPS_H, symbol = "dst_entries_get_fast", commit = PATCHED)
    public int dstEntriesGetFast(long ops) {
        long ret = loadU64(ops + opsLayout.pcpucCount(), "dst_entries_get_fast");
        return ret >= 0 ? (int) ret : 0;
    }

    /** {@code spin_lock_bh}: the lock word on SMP; on UP, where it has none, a Java lock stands for disabled bottom halves. */
    private void spinLockBh(long lock, String fn) {
        if (lock >= 0) {
            mem.spinLock(lock, fn);
        } else {
            upBh.lock();
        }
    }

    private void spinUnlockBh(long lock, String fn) {
        if (lock >= 0) {
            mem.spinUnlock(lock, fn);
        } else {
            upBh.unlock();
        }
    }

    // ---- fields of struct dst_entry, for callers and tests ---------------------------------------

    /** {@code atomic_read(&dst->__refcnt)}. */
    public int refcnt(long dst) { return mem.atomicRead(dst + offRefcnt, "atomic_read"); }

    /** {@code dst->__use}. */
    public int use(long dst) { return loadU32(dst + offUse, "dst->__use"); }

    /** {@code dst->lastuse}. */
    public long lastuse(long dst) { return loadULong(dst + offLastuse, "dst->lastuse"); }

    /** {@code dst->flags}. */
    public int flags(long dst) { return loadU32(dst + offFlags, "dst->flags"); }

    public void setFlags(long dst, int flags) { storeU32(dst + offFlags, flags, "dst->flags"); }

    /** {@code dst->obsolete}. */
    public short obsolete(long dst) { return (short) mem.readU16(dst + offObsolete, "dst->obsolete"); }

    /** {@code dst->ops}. */
    public long ops(long dst) { return loadPointer(dst + offOps, "dst->ops"); }

    /** {@code dst->path}. */
    public long path(long dst) { return loadPointer(dst + offPath, "dst->path"); }

    /** {@code dst->child}. */
    public long child(long dst) { return loadPointer(dst + offChild, "dst->child"); }

    public void setChild(long dst, long child) { storePointer(dst + offChild, child, "dst->child"); }

    /** {@code dst->input}. */
    public long input(long dst) { return loadPointer(dst + offInput, "dst->input"); }

    /** {@code dst->output}. */
    public long output(long dst) { return loadPointer(dst + offOutput, "dst->output"); }

    /** A one-line description of an entry: address, ops and refcount. */
    public String describe(long dst) {
        return "dst " + mem.hex(dst) + " (ops " + mem.symbolize(ops(dst)) + ", refcnt " + refcnt(dst) + ")";
    }

    // ---- indirect calls and warnings ----------------------------------------------------------------

    /**
     * {@code dst->ops->member}: reads {@code ops} from the entry and the member from the ops
     * struct, both from native memory, and resolves the function; NULL or bad pointers oops.
     */
    protected final <T> T opsFunction(long dst, long memberOffset, Class<T> type, String member, String fn) {
        long ops = loadPointer(dst + offOps, fn);
        long f = loadPointer(ops + memberOffset, fn);
        T impl = mem.symbols().resolve(f, type, fn, "dst->ops->" + member);
        traceCall(fn, f, "dst->ops->" + member);
        return impl;
    }

    private void traceCall(String fn, long f, String what) {
        if (trace.enabled()) {
            trace.emit(TraceKind.CALL, fn, f, what + " = " + mem.symbolize(f));
        }
    }

    /** {@code WARN_ON_ONCE(condition)} at the first call site outside this package. */
    protected final void warnOnce(String fn, String condition, String detail) {
        String site = callSite();
        if (warnedSites.add(fn + "@" + site)) {
            trace.emit(TraceKind.WARNING, fn, 0, "WARN_ON_ONCE(" + condition + ") in " + fn + "() at " + site + ": " + detail);
        }
    }

    /** {@code WARN_ON(condition)}: every time. */
    protected final void warnOn(String fn, String condition, String detail) {
        trace.emit(TraceKind.WARNING, fn, 0, "WARN_ON(" + condition + ") in " + fn + "() at " + callSite() + ": " + detail);
    }

    private static String callSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !DstKernel.class.isAssignableFrom(f.getDeclaringClass()))
                .findFirst()
                .map(f -> {
                    String c = f.getClassName();
                    return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
                })
                .orElse("?"));
    }

    /** For subclasses' messages. */
    final String hex(long address) {
        return mem.hex(address);
    }

    @Override
    public String toString() {
        return "dst layer of the " + version + " kernel on " + abi() + " (" + mem.mode() + " memory, config "
                + config.diffFromDefaults() + ")";
    }
}
