package dstcow.dst;

import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest of issue 3: every kernel symbol the dst port must have has a Java counterpart
 * carrying its {@link KernelSource}, named after it in camelCase, for the kernels that have it.
 */
class KernelSourceTest {

    /** From include/net/dst.h and net/core/dst.c, as issue 3 lists them. */
    static final List<String> BOTH = List.of("dst_metric_raw", "dst_metric", "dst_metric_advmss", "dst_metric_set",
            "dst_feature", "dst_mtu", "dst_metric_rtt", "set_dst_metric_rtt", "dst_allfrag", "dst_metric_locked", "dst_hold",
            "dst_use", "dst_clone", "dst_release", "dst_copy_metrics", "dst_metrics_ptr", "dst_alloc", "dst_destroy", "dst_free");
    static final List<String> PATCHED_ONLY = List.of("DST_METRICS_READ_ONLY", "__DST_METRICS_PTR", "DST_METRICS_PTR",
            "dst_metrics_read_only", "dst_metrics_write_ptr", "dst_init_metrics", "dst_destroy_metrics_generic",
            "dst_default_metrics", "dst_cow_metrics_generic", "__dst_destroy_metrics_generic");
    static final List<String> PARENT_ONLY = List.of("dst_import_metrics");

    private static List<KernelPorts.Port> ports() {
        return KernelPorts.scan(List.of(DstKernel.class, ParentDstKernel.class, PatchedDstKernel.class, Rtax.class, Jiffies.class)).ports();
    }

    private static String camel(String symbol) {
        return KernelPorts.camel(symbol);
    }

    @Test
    void everySymbolOfTheIssueHasAnAnnotatedCounterpartInTheRightKernels() {
        List<String> missing = KernelPorts.scan(List.of(DstKernel.class, ParentDstKernel.class, PatchedDstKernel.class, Rtax.class,
                Jiffies.class)).coverageErrors(BOTH, PATCHED_ONLY, PARENT_ONLY);
        assertEquals(List.of(), missing);
    }

    @Test
    void publicPortsAreNamedAfterTheKernelSymbolInCamelCase() {
        Set<String> wrong = new TreeSet<>();
        for (KernelPorts.Port p : ports()) {
            if (p.isPublic() && !p.symbol().contains("*") && !p.javaName().equals(camel(p.symbol()))) {
                wrong.add(p.symbol() + " -> " + p.javaName());
            }
        }
        assertEquals(Set.of(), wrong);
        assertEquals("__dstDestroyMetricsGeneric", camel("__dst_destroy_metrics_generic"));
    }

    @Test
    void commitsAreFullHashesOrTheParentOfThePatch() {
        for (KernelPorts.Port p : ports()) {
            String c = p.source().commit();
            assertTrue(c.matches("[0-9a-f]{40}\\^?"), p + ": " + c);
            assertTrue(p.source().file().matches("(include|net|kernel)/[a-z0-9_/]+\\.[ch]"), p + ": " + p.source().file());
        }
    }

    @Test
    void kernelSpecificTextsCiteTheirOwnCommit() {
        for (KernelPorts.Port p : ports()) {
            List<KernelVersion> k = List.of(p.source().kernels());
            if (k.equals(List.of(KernelVersion.PARENT))) {
                assertTrue(p.source().commit().equals(KernelSource.PARENT_DST_H) || p.source().commit().equals(KernelSource.PARENT), p.toString());
            } else {
                assertEquals(KernelSource.PATCHED, p.source().commit(), p.toString());
            }
        }
        Method[] parentRaw = {find(ParentDstKernel.class, "dstMetricRaw"), find(PatchedDstKernel.class, "dstMetricRaw")};
        assertEquals(KernelSource.PARENT_DST_H, parentRaw[0].getAnnotation(KernelSource.class).commit());
        assertEquals(KernelSource.PATCHED, parentRaw[1].getAnnotation(KernelSource.class).commit());
    }

    private static Method find(Class<?> c, String name) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(c + " has no " + name);
    }
}
