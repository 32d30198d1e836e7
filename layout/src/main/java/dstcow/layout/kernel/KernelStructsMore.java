package dstcow.layout.kernel;

import java.util.List;

/** The structs around dst_entry, registered with {@link KernelStructs}. */
final class KernelStructsMore {
    private KernelStructsMore() {
    }

    static List<KernelStructs.Entry> entries() {
        return List.of(
                new KernelStructs.Entry("dst_ops", DstOps.PARENT, DstOps.PATCHED,
                        "per-protocol dst operations; the patch adds cow_metrics"),
                new KernelStructs.Entry("rtable", Rtable.PARENT, Rtable.PATCHED,
                        "IPv4 route cache entry (embeds dst_entry); the patch adds fi"),
                new KernelStructs.Entry("flowi", Flowi.DEF, Flowi.DEF, "flow key of a route lookup, embedded in rtable"),
                new KernelStructs.Entry("fib_info", FibInfo.DEF, FibInfo.DEF,
                        "shared FIB route data with fib_metrics, which routes now point at read-only"),
                new KernelStructs.Entry("fib_nh", FibInfo.FIB_NH, FibInfo.FIB_NH, "FIB next hop, fib_info's trailing array"),
                new KernelStructs.Entry("xfrm_dst", XfrmDst.PARENT, XfrmDst.PATCHED,
                        "IPsec bundle entry (union of dst_entry, rtable, rt6_info)"),
                new KernelStructs.Entry("rt6_info", XfrmDst.RT6_INFO_PARENT, XfrmDst.RT6_INFO_PATCHED,
                        "IPv6 route entry (embeds dst_entry)"),
                new KernelStructs.Entry("percpu_counter", KernelBasics.PERCPU_COUNTER, KernelBasics.PERCPU_COUNTER,
                        "per-CPU counter, dst_ops.pcpuc_entries"),
                new KernelStructs.Entry("in6_addr", KernelBasics.IN6_ADDR, KernelBasics.IN6_ADDR, "IPv6 address"),
                new KernelStructs.Entry("hlist_node", KernelBasics.HLIST_NODE, KernelBasics.HLIST_NODE, "hash list node"),
                new KernelStructs.Entry("list_head", KernelBasics.LIST_HEAD, KernelBasics.LIST_HEAD, "list node"));
    }
}
