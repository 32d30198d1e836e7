package dstcow.tools.bench.ffm;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;

/**
 * {@code struct dst_entry} at 62fa8a84 (include/net/dst.h lines 39-95) on the host ABI, the way
 * jextract presents a struct: the members the benchmarks touch, each a {@code static final}
 * {@link VarHandle} derived from {@link #LAYOUT}.
 * <pre>
 * struct dst_entry {
 *         ...
 *         struct  dst_ops         *ops;
 *         unsigned long           _metrics;
 *         ...
 *         int                     (*input)(struct sk_buff*);
 *         int                     (*output)(struct sk_buff*);
 *         ...
 *         atomic_t                __refcnt;
 *         ...
 * };
 * </pre>
 * {@code _metrics} is a word, not a pointer, in C: a reader masks the read-only tag off and
 * dereferences it, as {@code DST_METRICS_PTR} does; {@link #dst_metric_raw} is that path
 * written the way a jextract user would write it.
 */
public final class DstEntryPatchedFfm {
    private DstEntryPatchedFfm() {
    }

    /** The layout module's {@code struct dst_entry} (patched) for the host's ABI and the default config. */
    public static final GroupLayout LAYOUT = LayoutEngine.layout(DstEntry.PATCHED, KernelConfig.defaults(Abi.host())).ffm();

    /** What {@code _metrics} points to: {@code u32[RTAX_MAX]}. */
    public static final SequenceLayout METRICS_LAYOUT = MemoryLayout.sequenceLayout(DstEntry.RTAX_MAX, ValueLayout.JAVA_INT);

    /** Bit 0 of {@code _metrics}: {@code DST_METRICS_READ_ONLY}. */
    public static final long DST_METRICS_READ_ONLY = 0x1L;

    private static final VarHandle ops$VH = LAYOUT.varHandle(groupElement("ops"));
    private static final VarHandle _metrics$VH = LAYOUT.varHandle(groupElement("_metrics"));
    private static final VarHandle input$VH = LAYOUT.varHandle(groupElement("input"));
    private static final VarHandle output$VH = LAYOUT.varHandle(groupElement("output"));
    private static final VarHandle __refcnt$VH = LAYOUT.varHandle(groupElement("__refcnt"), groupElement("counter"));
    private static final VarHandle metric$VH = METRICS_LAYOUT.varHandle(sequenceElement());

    public static long ops(MemorySegment dst) { return (long) ops$VH.get(dst, 0L); }

    public static void ops(MemorySegment dst, long value) { ops$VH.set(dst, 0L, value); }

    public static long _metrics(MemorySegment dst) { return (long) _metrics$VH.get(dst, 0L); }

    public static void _metrics(MemorySegment dst, long value) { _metrics$VH.set(dst, 0L, value); }

    public static long input(MemorySegment dst) { return (long) input$VH.get(dst, 0L); }

    public static void input(MemorySegment dst, long value) { input$VH.set(dst, 0L, value); }

    public static long output(MemorySegment dst) { return (long) output$VH.get(dst, 0L); }

    public static void output(MemorySegment dst, long value) { output$VH.set(dst, 0L, value); }

    public static int __refcnt(MemorySegment dst) { return (int) __refcnt$VH.get(dst, 0L); }

    /**
     * {@code p[metric - 1]} with {@code p = (u32 *)(dst->_metrics & ~DST_METRICS_READ_ONLY)}.
     * Following a C pointer needs {@code reinterpret}, a restricted method: the JVM runs with
     * {@code --enable-native-access=ALL-UNNAMED}.
     */
    @SuppressWarnings("restricted")
    public static int dst_metric_raw(MemorySegment dst, int metric) {
        long p = _metrics(dst) & ~DST_METRICS_READ_ONLY;
        MemorySegment metrics = MemorySegment.ofAddress(p).reinterpret(METRICS_LAYOUT.byteSize());
        return (int) metric$VH.get(metrics, 0L, (long) (metric - 1));
    }

    /** A zeroed {@code struct dst_entry} in {@code arena}. */
    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }
}
