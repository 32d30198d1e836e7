package dstcow.ipv4.route;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.struct.DstFields;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * The inline functions of include/net/dst.h that route.c and xfrm_policy.c call and the dst
 * module does not port ({@code dst_set_expires}, {@code dst_confirm}, {@code dst_check}), the
 * indirect calls through {@code dst->ops} that the dst module keeps to itself, and the
 * {@code time_after} family for the ABI's {@code unsigned long}. An adapter; the dst module could
 * expose these (see the ipv4 README).
 */
public final class DstInlines {

    private final DstKernel k;
    private final KernelMemory mem;
    private final DstFields f;
    private final long opsCheck;
    private final long opsUpdatePmtu;
    private final long opsDestroy;
    private final boolean wide;

    public DstInlines(DstKernel k, DstFields f) {
        this.k = k;
        this.mem = k.memory();
        this.f = f;
        this.opsCheck = k.dstOpsLayout().function("check");
        this.opsUpdatePmtu = k.dstOpsLayout().function("update_pmtu");
        this.opsDestroy = k.dstOpsLayout().function("destroy");
        this.wide = mem.pointerSize() == 8;
    }

    /** {@code time_after(a, b)}: {@code (long)(b - a) < 0} in the ABI's {@code long}. */
    public boolean timeAfter(long a, long b) {
        return wide ? b - a < 0 : (int) (b - a) < 0;
    }

    /** {@code time_after_eq(a, b)}: {@code (long)(a - b) >= 0}. */
    public boolean timeAfterEq(long a, long b) {
        return wide ? a - b >= 0 : (int) (a - b) >= 0;
    }

    /** {@code time_before(a, b)}. */
    public boolean timeBefore(long a, long b) {
        return timeAfter(b, a);
    }

    /** {@code time_before_eq(a, b)}. */
    public boolean timeBeforeEq(long a, long b) {
        return timeAfterEq(b, a);
    }

    /** {@code jiffies + timeout} wrapped to the ABI's {@code unsigned long}. */
    public long jiffiesPlus(long timeout) {
        long v = k.jiffies() + timeout;
        return wide ? v : v & 0xffffffffL;
    }

    /**
     * {@code static inline void dst_set_expires(struct dst_entry *dst, int timeout)}: the entry
     * expires {@code timeout} ticks from now, unless it already expires sooner.
     */
    @KernelSource(file = "include/net/dst.h", symbol = "dst_set_expires", commit = PATCHED)
    public void dstSetExpires(long dst, int timeout) {
        String fn = "dst_set_expires";
        long expires = jiffiesPlus(timeout);
        if (expires == 0) {
            expires = 1;
        }
        long cur = f.expires(dst, fn);
        if (cur == 0 || timeBefore(expires, cur)) {
            f.setExpires(dst, expires, fn);
        }
    }

    /** {@code static inline void dst_confirm(struct dst_entry *dst)}: confirms the neighbour, if any (never: neighbours are not modelled). */
    @KernelSource(file = "include/net/dst.h", symbol = "dst_confirm", commit = PATCHED,
            note = "neighbours are not modelled; a non-NULL neighbour is noted in the trace")
    public void dstConfirm(long dst) {
        if (dst != 0) {
            long n = f.neighbour(dst, "dst_confirm");
            if (n != 0) {
                mem.trace().emit(TraceKind.NOTE, "dst_confirm", n, "neigh_confirm: neighbours are not modelled");
            }
        }
    }

    /** {@code static inline struct dst_entry *dst_check(struct dst_entry *dst, u32 cookie)}: an obsolete entry is asked {@code ops->check}. */
    @KernelSource(file = "include/net/dst.h", symbol = "dst_check", commit = PATCHED)
    public long dstCheck(long dst, int cookie) {
        if (f.obsolete(dst, "dst_check") != 0) {
            dst = ops(dst, opsCheck, FnTypes.Check.class, "check", "dst_check").check(dst, cookie);
        }
        return dst;
    }

    /** {@code dst->ops->update_pmtu(dst, mtu)}, called from {@code caller}. */
    public void updatePmtu(long dst, int mtu, String caller) {
        ops(dst, opsUpdatePmtu, FnTypes.UpdatePmtu.class, "update_pmtu", caller).updatePmtu(dst, mtu);
    }

    /** Whether {@code dst->ops->destroy} is set. */
    public boolean hasDestroy(long dst) {
        return mem.readPointer(k.ops(dst) + opsDestroy, "dst->ops->destroy") != 0;
    }

    /**
     * {@code dst->ops->member}: reads {@code ops} and the member from native memory, resolves the
     * function (a NULL or wrong pointer oopses) and records the call, as the dst module does.
     */
    public <T> T ops(long dst, long memberOffset, Class<T> type, String member, String caller) {
        long ops = mem.readPointer(dst + k.offsetOf("ops"), caller);
        long fn = mem.readPointer(ops + memberOffset, caller);
        T impl = mem.symbols().resolve(fn, type, caller, "dst->ops->" + member);
        if (mem.trace().enabled()) {
            mem.trace().emit(TraceKind.CALL, caller, fn, "dst->ops->" + member + " = " + mem.symbolize(fn));
        }
        return impl;
    }
}
