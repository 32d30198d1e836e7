package dstcow.tools.bench;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;

/**
 * One {@code struct dst_entry} in emulated memory, laid out by any definition, with the accesses
 * the false-sharing experiment makes: {@code dst_hold}/{@code dst_release} on {@code __refcnt}
 * and the read-mostly loads every packet makes ({@code ops}, {@code input}, {@code output},
 * {@code _metrics}).
 *
 * <p>An adapter, because {@link DstKernel} refuses the control layout: building a kernel
 * evaluates {@code dst_hold()}'s {@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)},
 * which fails with the pad removed on a 64-bit ABI, as the kernel's build would. The hold and
 * release here are {@link DstKernel#dstHold} and {@link DstKernel#dstRelease} to the memory
 * access (the same {@link KernelMemory} calls at the same offsets), and both layouts of the
 * experiment go through this class, so the two arms differ only in where the members sit.
 */
public final class SharedDstEntry implements AutoCloseable {

    /** {@code DST_NOCACHE}: {@code dst_release} destroys such an entry at refcount 0. */
    private static final int DST_NOCACHE = DstKernel.DST_NOCACHE;

    private final KernelMemory mem;
    private final RecordLayout layout;
    private final long dst;
    private final long refcnt;
    private final long flags;
    private final long ops;
    private final long input;
    private final long output;
    private final long metrics;

    private SharedDstEntry(KernelMemory mem, RecordLayout layout, long dst) {
        this.mem = mem;
        this.layout = layout;
        this.dst = dst;
        this.refcnt = dst + layout.offsetOf("__refcnt");
        this.flags = dst + layout.offsetOf("flags");
        this.ops = dst + layout.offsetOf("ops");
        this.input = dst + layout.offsetOf("input");
        this.output = dst + layout.offsetOf("output");
        this.metrics = dst + layout.offsetOf("_metrics");
    }

    /** The kernel's layout at 62fa8a84, with {@code __pad_to_align_refcnt}. */
    public static RecordDef kernelLayout() {
        return DstEntry.PATCHED;
    }

    /** The control: 62fa8a84's layout with {@code __pad_to_align_refcnt} removed. */
    public static RecordDef controlLayout() {
        return DstEntry.PATCHED.without("__pad_to_align_refcnt");
    }

    /**
     * A fresh fast-mode memory on {@code abi} holding one entry of {@code def} from a
     * {@code SLAB_HWCACHE_ALIGN} cache (so the entry starts on a cache line, as route cache
     * entries do), with one reference held and its read-mostly members set.
     */
    public static SharedDstEntry allocate(RecordDef def, Abi abi) {
        KernelMemory mem = KernelMemory.builder(abi).mode(MemoryMode.FAST).heapBytes(1L << 20).traceCapacity(1).build();
        try {
            mem.trace().setEnabled(false);
            RecordLayout layout = LayoutEngine.layout(def, KernelConfig.defaults(abi));
            KmemCache cache = mem.kmemCacheCreate("fs_dst_cache", layout.size(), 0, KernelMemory.SLAB_HWCACHE_ALIGN, "dst_init");
            long dst = mem.kmemCacheZalloc(cache, "dst_alloc");
            SharedDstEntry e = new SharedDstEntry(mem, layout, dst);
            mem.writePointer(e.ops, mem.heapBase() + 0x100, "dst_alloc");
            mem.writePointer(e.input, mem.textBase() + 0x10, "dst_alloc");
            mem.writePointer(e.output, mem.textBase() + 0x20, "dst_alloc");
            mem.writeULong(e.metrics, mem.dataBase() | DstKernel.DST_METRICS_READ_ONLY, "dst_alloc");
            mem.atomicSet(e.refcnt, 1, "dst_alloc");
            return e;
        } catch (RuntimeException ex) {
            mem.close();
            throw ex;
        }
    }

    public RecordLayout layout() {
        return layout;
    }

    public long address() {
        return dst;
    }

    /** Whether {@code __refcnt} shares a {@code lineBytes}-byte line with {@code member} (the entry is line-aligned). */
    public boolean refcntSharesLineWith(String member, int lineBytes) {
        return layout.offsetOf("__refcnt") / lineBytes == layout.offsetOf(member) / lineBytes;
    }

    /** {@code dst_hold}: {@code atomic_inc(&dst->__refcnt)}. */
    public void dstHold() {
        mem.atomicAddReturn(refcnt, 1, "dst_hold");
    }

    /**
     * {@code dst_release}: {@code atomic_dec_return}, then the {@code DST_NOCACHE} test that reads
     * {@code flags}. Where the port warns (below zero) or destroys (a {@code DST_NOCACHE} entry at
     * zero), this throws: neither happens to a benchmark that holds one reference throughout.
     */
    public void dstRelease() {
        int newrefcnt = mem.atomicAddReturn(refcnt, -1, "dst_release");
        if (newrefcnt < 0) {
            throw new IllegalStateException("dst_release: refcount of " + mem.hex(dst) + " dropped below zero (" + newrefcnt + ")");
        }
        if ((mem.readU32(flags, "dst_release") & DST_NOCACHE) != 0 && newrefcnt == 0) {
            throw new IllegalStateException("dst_release: a DST_NOCACHE entry lost its last reference; destroying it is not"
                    + " modelled here (the benchmark's entry never sets DST_NOCACHE)");
        }
    }

    /** What a packet reads: {@code dst->ops}, {@code dst->input}, {@code dst->output}, {@code dst->_metrics}. */
    public long readReadMostly() {
        return mem.readPointer(ops, "dst->ops") + mem.readPointer(input, "dst->input")
                + mem.readPointer(output, "dst->output") + mem.readULong(metrics, "dst->_metrics");
    }

    public int refcount() {
        return mem.atomicRead(refcnt, "atomic_read");
    }

    @Override
    public void close() {
        mem.close();
    }
}
