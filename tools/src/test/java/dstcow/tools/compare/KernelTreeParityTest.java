package dstcow.tools.compare;

import dstcow.layout.abi.Abi;
import dstcow.layout.kernel.DstOps;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parity against a real Linux tree at 62fa8a84, named by the environment variable
 * {@code DSTCOW_KERNEL_TREE} (a directory holding include/net/dst.h and friends). Skipped, with the
 * reason, when it is not set; each check is skipped when its file is not in the tree.
 *
 * <pre>
 * DSTCOW_KERNEL_TREE=$HOME/linux ./mvnw -B test -pl tools -Dtest=KernelTreeParityTest
 * </pre>
 */
class KernelTreeParityTest {

    private static Path tree;
    private static final CReader READER = CReader.forConfig(KernelConfig.defaults(Abi.X86_64));

    @BeforeEach
    void tree() {
        String dir = System.getenv("DSTCOW_KERNEL_TREE");
        assumeTrue(dir != null && !dir.isBlank(), "DSTCOW_KERNEL_TREE is not set: set it to a Linux source tree at "
                + "62fa8a84 (a directory with include/net/dst.h) to compare the model with the kernel source");
        tree = Path.of(dir);
        assumeTrue(Files.isDirectory(tree), "DSTCOW_KERNEL_TREE=" + dir + " is not a directory");
    }

    private static CFile read(String path) {
        assumeTrue(Files.isRegularFile(tree.resolve(path)), path + " is not in " + tree);
        return READER.read(tree, path);
    }

    private static void fullParity(String path, String struct) {
        CFile file = read(path);
        RecordDef model = KernelStructs.get(struct, KernelVersion.PATCHED);
        ParityResult members = StructParity.compare(file, struct, model);
        assertEquals(ParityResult.Status.MATCH, members.status(), members.toText());
        ParityResult layout = StructParity.compareLayout(file, struct, model, KernelVersion.PATCHED);
        assertEquals(ParityResult.Status.MATCH, layout.status(), layout.toText());
    }

    @Test
    void dstEntry() {
        fullParity("include/net/dst.h", "dst_entry");
    }

    @Test
    void rtable() {
        fullParity("include/net/route.h", "rtable");
    }

    @Test
    void dstOps() {
        fullParity("include/net/dst_ops.h", "dst_ops");
    }

    @Test
    void flowi() {
        fullParity("include/net/flow.h", "flowi");
    }

    @Test
    void fibInfoAndFibNh() {
        fullParity("include/net/ip_fib.h", "fib_info");
        fullParity("include/net/ip_fib.h", "fib_nh");
    }

    @Test
    void xfrmDst() {
        fullParity("include/net/xfrm.h", "xfrm_dst");
    }

    /** The function members of an ops table as ../shared/KERNEL.md lists them; the dst module's tables will replace these. */
    private static void opsTable(String path, String table, Map<String, String> expected) {
        CFile file = read(path);
        ParityResult r = OpsTableParity.compare(file.requireInitializer(table), expected,
                DstOps.functionMembers(KernelVersion.PATCHED)::contains, "KERNEL.md");
        assertEquals(ParityResult.Status.MATCH, r.status(), r.toText());
    }

    @Test
    void ipv4DstOps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gc", "rt_garbage_collect");
        m.put("check", "ipv4_dst_check");
        m.put("default_advmss", "ipv4_default_advmss");
        m.put("default_mtu", "ipv4_default_mtu");
        m.put("cow_metrics", "ipv4_cow_metrics");
        m.put("destroy", "ipv4_dst_destroy");
        m.put("ifdown", "ipv4_dst_ifdown");
        m.put("negative_advice", "ipv4_negative_advice");
        m.put("link_failure", "ipv4_link_failure");
        m.put("update_pmtu", "ip_rt_update_pmtu");
        m.put("local_out", "__ip_local_out");
        opsTable("net/ipv4/route.c", "ipv4_dst_ops", m);
    }

    @Test
    void xfrm4DstOps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gc", "xfrm4_garbage_collect");
        m.put("update_pmtu", "xfrm4_update_pmtu");
        m.put("cow_metrics", "dst_cow_metrics_generic");
        m.put("destroy", "xfrm4_dst_destroy");
        m.put("ifdown", "xfrm4_dst_ifdown");
        m.put("local_out", "__ip_local_out");
        opsTable("net/ipv4/xfrm4_policy.c", "xfrm4_dst_ops", m);
    }

    @Test
    void dstCFunctionsAndTheirCalls() {
        CFile dst = read("net/core/dst.c");
        CFunction cow = dst.requireFunction("dst_cow_metrics_generic");
        assertEquals("EXPORT_SYMBOL", cow.exportedAs());
        assertTrue(cow.callNames().contains("cmpxchg"), cow.callNames().toString());
        assertTrue(dst.requireFunction("dst_alloc").callNames().contains("dst_init_metrics"));
    }

    @Test
    void theDstHAccessorsCallCowMetricsThroughOps() {
        CFunction f = read("include/net/dst.h").requireFunction("dst_metrics_write_ptr");
        CCall cow = f.calls().stream().filter(c -> c.name().equals("cow_metrics")).findFirst().orElseThrow();
        assertTrue(cow.indirect());
    }

    @Test
    void xfrmPolicyCParses() {
        CFile f = read("net/xfrm/xfrm_policy.c");
        assertTrue(f.function("xfrm_bundle_create").isPresent(), "functions: " + f.functions().size());
    }
}
