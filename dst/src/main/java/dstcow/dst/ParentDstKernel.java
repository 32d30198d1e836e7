package dstcow.dst;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.model.KernelVersion;

import static dstcow.dst.KernelSource.DST_C;
import static dstcow.dst.KernelSource.DST_H;
import static dstcow.dst.KernelSource.PARENT;
import static dstcow.dst.KernelSource.PARENT_DST_H;

/**
 * The parent of 62fa8a84: every {@code struct dst_entry} embeds {@code u32 _metrics[RTAX_MAX]},
 * imported by copy and written in place; nothing is shared, nothing is allocated for metrics,
 * and no metric write can fail. include/net/dst.h at d33e4553.
 */
public final class ParentDstKernel extends DstKernel {

    ParentDstKernel(Builder b, KernelMemory mem) {
        super(b, mem, KernelVersion.PARENT);
    }

    /** {@code return dst->_metrics[metric-1];} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metric_raw", commit = PARENT_DST_H, kernels = KernelVersion.PARENT)
    public int dstMetricRaw(long dst, int metric) {
        int slot = Rtax.slot(metric);
        return loadU32(dst + offMetrics + 4L * slot, "dst_metric_raw");
    }

    /** {@code dst->_metrics[metric-1] = val;}: a direct store, which cannot fail. */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metric_set", commit = PARENT_DST_H, kernels = KernelVersion.PARENT)
    public void dstMetricSet(long dst, int metric, int val) {
        int slot = Rtax.slot(metric);
        long p = dst + offMetrics + 4L * slot;
        storeU32(p, val, "dst_metric_set");
        if (trace.enabled()) {
            trace.emit(TraceKind.METRIC_WRITE, "dst_metric_set", p, Rtax.constant(metric) + " = " + Integer.toUnsignedString(val)
                    + " in dst " + hex(dst) + "'s own array");
        }
    }

    /** {@code memcpy(dst->_metrics, src_metrics, RTAX_MAX * sizeof(u32));} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_import_metrics", commit = PARENT_DST_H, kernels = KernelVersion.PARENT)
    public void dstImportMetrics(long dst, long srcMetrics) {
        mem.memcpy(dst + offMetrics, srcMetrics, Rtax.METRICS_BYTES, "dst_import_metrics");
        trace.emit(TraceKind.METRICS, "dst_import_metrics", dst + offMetrics, "copied " + Rtax.METRICS_BYTES + " bytes from "
                + hex(srcMetrics) + named(srcMetrics) + " into dst " + hex(dst));
    }

    /** {@code dst_import_metrics(dest, src->_metrics);} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_copy_metrics", commit = PARENT_DST_H, kernels = KernelVersion.PARENT)
    public void dstCopyMetrics(long dest, long src) {
        dstImportMetrics(dest, src + offMetrics);
    }

    /** {@code return dst->_metrics;} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metrics_ptr", commit = PARENT_DST_H, kernels = KernelVersion.PARENT)
    public long dstMetricsPtr(long dst) {
        return dst + offMetrics;
    }

    /** The parent's {@code dst_alloc} leaves the embedded array as {@code kmem_cache_zalloc} zeroed it. */
    @Override
    @KernelSource(file = DST_C, symbol = "dst_alloc", commit = PARENT, kernels = KernelVersion.PARENT,
            note = "no dst_init_metrics line: the zeroed array is the default")
    void dstAllocInitMetrics(long dst) {
    }

    private String named(long address) {
        String s = mem.symbolize(address);
        return s.isEmpty() ? "" : " (" + s + ")";
    }
}
