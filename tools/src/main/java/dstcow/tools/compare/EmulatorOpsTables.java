package dstcow.tools.compare;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.Ipv4Stack;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.ipv4.Xfrm4Policy;
import dstcow.xfrm.state.XfrmStates;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dstcow's ops tables, read from an emulated kernel's memory: boots the dst layer and IPv4 routing
 * ({@code ip_rt_init}: {@code ipv4_dst_ops}, {@code ipv4_dst_blackhole_ops}) and constructs
 * xfrm4_policy.c's {@code xfrm4_dst_ops} without registering it, since
 * {@code xfrm_policy_register_afinfo} fills its NULL members in at run time and the C initializer
 * is what is compared. Each table is the native {@code struct dst_ops} in {@code .data}: its
 * function pointers are resolved to kernel names through the symbol table.
 */
public final class EmulatorOpsTables implements OpsTableSource {

    @Override
    public Map<String, JavaOpsTable> tables(KernelVersion v, Collection<String> names) {
        Map<String, JavaOpsTable> out = new LinkedHashMap<>();
        try (Ipv4Stack ip = Ipv4Stack.boot(v, Abi.X86_64, MemoryMode.CHECKED)) {
            DstKernel k = ip.kernel();
            Xfrm xfrm = new Xfrm(k, ip.devices(), new XfrmStates(k), ip.route().rtableLayout().fl());
            Xfrm4Policy.of(xfrm, ip.route());
            KernelMemory mem = k.memory();
            String origin = "emulated " + v + " kernel on x86_64: the struct dst_ops in .data after boot";
            for (String name : names) {
                long address;
                try {
                    address = mem.staticAddress(name);
                } catch (IllegalArgumentException notDefined) {
                    continue;
                }
                out.put(name, new JavaOpsTable(name, members(k.dstOps(address), mem), origin));
            }
        }
        return out;
    }

    /** The members a table sets (non-zero), with their values as C writes them. */
    public static Map<String, String> members(DstOps ops, KernelMemory mem) {
        Map<String, String> m = new LinkedHashMap<>();
        if (ops.family() != 0) {
            m.put("family", DstOps.familyName(ops.family()));
        }
        if (ops.protocol() != 0) {
            m.put("protocol", protocol(ops.protocol()));
        }
        if (ops.gcThresh() != 0) {
            m.put("gc_thresh", Integer.toUnsignedString(ops.gcThresh()));
        }
        for (String f : ops.layout().functionMembers()) {
            if (ops.function(f) != 0) {
                m.put(f, ops.functionName(f));
            }
        }
        if (ops.kmemCachep() != 0) {
            m.put("kmem_cachep", ops.cache().name());
        }
        return m;
    }

    private static String protocol(int ethP) {
        for (var e : List.of(Map.entry(DstOps.ETH_P_IP, "ETH_P_IP"), Map.entry(DstOps.ETH_P_IPV6, "ETH_P_IPV6"))) {
            if (e.getKey() == ethP) {
                return "cpu_to_be16(" + e.getValue() + ")";
            }
        }
        return "cpu_to_be16(0x" + Integer.toHexString(ethP) + ")";
    }
}
