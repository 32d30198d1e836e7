package dstcow.dst;

import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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

    private record Port(String symbol, String javaName, KernelSource source, boolean isPublic) {
    }

    private static List<Port> ports() {
        List<Port> out = new ArrayList<>();
        for (Class<?> c : List.of(DstKernel.class, ParentDstKernel.class, PatchedDstKernel.class, Rtax.class, Jiffies.class)) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(c.getDeclaredMethods()));
            elements.addAll(List.of(c.getDeclaredFields()));
            for (AnnotatedElement e : elements) {
                KernelSource s = e.getAnnotation(KernelSource.class);
                if (s != null) {
                    Member m = (Member) e;
                    out.add(new Port(s.symbol(), m.getName(), s, Modifier.isPublic(m.getModifiers())));
                }
            }
        }
        return out;
    }

    static String camel(String symbol) {
        if (symbol.toUpperCase(Locale.ROOT).equals(symbol)) {
            return symbol;
        }
        String lead = symbol.startsWith("___") ? "___" : symbol.startsWith("__") ? "__" : "";
        String[] parts = symbol.substring(lead.length()).split("_");
        StringBuilder b = new StringBuilder(lead).append(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }

    @Test
    void everySymbolOfTheIssueHasAnAnnotatedCounterpartInTheRightKernels() {
        List<Port> ports = ports();
        List<String> missing = new ArrayList<>();
        for (String symbol : concat(BOTH, PATCHED_ONLY, PARENT_ONLY)) {
            Set<KernelVersion> covered = EnumSet.noneOf(KernelVersion.class);
            ports.stream().filter(p -> p.symbol().equals(symbol)).forEach(p -> covered.addAll(List.of(p.source().kernels())));
            Set<KernelVersion> expected = PATCHED_ONLY.contains(symbol) ? EnumSet.of(KernelVersion.PATCHED)
                    : PARENT_ONLY.contains(symbol) ? EnumSet.of(KernelVersion.PARENT) : EnumSet.allOf(KernelVersion.class);
            if (!covered.equals(expected)) {
                missing.add(symbol + " covers " + covered + ", expected " + expected);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void publicPortsAreNamedAfterTheKernelSymbolInCamelCase() {
        Set<String> wrong = new TreeSet<>();
        for (Port p : ports()) {
            if (p.isPublic() && !p.symbol().contains("*") && !p.javaName().equals(camel(p.symbol()))) {
                wrong.add(p.symbol() + " -> " + p.javaName());
            }
        }
        assertEquals(Set.of(), wrong);
        assertEquals("__dstDestroyMetricsGeneric", camel("__dst_destroy_metrics_generic"));
    }

    @Test
    void commitsAreFullHashesOrTheParentOfThePatch() {
        for (Port p : ports()) {
            String c = p.source().commit();
            assertTrue(c.matches("[0-9a-f]{40}\\^?"), p + ": " + c);
            assertTrue(p.source().file().matches("(include|net|kernel)/[a-z0-9_/]+\\.[ch]"), p + ": " + p.source().file());
        }
    }

    @Test
    void kernelSpecificTextsCiteTheirOwnCommit() {
        for (Port p : ports()) {
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

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
