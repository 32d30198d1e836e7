package dstcow.dst;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.model.KernelVersion;

import static dstcow.dst.KernelSource.DST_C;
import static dstcow.dst.KernelSource.DST_H;
import static dstcow.dst.KernelSource.PATCHED;

/**
 * 62fa8a84: {@code _metrics} is an {@code unsigned long} pointing at a {@code u32[RTAX_MAX]}
 * array, with bit 0 ({@link #DST_METRICS_READ_ONLY}) marking a shared array that must be copied
 * before a write. New entries point read-only at the all-zero {@code dst_default_metrics} in
 * {@code .rodata}; the first write COWs through {@code dst->ops->cow_metrics} (kmalloc, copy,
 * cmpxchg) and may fail, dropping the write; destruction swaps the defaults back and frees the copy.
 */
public final class PatchedDstKernel extends DstKernel {

    private final long dstDefaultMetrics;
    private final long opsCowMetrics;

    PatchedDstKernel(Builder b, KernelMemory mem) {
        super(b, mem, KernelVersion.PATCHED);
        this.dstDefaultMetrics = defineDstDefaultMetrics();
        this.opsCowMetrics = opsLayout.function("cow_metrics");
        mem.symbols().register("dst_cow_metrics_generic", (FnTypes.CowMetrics) this::dstCowMetricsGeneric);
    }

    /** {@code static const u32 dst_default_metrics[RTAX_MAX];}: all zero, in read-only data. */
    @KernelSource(file = DST_C, symbol = "dst_default_metrics", commit = PATCHED, kernels = KernelVersion.PATCHED)
    private long defineDstDefaultMetrics() {
        return mem.defineRodata("dst_default_metrics", Rtax.METRICS_BYTES, 4);
    }

    @Override
    public long dstDefaultMetrics() {
        return dstDefaultMetrics;
    }

    @Override
    public long metricsWord(long dst) {
        return loadULong(dst + offMetrics, "dst->_metrics");
    }

    /** {@code DST_METRICS_PTR(X)}: {@code __DST_METRICS_PTR((X)->_metrics)}. */
    @Override
    @KernelSource(file = DST_H, symbol = "DST_METRICS_PTR", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long DST_METRICS_PTR(long dst) {
        return DST_METRICS_PTR(dst, "DST_METRICS_PTR");
    }

    /**
     * The macro expanded inside kernel function {@code fn}: a fault in it is reported in {@code fn},
     * as the kernel's oops names the function the macro was expanded in.
     */
    @KernelSource(file = DST_H, symbol = "DST_METRICS_PTR", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long DST_METRICS_PTR(long dst, String fn) {
        return __DST_METRICS_PTR(loadULong(dst + offMetrics, fn));
    }

    /** {@code return dst->_metrics & DST_METRICS_READ_ONLY;} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metrics_read_only", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public boolean dstMetricsReadOnly(long dst) {
        return (loadULong(dst + offMetrics, "dst_metrics_read_only") & DST_METRICS_READ_ONLY) != 0;
    }

    /** Reads {@code _metrics} once; frees the array only if the entry owns it (not read-only). */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_destroy_metrics_generic", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public void dstDestroyMetricsGeneric(long dst) {
        long val = loadULong(dst + offMetrics, "dst_destroy_metrics_generic");
        if ((val & DST_METRICS_READ_ONLY) == 0) {
            __dstDestroyMetricsGeneric(dst, val);
        }
    }

    /**
     * A writable metrics array: the entry's own, or, when {@code _metrics} is read-only, what
     * {@code dst->ops->cow_metrics(dst, p)} returns, which may be 0 (NULL).
     */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metrics_write_ptr", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long dstMetricsWritePtr(long dst) {
        String fn = "dst_metrics_write_ptr";
        long p = loadULong(dst + offMetrics, fn);
        if ((p & DST_METRICS_READ_ONLY) != 0) {
            return opsFunction(dst, opsCowMetrics, FnTypes.CowMetrics.class, "cow_metrics", fn).cowMetrics(dst, p);
        }
        return __DST_METRICS_PTR(p);
    }

