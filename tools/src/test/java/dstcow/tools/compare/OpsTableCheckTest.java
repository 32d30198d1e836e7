package dstcow.tools.compare;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ops-table parity against a built table: initializer entries, init-time assignments, values. */
class OpsTableCheckTest {

    private static final CFile FILE = Compare.reader().read(CompareFixtures.tree(), "net/pkt/pkt_route.c");
    private static final CInitializer INIT = FILE.requireInitializer("pkt_dst_ops");
    private static final List<CDefinition.Assignment> ASSIGNED = CDefinition.assignments(FILE, "pkt_dst_ops");

    private static Map<String, String> full() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("family", "AF_INET");
        m.put("protocol", "cpu_to_be16(ETH_P_IP)");
        m.put("gc", "pkt_gc");
        m.put("cow_metrics", "dst_cow_metrics_generic");
        m.put("destroy", "pkt_destroy");
        m.put("kmem_cachep", "pkt_dst_cache");
        return m;
    }

    private static ParityResult check(Map<String, String> java) {
        return OpsTableCheck.compare(INIT, ASSIGNED, new JavaOpsTable("pkt_dst_ops", java, "test"));
    }

    @Test
    void initTimeAssignmentsAreFoundAcrossLines() {
        assertEquals(1, ASSIGNED.size());
        CDefinition.Assignment a = ASSIGNED.getFirst();
        assertEquals("kmem_cachep", a.member());
        assertEquals("pkt_route_init", a.in());
        assertEquals(84, a.line());
        assertTrue(a.value().startsWith("kmem_cache_create(\"pkt_dst_cache\""), a.value());
    }

    @Test
    void theSameMembersMatch() {
        assertTrue(check(full()).matches(), check(full()).toText());
    }

    @Test
    void aMemberSetInCAndNotInJavaIsMissing() {
        Map<String, String> j = full();
        j.remove("destroy");
        assertEquals(List.of("missing: .destroy = pkt_destroy (C line 71) is set in C but not in the Java table"), check(j).lines());
        j = full();
        j.remove("kmem_cachep");
        assertEquals(List.of("missing: .kmem_cachep = kmem_cache_create(\"pkt_dst_cache\", sizeof(struct dst_entry), 0, SLAB_HWCACHE_ALIGN"
                + " | SLAB_PANIC, NULL) (C line 84, at init time) is set in C but not in the Java table"), check(j).lines());
    }

    @Test
    void aMemberOnlyJavaSetsIsExtraAndAnUncompiledOneSaysSo() {
        Map<String, String> j = full();
        j.put("ifdown", "pkt_ifdown");
        assertEquals(List.of("extra: .ifdown = pkt_ifdown is set in the Java table but not in C (C sets it only under "
                + "`defined(CONFIG_PKT_DEBUG)`, line 73, which does not hold)"), check(j).lines());
    }

    @Test
    void aFunctionMemberPointingElsewhereDiffersButInitTimeValuesAreOnlyPresent() {
        Map<String, String> j = full();
        j.put("gc", "rt_garbage_collect");
        j.put("kmem_cachep", "some_other_cache");
        assertEquals(List.of("value differs: .gc is pkt_gc in C (C line 69) but rt_garbage_collect in Java"), check(j).lines());
    }
}
