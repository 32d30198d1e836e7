package dstcow.layout.kernel;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.__be32;
import static dstcow.layout.kernel.KTypes.__u32;
import static dstcow.layout.kernel.KTypes.atomic_t;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u32;

/**
 * {@code struct fib_nh} and {@code struct fib_info}, include/net/ip_fib.h as of 62fa8a84 (not
 * changed by it). {@code fib_metrics} is still embedded; routes point at it read-only after the patch:
 * <pre>
 * struct fib_nh {
 *         struct net_device       *nh_dev;
 *         struct hlist_node       nh_hash;
 *         struct fib_info         *nh_parent;
 *         unsigned                nh_flags;
 *         unsigned char           nh_scope;
 * #ifdef CONFIG_IP_ROUTE_MULTIPATH
 *         int                     nh_weight;
 *         int                     nh_power;
 * #endif
 * #ifdef CONFIG_IP_ROUTE_CLASSID
 *         __u32                   nh_tclassid;
 * #endif
 *         int                     nh_oif;
 *         __be32                  nh_gw;
 * };
 *
 * struct fib_info {
 *         struct hlist_node       fib_hash;
 *         struct hlist_node       fib_lhash;
 *         struct net              *fib_net;
 *         int                     fib_treeref;
 *         atomic_t                fib_clntref;
 *         int                     fib_dead;
 *         unsigned                fib_flags;
 *         int                     fib_protocol;
 *         __be32                  fib_prefsrc;
 *         u32                     fib_priority;
 *         u32                     fib_metrics[RTAX_MAX];
 *         int                     fib_nhs;
 * #ifdef CONFIG_IP_ROUTE_MULTIPATH
 *         int                     fib_power;
 * #endif
 *         struct rcu_head         rcu;
 *         struct fib_nh           fib_nh[0];
 * };
 * </pre>
 */
public final class FibInfo {
    private FibInfo() {
    }

    private static KernelSource src() {
        return new KernelSource("include/net/ip_fib.h", "", KernelSource.PATCHED);
    }

    public static final RecordDef FIB_NH = RecordDef.struct("fib_nh", src(),
            Member.of("nh_dev", ptr("net_device")),
            Member.of("nh_hash", KernelBasics.HLIST_NODE.type()),
            Member.of("nh_parent", ptr("fib_info")),
            Member.of("nh_flags", UINT),
            Member.of("nh_scope", CType.of(dstcow.layout.ctype.IntKind.UCHAR)),
            Member.of("nh_weight", INT).ifdef("CONFIG_IP_ROUTE_MULTIPATH"),
            Member.of("nh_power", INT).ifdef("CONFIG_IP_ROUTE_MULTIPATH"),
            Member.of("nh_tclassid", __u32).ifdef("CONFIG_IP_ROUTE_CLASSID"),
            Member.of("nh_oif", INT),
            Member.of("nh_gw", __be32));

    public static final RecordDef DEF = RecordDef.struct("fib_info", src(),
            Member.of("fib_hash", KernelBasics.HLIST_NODE.type()),
            Member.of("fib_lhash", KernelBasics.HLIST_NODE.type()),
            Member.of("fib_net", ptr("net")),
            Member.of("fib_treeref", INT),
            Member.of("fib_clntref", atomic_t),
            Member.of("fib_dead", INT),
            Member.of("fib_flags", UINT),
            Member.of("fib_protocol", INT),
            Member.of("fib_prefsrc", __be32),
            Member.of("fib_priority", u32),
            Member.of("fib_metrics", CType.array(u32, DstEntry.RTAX_MAX)),
            Member.of("fib_nhs", INT),
            Member.of("fib_power", INT).ifdef("CONFIG_IP_ROUTE_MULTIPATH"),
            Member.of("rcu", RcuHead.DEF.type()),
            Member.of("fib_nh", CType.array(FIB_NH.type(), 0)));
}
