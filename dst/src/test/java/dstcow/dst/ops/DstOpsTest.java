package dstcow.dst.ops;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An ops table defined in emulated {@code .data} reads back member by member from native memory. */
class DstOpsTest {

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "I386", "POWERPC64", "S390X"})
    void anOpsTableIsNativeMemoryHoldingFunctionAddresses(Abi abi) {
        try (KernelMemory mem = KernelMemory.create(abi, MemoryMode.CHECKED)) {
            DstOpsLayout layout = DstOpsLayout.of(KernelVersion.PATCHED, KernelConfig.defaults(abi));
            long mtu = mem.symbols().register("ipv4_default_mtu", (FnTypes.DefaultMtu) dst -> 1500);
            mem.symbols().register("ipv4_cow_metrics", (FnTypes.CowMetrics) (dst, old) -> 0);
            KmemCache cache = mem.kmemCacheCreate("ip_dst_cache", 256, 0, KernelMemory.SLAB_HWCACHE_ALIGN, "ip_rt_init");
            DstOps ops = DstOps.builder(mem, layout, "ipv4_dst_ops")
                    .family(DstOps.AF_INET).protocol(DstOps.ETH_P_IP).gcThresh(1024)
                    .defaultMtu("ipv4_default_mtu").cowMetrics("ipv4_cow_metrics").kmemCachep(cache)
                    .build();
            assertEquals("ipv4_dst_ops", ops.name());
            assertEquals(DstOps.AF_INET, ops.family());
            assertEquals(DstOps.ETH_P_IP, ops.protocol());
            // __be16: the bytes in memory are in network order whatever the ABI.
            assertEquals(0x08, mem.readU8(ops.address() + layout.protocol(), "test"));
            assertEquals(1024, ops.gcThresh());
            assertEquals(mtu, mem.readPointer(ops.address() + layout.function("default_mtu"), "test"));
            assertEquals("ipv4_cow_metrics", ops.functionName("cow_metrics"));
            assertEquals("NULL", ops.functionName("destroy"));
            assertEquals(cache, ops.cache());
            assertEquals(0, ops.entries());
            assertEquals("struct dst_ops ipv4_dst_ops = { .family = AF_INET, .default_mtu = ipv4_default_mtu, .cow_metrics = ipv4_cow_metrics }",
                    ops.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void theBuilderRefusesAFunctionOfTheWrongType(KernelVersion version) {
        try (KernelMemory mem = KernelMemory.create(Abi.X86_64, MemoryMode.CHECKED)) {
            DstOpsLayout layout = DstOpsLayout.of(version, KernelConfig.defaults(Abi.X86_64));
            mem.symbols().register("ipv4_dst_destroy", (FnTypes.Destroy) dst -> { });
            DstOps.Builder b = DstOps.builder(mem, layout, "ipv4_dst_ops");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.defaultMtu("ipv4_dst_destroy"));
            assertEquals("dst_ops.default_mtu needs a FnTypes.DefaultMtu but ipv4_dst_destroy is a FnTypes.Destroy", e.getMessage());
        }
    }
}
