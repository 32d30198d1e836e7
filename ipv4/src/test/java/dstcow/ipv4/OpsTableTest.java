package dstcow.ipv4;

import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ipv4_dst_ops} and {@code ipv4_dst_blackhole_ops} as defined in native memory, member by
 * member, against the initializers of route.c (KERNEL.md section 7.1): every function pointer,
 * family, protocol, {@code gc_thresh} and {@code kmem_cachep} as {@code ip_rt_init} sets them.
 */
class OpsTableTest {

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void ipv4DstOps(KernelVersion v) {
        try (Net n = Net.bootWith(v, Abi.X86_64, MemoryMode.CHECKED)) {
            DstOps ops = n.s.kernel().dstOps(n.s.route().ipv4DstOps());
            Map<String, String> want = new LinkedHashMap<>();
            want.put("gc", "rt_garbage_collect");
            want.put("check", "ipv4_dst_check");
            want.put("default_advmss", "ipv4_default_advmss");
            want.put("default_mtu", "ipv4_default_mtu");
            if (v == KernelVersion.PATCHED) {
                want.put("cow_metrics", "ipv4_cow_metrics");
            }
            want.put("destroy", "ipv4_dst_destroy");
            want.put("ifdown", "ipv4_dst_ifdown");
            want.put("negative_advice", "ipv4_negative_advice");
            want.put("link_failure", "ipv4_link_failure");
            want.put("update_pmtu", "ip_rt_update_pmtu");
            want.put("local_out", "__ip_local_out");
            assertEquals(want, ops.functions());
            assertEquals(DstOps.AF_INET, ops.family());
            assertEquals(DstOps.ETH_P_IP, ops.protocol());
            assertEquals(n.s.route().hashBuckets(), ops.gcThresh(), "ip_rt_init: rt_hash_mask + 1");
            assertEquals("ip_dst_cache", ops.cache().name());
            assertEquals(n.s.route().rtableLayout().size(), ops.cache().requestedSize(), "sizeof(struct rtable)");
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void ipv4DstBlackholeOps(KernelVersion v) {
        try (Net n = Net.bootWith(v, Abi.I386, MemoryMode.CHECKED)) {
            DstOps ops = n.s.kernel().dstOps(n.s.route().ipv4DstBlackholeOps());
            Map<String, String> want = new LinkedHashMap<>();
            want.put("gc", "NULL");
            want.put("check", "ipv4_blackhole_dst_check");
            want.put("default_advmss", "NULL");
            want.put("default_mtu", "NULL");
            if (v == KernelVersion.PATCHED) {
                want.put("cow_metrics", "NULL");
            }
            want.put("destroy", "ipv4_dst_destroy");
            want.put("ifdown", "NULL");
            want.put("negative_advice", "NULL");
            want.put("link_failure", "NULL");
            want.put("update_pmtu", "ipv4_rt_blackhole_update_pmtu");
            want.put("local_out", "NULL");
            assertEquals(want, ops.functions());
            assertEquals("ip_dst_cache", ops.cache().name(), "ip_rt_init shares ipv4_dst_ops.kmem_cachep");
            assertEquals(0, ops.gcThresh());
        }
    }
}
