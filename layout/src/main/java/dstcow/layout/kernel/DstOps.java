package dstcow.layout.kernel;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.ULONG;
import static dstcow.layout.kernel.KTypes.USHORT;
import static dstcow.layout.kernel.KTypes.VOID;
import static dstcow.layout.kernel.KTypes.__be16;
import static dstcow.layout.kernel.KTypes.__u32;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u32;
import static dstcow.layout.ctype.CType.fn;

/**
 * {@code struct dst_ops}, include/net/dst_ops.h. 62fa8a84 adds one member, right after
 * {@code default_mtu}:
 * <pre>
 * struct dst_ops {
 *         unsigned short          family;
 *         __be16                  protocol;
 *         unsigned                gc_thresh;
 *
 *         int                     (*gc)(struct dst_ops *ops);
 *         struct dst_entry *      (*check)(struct dst_entry *, __u32 cookie);
 *         unsigned int            (*default_advmss)(const struct dst_entry *);
 *         unsigned int            (*default_mtu)(const struct dst_entry *);
 *         u32 *                   (*cow_metrics)(struct dst_entry *, unsigned long);   // new in 62fa8a84
 *         void                    (*destroy)(struct dst_entry *);
 *         void                    (*ifdown)(struct dst_entry *,
 *                                           struct net_device *dev, int how);
 *         struct dst_entry *      (*negative_advice)(struct dst_entry *);
 *         void                    (*link_failure)(struct sk_buff *);
 *         void                    (*update_pmtu)(struct dst_entry *dst, u32 mtu);
 *         int                     (*local_out)(struct sk_buff *skb);
 *
 *         struct kmem_cache       *kmem_cachep;
 *
 *         struct percpu_counter   pcpuc_entries ____cacheline_aligned_in_smp;
 * };
 * </pre>
 * The parent is the file as d33e4553 left it (the same without {@code cow_metrics}).
 */
public final class DstOps {
    private DstOps() {
    }

    /** The function-pointer members, in order, of each version: what an ops table may set. */
    public static List<String> functionMembers(KernelVersion version) {
        List<String> names = new ArrayList<>();
        for (Member m : of(version).members()) {
            if (m.type() instanceof CType.FunctionPointer) {
                names.add(m.name());
            }
        }
        return names;
    }

    private static RecordDef build(boolean patched) {
        CType dst = ptr("dst_entry");
        List<Member> m = new ArrayList<>(List.of(
                Member.of("family", USHORT),
                Member.of("protocol", __be16),
                Member.of("gc_thresh", UINT),
                Member.of("gc", fn(INT, ptr("dst_ops"))),
                Member.of("check", fn(dst, dst, __u32)),
                Member.of("default_advmss", fn(UINT, dst)),
                Member.of("default_mtu", fn(UINT, dst))));
        if (patched) {
            m.add(Member.of("cow_metrics", fn(CType.ptr(u32), dst, ULONG)));
        }
        m.addAll(List.of(
                Member.of("destroy", fn(VOID, dst)),
                Member.of("ifdown", fn(VOID, dst, ptr("net_device"), INT)),
                Member.of("negative_advice", fn(dst, dst)),
                Member.of("link_failure", fn(VOID, ptr("sk_buff"))),
                Member.of("update_pmtu", fn(VOID, dst, u32)),
                Member.of("local_out", fn(INT, ptr("sk_buff"))),
                Member.of("kmem_cachep", ptr("kmem_cache")),
                Member.of("pcpuc_entries", KernelBasics.PERCPU_COUNTER.type()).aligned(AlignSpec.CACHELINE_IN_SMP)));
        KernelSource src = patched
                ? new KernelSource("include/net/dst_ops.h", "", KernelSource.PATCHED)
                : new KernelSource("include/net/dst_ops.h", "", KernelSource.PARENT_DST_H);
        return new RecordDef(RecordDef.Kind.STRUCT, "dst_ops", m, AlignSpec.NONE, src);
    }

    public static final RecordDef PARENT = build(false);
    public static final RecordDef PATCHED = build(true);

    public static RecordDef of(KernelVersion version) {
        return version == KernelVersion.PATCHED ? PATCHED : PARENT;
    }
}
