package dstcow.tools.bench.ffm;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;

/**
 * {@code struct dst_entry} before 62fa8a84 (include/net/dst.h lines 39-102 at d33e4553) on the
 * host ABI, the way jextract presents a struct.
 * <pre>
 * struct dst_entry {
 *         ...
 *         int                     (*input)(struct sk_buff*);
 *         int                     (*output)(struct sk_buff*);
 *         struct  dst_ops         *ops;
 *         u32                     _metrics[RTAX_MAX];
 *         ...
 * };
 * </pre>
 */
public final class DstEntryParentFfm {
    private DstEntryParentFfm() {
    }

    /** The layout module's {@code struct dst_entry} (parent) for the host's ABI and the default config. */
    public static final GroupLayout LAYOUT = LayoutEngine.layout(DstEntry.PARENT, KernelConfig.defaults(Abi.host())).ffm();

    private static final VarHandle ops$VH = LAYOUT.varHandle(groupElement("ops"));
    private static final VarHandle _metrics$VH = LAYOUT.varHandle(groupElement("_metrics"), sequenceElement());

    public static long ops(MemorySegment dst) { return (long) ops$VH.get(dst, 0L); }

    public static void ops(MemorySegment dst, long value) { ops$VH.set(dst, 0L, value); }

    /** {@code dst->_metrics[index]}. */
    public static int _metrics(MemorySegment dst, long index) { return (int) _metrics$VH.get(dst, 0L, index); }

    public static void _metrics(MemorySegment dst, long index, int value) { _metrics$VH.set(dst, 0L, index, value); }

    /** {@code dst->_metrics[metric - 1]}. */
    public static int dst_metric_raw(MemorySegment dst, int metric) {
        return _metrics(dst, metric - 1);
    }

    /** A zeroed {@code struct dst_entry} in {@code arena}. */
    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }
}
