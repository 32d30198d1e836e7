package dstcow.dst.ops;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code struct dst_ops} offsets. The expected tables are worked out by hand from the C
 * declaration and the System V rules (2-byte shorts, 4-byte unsigned, pointers of the ABI's
 * width and alignment, {@code pcpuc_entries} on a 64-byte line), not taken from the engine.
 */
class DstOpsLayoutTest {

    private static Map<String, Long> offsets(DstOpsLayout l) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("family", l.family());
        m.put("protocol", l.protocol());
        m.put("gc_thresh", l.gcThresh());
        for (String f : l.functionMembers()) {
            m.put(f, l.function(f));
        }
        m.put("kmem_cachep", l.kmemCachep());
        m.put("pcpuc_entries.lock", l.pcpucLock());
        m.put("pcpuc_entries.count", l.pcpucCount());
        m.put("sizeof", l.size());
        return m;
    }

    private static Map<String, Long> table(long... pairs) {
        List<String> names = List.of("family", "protocol", "gc_thresh", "gc", "check", "default_advmss", "default_mtu",
                "cow_metrics", "destroy", "ifdown", "negative_advice", "link_failure", "update_pmtu", "local_out", "kmem_cachep",
                "pcpuc_entries.lock", "pcpuc_entries.count", "sizeof");
        Map<String, Long> m = new LinkedHashMap<>();
        int i = 0;
        for (String n : names) {
            if (pairs[i] >= 0 || n.equals("pcpuc_entries.lock")) {
                m.put(n, pairs[i]);
            }
            i++;
        }
        return m;
    }

    @Test
    void patchedX86_64() {
        assertEquals(table(0, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 128, 136, 192),
                offsets(DstOpsLayout.of(KernelVersion.PATCHED, KernelConfig.defaults(Abi.X86_64))));
    }

    @Test
    void parentX86_64HasNoCowMetrics() {
        assertEquals(table(0, 2, 4, 8, 16, 24, 32, -1, 40, 48, 56, 64, 72, 80, 88, 128, 136, 192),
                offsets(DstOpsLayout.of(KernelVersion.PARENT, KernelConfig.defaults(Abi.X86_64))));
    }

    @Test
    void patchedI386() {
        // percpu_counter on i386: lock 0, s64 count at 4 (long long is 4-aligned), list at 12, counters at 20: 24 bytes.
        assertEquals(table(0, 2, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 64, 68, 128),
                offsets(DstOpsLayout.of(KernelVersion.PATCHED, KernelConfig.defaults(Abi.I386))));
    }

    @Test
    void upKernelsHaveNoLockWordAndNoCacheLineAlignment() {
        DstOpsLayout l = DstOpsLayout.of(KernelVersion.PATCHED,
                KernelConfig.defaults(Abi.X86_64).with("CONFIG_SMP", false).with("CONFIG_HOTPLUG_CPU", false));
        assertEquals(-1, l.pcpucLock());
        assertEquals(104, l.pcpucCount(), "right after kmem_cachep");
        assertEquals(112, l.size());
    }

    @ParameterizedTest
    @EnumSource(Abi.class)
    void pcpucEntriesStartsACacheLineOnSmpAbis(Abi abi) {
        KernelConfig c = KernelConfig.defaults(abi);
        DstOpsLayout l = DstOpsLayout.of(KernelVersion.PATCHED, c);
        long pcpuc = l.layout().offsetOf("pcpuc_entries");
        if (c.enabled("CONFIG_SMP")) {
            assertEquals(0, pcpuc % abi.l1CacheBytes(), abi + ": pcpuc_entries at " + pcpuc);
            assertEquals(pcpuc, l.pcpucLock());
        }
        assertTrue(l.has("cow_metrics"));
        assertFalse(DstOpsLayout.of(KernelVersion.PARENT, c).has("cow_metrics"));
    }

    @Test
    void askingTheParentForCowMetricsSaysTheCommitAddsIt() {
        DstOpsLayout l = DstOpsLayout.of(KernelVersion.PARENT, KernelConfig.defaults(Abi.X86_64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.function("cow_metrics"));
        assertEquals("struct dst_ops has no 'cow_metrics' in the parent kernel (62fa8a84 adds it); function pointers: gc, check,"
                + " default_advmss, default_mtu, destroy, ifdown, negative_advice, link_failure, update_pmtu, local_out", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.function("redirect"));
        assertTrue(e.getMessage().startsWith("struct dst_ops has no function pointer 'redirect'; function pointers: gc, check"));
    }
}
