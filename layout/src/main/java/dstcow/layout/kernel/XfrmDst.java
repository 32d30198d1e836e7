package dstcow.layout.kernel;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.USHORT;
import static dstcow.layout.kernel.KTypes.atomic_t;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u32;
import static dstcow.layout.kernel.KTypes.u8;

/**
 * {@code struct xfrm_dst} (include/net/xfrm.h) and the {@code struct rt6_info} in its union
 * (include/net/ip6_fib.h), as of 62fa8a84 (neither file is touched by it; both embed a
 * {@code struct dst_entry}, so both change size with it):
 * <pre>
 * struct xfrm_dst {
 *         union {
 *                 struct dst_entry        dst;
 *                 struct rtable           rt;
 *                 struct rt6_info         rt6;
 *         } u;
 *         struct dst_entry *route;
 *         struct flow_cache_object flo;
 *         struct xfrm_policy *pols[XFRM_POLICY_TYPE_MAX];
 *         int num_pols, num_xfrms;
 * #ifdef CONFIG_XFRM_SUB_POLICY
 *         struct flowi *origin;
 *         struct xfrm_selector *partner;
 * #endif
 *         u32 xfrm_genid;
 *         u32 policy_genid;
 *         u32 route_mtu_cached;
 *         u32 child_mtu_cached;
 *         u32 route_cookie;
 *         u32 path_cookie;
 * };
 *
 * struct rt6_info {
 *         struct dst_entry                dst;
 *         struct fib6_table               *rt6i_table;
 *         struct fib6_node                *rt6i_node;
 *         struct in6_addr                 rt6i_gateway;
 *         atomic_t                        rt6i_ref;
 *         struct rt6key                   rt6i_dst ____cacheline_aligned_in_smp;
 *         u32                             rt6i_flags;
 *         struct rt6key                   rt6i_src;
 *         u32                             rt6i_metric;
 *         struct inet6_dev                *rt6i_idev;
 *         struct inet_peer                *rt6i_peer;
 * #ifdef CONFIG_XFRM
 *         u32                             rt6i_flow_cache_genid;
 * #endif
 *         unsigned short                  rt6i_nfheader_len;
 *         u8                              rt6i_protocol;
 * };
 * </pre>
 */
public final class XfrmDst {
    private XfrmDst() {
    }

    /** {@code XFRM_POLICY_TYPE_MAX} (include/linux/xfrm.h). */
    public static final int XFRM_POLICY_TYPE_MAX = 2;

    /** {@code struct rt6key { struct in6_addr addr; int plen; };} */
    public static final RecordDef RT6KEY = RecordDef.struct("rt6key", new KernelSource("include/net/ip6_fib.h", "", KernelSource.PATCHED),
            Member.of("addr", KernelBasics.IN6_ADDR.type()),
            Member.of("plen", INT));

    private static RecordDef rt6Info(KernelVersion v) {
        return RecordDef.struct("rt6_info", new KernelSource("include/net/ip6_fib.h", "", KernelSource.PATCHED),
                Member.of("dst", DstEntry.of(v).type()),
                Member.of("rt6i_table", ptr("fib6_table")),
                Member.of("rt6i_node", ptr("fib6_node")),
                Member.of("rt6i_gateway", KernelBasics.IN6_ADDR.type()),
                Member.of("rt6i_ref", atomic_t),
                Member.of("rt6i_dst", RT6KEY.type()).aligned(AlignSpec.CACHELINE_IN_SMP),
                Member.of("rt6i_flags", u32),
                Member.of("rt6i_src", RT6KEY.type()),
                Member.of("rt6i_metric", u32),
                Member.of("rt6i_idev", ptr("inet6_dev")),
                Member.of("rt6i_peer", ptr("inet_peer")),
                Member.of("rt6i_flow_cache_genid", u32).ifdef("CONFIG_XFRM"),
                Member.of("rt6i_nfheader_len", USHORT),
                Member.of("rt6i_protocol", u8));
    }

    private static RecordDef build(KernelVersion v, RecordDef rt6) {
        return RecordDef.struct("xfrm_dst", new KernelSource("include/net/xfrm.h", "", KernelSource.PATCHED),
                Member.of("u", RecordDef.anonymous(RecordDef.Kind.UNION,
                        Member.of("dst", DstEntry.of(v).type()),
                        Member.of("rt", Rtable.of(v).type()),
                        Member.of("rt6", rt6.type())).type()),
                Member.of("route", ptr("dst_entry")),
                Member.of("flo", KernelBasics.FLOW_CACHE_OBJECT.type()),
                Member.of("pols", CType.array(ptr("xfrm_policy"), XFRM_POLICY_TYPE_MAX)),
                Member.of("num_pols", INT),
                Member.of("num_xfrms", INT),
                Member.of("origin", ptr("flowi")).ifdef("CONFIG_XFRM_SUB_POLICY"),
                Member.of("partner", ptr("xfrm_selector")).ifdef("CONFIG_XFRM_SUB_POLICY"),
                Member.of("xfrm_genid", u32),
                Member.of("policy_genid", u32),
                Member.of("route_mtu_cached", u32),
                Member.of("child_mtu_cached", u32),
                Member.of("route_cookie", u32),
                Member.of("path_cookie", u32));
    }

    public static final RecordDef RT6_INFO_PARENT = rt6Info(KernelVersion.PARENT);
    public static final RecordDef RT6_INFO_PATCHED = rt6Info(KernelVersion.PATCHED);
    public static final RecordDef PARENT = build(KernelVersion.PARENT, RT6_INFO_PARENT);
    public static final RecordDef PATCHED = build(KernelVersion.PATCHED, RT6_INFO_PATCHED);

    public static RecordDef of(KernelVersion version) {
        return version == KernelVersion.PATCHED ? PATCHED : PARENT;
    }

    public static RecordDef rt6InfoOf(KernelVersion version) {
        return version == KernelVersion.PATCHED ? RT6_INFO_PATCHED : RT6_INFO_PARENT;
    }
}
