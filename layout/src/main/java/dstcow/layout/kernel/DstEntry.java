package dstcow.layout.kernel;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.LONG;
import static dstcow.layout.kernel.KTypes.SHORT;
import static dstcow.layout.kernel.KTypes.SKB_HANDLER;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.ULONG;
import static dstcow.layout.kernel.KTypes.USHORT;
import static dstcow.layout.kernel.KTypes.VOID;
import static dstcow.layout.kernel.KTypes.__u32;
import static dstcow.layout.kernel.KTypes.atomic_t;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u32;

/**
 * {@code struct dst_entry}, include/net/dst.h, before and after 62fa8a84.
 *
 * <p>After (62fa8a84, lines 39-95):
 * <pre>
 * struct dst_entry {
 *         struct rcu_head         rcu_head;
 *         struct dst_entry        *child;
 *         struct net_device       *dev;
 *         struct  dst_ops         *ops;
 *         unsigned long           _metrics;
 *         unsigned long           expires;
 *         struct dst_entry        *path;
 *         struct neighbour        *neighbour;
 *         struct hh_cache         *hh;
 * #ifdef CONFIG_XFRM
 *         struct xfrm_state       *xfrm;
 * #else
 *         void                    *__pad1;
 * #endif
 *         int                     (*input)(struct sk_buff*);
 *         int                     (*output)(struct sk_buff*);
 *
 *         short                   error;
 *         short                   obsolete;
 *         unsigned short          header_len;
 *         unsigned short          trailer_len;
 * #ifdef CONFIG_IP_ROUTE_CLASSID
 *         __u32                   tclassid;
 * #else
 *         __u32                   __pad2;
 * #endif
 * #ifdef CONFIG_64BIT
 *         long                    __pad_to_align_refcnt[1];
 * #endif
 *         atomic_t                __refcnt;
 *         int                     __use;
 *         unsigned long           lastuse;
 *         unsigned long           rate_last;
 *         unsigned int            rate_tokens;
 *         int                     flags;
 *         union {
 *                 struct dst_entry        *next;
 *                 struct rtable __rcu     *rt_next;
 *                 struct rt6_info         *rt6_next;
 *                 struct dn_route __rcu   *dn_next;
 *         };
 * };
 * </pre>
 * Before (the parent; dst.h lines 39-102): {@code error}, {@code obsolete}, {@code flags},
 * {@code header_len}, {@code trailer_len}, {@code rate_tokens} and {@code rate_last} sit right
 * after {@code dev}, between {@code dev} and {@code path}; {@code ops} and an inline
 * {@code u32 _metrics[RTAX_MAX]} sit after {@code output}.
 */
public final class DstEntry {
    private DstEntry() {
    }

    /** {@code RTAX_MAX}: __RTAX_MAX - 1 = 14 metric slots (include/linux/rtnetlink.h). */
    public static final int RTAX_MAX = 14;

    public static final KernelSource PATCHED_SOURCE = new KernelSource("include/net/dst.h", "39-95", KernelSource.PATCHED);
    public static final KernelSource PARENT_SOURCE = new KernelSource("include/net/dst.h", "39-102", KernelSource.PARENT_DST_H);

    /** The members the kernel comment keeps off {@code __refcnt}'s line ("or performance tanks badly"). */
    public static final java.util.List<String> READ_MOSTLY = java.util.List.of("input", "output", "ops");

    /** The writeable group the commit message puts on {@code __refcnt}'s line. */
    public static final java.util.List<String> WRITEABLE = java.util.List.of("__refcnt", "__use", "lastuse", "rate_last", "rate_tokens", "flags");

    private static Member nextUnion() {
        return Member.anonymous(RecordDef.anonymous(RecordDef.Kind.UNION,
                Member.of("next", ptr("dst_entry")),
                Member.of("rt_next", ptr("rtable")),
                Member.of("rt6_next", ptr("rt6_info")),
                Member.of("dn_next", ptr("dn_route"))));
    }

    public static final RecordDef PATCHED = RecordDef.struct("dst_entry", PATCHED_SOURCE,
            Member.of("rcu_head", RcuHead.DEF.type()),
            Member.of("child", ptr("dst_entry")),
            Member.of("dev", ptr("net_device")),
            Member.of("ops", ptr("dst_ops")),
            Member.of("_metrics", ULONG),
            Member.of("expires", ULONG),
            Member.of("path", ptr("dst_entry")),
            Member.of("neighbour", ptr("neighbour")),
            Member.of("hh", ptr("hh_cache")),
            Member.of("xfrm", ptr("xfrm_state")).ifdef("CONFIG_XFRM"),
            Member.of("__pad1", ptr(VOID)).ifndef("CONFIG_XFRM"),
            Member.of("input", SKB_HANDLER),
            Member.of("output", SKB_HANDLER),
            Member.of("error", SHORT),
            Member.of("obsolete", SHORT),
            Member.of("header_len", USHORT),
            Member.of("trailer_len", USHORT),
            Member.of("tclassid", __u32).ifdef("CONFIG_IP_ROUTE_CLASSID"),
            Member.of("__pad2", __u32).ifndef("CONFIG_IP_ROUTE_CLASSID"),
            Member.of("__pad_to_align_refcnt", CType.array(LONG, 1)).ifdef("CONFIG_64BIT"),
            Member.of("__refcnt", atomic_t),
            Member.of("__use", INT),
            Member.of("lastuse", ULONG),
            Member.of("rate_last", ULONG),
            Member.of("rate_tokens", UINT),
            Member.of("flags", INT),
            nextUnion());

    public static final RecordDef PARENT = RecordDef.struct("dst_entry", PARENT_SOURCE,
            Member.of("rcu_head", RcuHead.DEF.type()),
            Member.of("child", ptr("dst_entry")),
            Member.of("dev", ptr("net_device")),
            Member.of("error", SHORT),
            Member.of("obsolete", SHORT),
            Member.of("flags", INT),
            Member.of("expires", ULONG),
            Member.of("header_len", USHORT),
            Member.of("trailer_len", USHORT),
            Member.of("rate_tokens", UINT),
            Member.of("rate_last", ULONG),
            Member.of("path", ptr("dst_entry")),
            Member.of("neighbour", ptr("neighbour")),
            Member.of("hh", ptr("hh_cache")),
            Member.of("xfrm", ptr("xfrm_state")).ifdef("CONFIG_XFRM"),
            Member.of("__pad1", ptr(VOID)).ifndef("CONFIG_XFRM"),
            Member.of("input", SKB_HANDLER),
            Member.of("output", SKB_HANDLER),
            Member.of("ops", ptr("dst_ops")),
            Member.of("_metrics", CType.array(u32, RTAX_MAX)),
            Member.of("tclassid", __u32).ifdef("CONFIG_IP_ROUTE_CLASSID"),
            Member.of("__pad2", __u32).ifndef("CONFIG_IP_ROUTE_CLASSID"),
            Member.of("__pad_to_align_refcnt", CType.array(LONG, 1)).ifdef("CONFIG_64BIT"),
            Member.of("__refcnt", atomic_t),
            Member.of("__use", INT),
            Member.of("lastuse", ULONG),
            nextUnion());

    public static RecordDef of(KernelVersion version) {
        return version == KernelVersion.PATCHED ? PATCHED : PARENT;
    }
}