    /**
     * A plain store of the tagged word. Not atomic: only before the entry has reached global
     * visibility. In checked memory a read-only source is marked so that a later write to it is
     * an oops.
     */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_init_metrics", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public void dstInitMetrics(long dst, long srcMetrics, boolean readOnly) {
        String fn = "dst_init_metrics";
        storeULong(dst + offMetrics, srcMetrics | (readOnly ? DST_METRICS_READ_ONLY : 0), fn);
        if (readOnly) {
            mem.publishReadOnly(srcMetrics, Rtax.METRICS_BYTES, fn);
        }
        if (trace.enabled()) {
            trace.emit(TraceKind.METRICS, fn, dst + offMetrics, "dst " + hex(dst) + " _metrics = " + hex(srcMetrics)
                    + named(srcMetrics) + (readOnly ? " | DST_METRICS_READ_ONLY" : ""));
        }
    }

    /** Copies the source's metrics into a writable array of {@code dest} (COWing it); copies nothing if none can be had. */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_copy_metrics", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public void dstCopyMetrics(long dest, long src) {
        String fn = "dst_copy_metrics";
        long dstMetrics = dstMetricsWritePtr(dest);
        if (dstMetrics != 0) {
            long srcMetrics = DST_METRICS_PTR(src);
            mem.memcpy(dstMetrics, srcMetrics, Rtax.METRICS_BYTES, fn);
            if (trace.enabled()) {
                trace.emit(TraceKind.METRICS, fn, dstMetrics, "copied " + Rtax.METRICS_BYTES + " bytes from " + hex(srcMetrics)
                        + named(srcMetrics) + " (dst " + hex(src) + ") into dst " + hex(dest));
            }
        } else {
            trace.emit(TraceKind.METRIC_WRITE_DROPPED, fn, dest, "dst " + hex(dest)
                    + ": no writable metrics (dst_metrics_write_ptr returned NULL); nothing copied from dst " + hex(src));
        }
    }

    /** {@code return DST_METRICS_PTR(dst);}: possibly shared, read-only storage; for reads. */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metrics_ptr", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long dstMetricsPtr(long dst) {
        return DST_METRICS_PTR(dst);
    }

    /** {@code u32 *p = DST_METRICS_PTR(dst); return p[metric-1];} */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metric_raw", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public int dstMetricRaw(long dst, int metric) {
        int slot = Rtax.slot(metric);
        long p = DST_METRICS_PTR(dst, "dst_metric_raw");
        return loadU32(p + 4L * slot, "dst_metric_raw");
    }

    /** Stores through {@code dst_metrics_write_ptr()}, which may COW; when it returns NULL the write is dropped. */
    @Override
    @KernelSource(file = DST_H, symbol = "dst_metric_set", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public void dstMetricSet(long dst, int metric, int val) {
        String fn = "dst_metric_set";
        int slot = Rtax.slot(metric);
        long p = dstMetricsWritePtr(dst);
        if (p != 0) {
            storeU32(p + 4L * slot, val, fn);
            if (trace.enabled()) {
                trace.emit(TraceKind.METRIC_WRITE, fn, p + 4L * slot, Rtax.constant(metric) + " = " + Integer.toUnsignedString(val)
                        + " in dst " + hex(dst) + "'s private copy");
            }
        } else {
            trace.emit(TraceKind.METRIC_WRITE_DROPPED, fn, dst, Rtax.constant(metric) + " = " + Integer.toUnsignedString(val)
                    + " dropped: dst " + hex(dst) + " has no writable metrics (dst_metrics_write_ptr returned NULL)");
        }
    }

    /**
     * The generic {@code cow_metrics}: kmalloc a private array, copy the old one into it and
     * install it with cmpxchg. A racer that lost frees its copy and uses the winner's, unless
     * the word it found is still read-only, in which case it returns NULL.
     */
    @Override
    @KernelSource(file = DST_C, symbol = "dst_cow_metrics_generic", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public long dstCowMetricsGeneric(long dst, long old) {
        String fn = "dst_cow_metrics_generic";
        long p = mem.kmalloc(Rtax.METRICS_BYTES, fn);
        if (p != 0) {
            long oldP = __DST_METRICS_PTR(old);
            mem.memcpy(p, oldP, Rtax.METRICS_BYTES, fn);
            long replacement = p;
            long prev = mem.cmpxchgULong(dst + offMetrics, old, replacement, fn);
            if (prev != old) {
                mem.kfree(p, fn);
                p = __DST_METRICS_PTR(prev);
                if ((prev & DST_METRICS_READ_ONLY) != 0) {
                    p = 0;
                }
            } else if (trace.enabled()) {
                trace.emit(TraceKind.COW, fn, p, "dst " + hex(dst) + ": read-only metrics " + hex(oldP) + named(oldP)
                        + " copied to its own " + hex(p));
            }
        }
        return p;
    }

    /**
     * Swaps {@code dst_default_metrics} back in with cmpxchg and frees the old array if the swap
     * won. The caller asserts that {@code dst_metrics_read_only(dst)} is false. The new word
     * carries no read-only tag, as in the kernel: the entry is about to die.
     */
    @Override
    @KernelSource(file = DST_C, symbol = "__dst_destroy_metrics_generic", commit = PATCHED, kernels = KernelVersion.PATCHED)
    public void __dstDestroyMetricsGeneric(long dst, long old) {
        String fn = "__dst_destroy_metrics_generic";
        long replacement = dstDefaultMetrics;
        long prev = mem.cmpxchgULong(dst + offMetrics, old, replacement, fn);
        if (prev == old) {
            mem.kfree(__DST_METRICS_PTR(old), fn);
        }
    }

    /** {@code dst_init_metrics(dst, dst_default_metrics, true)}, line 185 of the patched {@code dst_alloc}. */
    @Override
    @KernelSource(file = DST_C, symbol = "dst_alloc", commit = PATCHED, kernels = KernelVersion.PATCHED)
    void dstAllocInitMetrics(long dst) {
        dstInitMetrics(dst, dstDefaultMetrics, true);
    }

    private String named(long address) {
        String s = mem.symbolize(address);
        return s.isEmpty() ? "" : " (" + s + ")";
    }
}
