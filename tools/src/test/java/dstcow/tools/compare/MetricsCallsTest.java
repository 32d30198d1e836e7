package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics-call parity: the C side from the reader, the Java side from bytecode, and the comparison of the two. */
class MetricsCallsTest {

    private static MetricsCalls.Call c(String name, int line) {
        return new MetricsCalls.Call(name, false, line, null);
    }

    private static List<MetricsCalls.Call> cs(String... names) {
        List<MetricsCalls.Call> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            boolean ind = names[i].startsWith("->");
            out.add(new MetricsCalls.Call(ind ? names[i].substring(2) : names[i], ind, 10 + i, null));
        }
        return out;
    }

    private static ParityResult compare(List<MetricsCalls.Call> c, List<MetricsCalls.Call> j) {
        return MetricsCalls.compare("f", c, j, "f.c:1", "F.f").result();
    }

    @Test
    void theSameSequenceMatches() {
        assertTrue(compare(cs("dst_mtu", "dst_metric_set"), cs("dst_mtu", "dst_metric_set")).matches());
        assertTrue(compare(cs(), cs()).matches());
    }

    @Test
    void aCallTheJavaDoesNotMakeIsMissing() {
        ParityResult r = compare(cs("dst_copy_metrics", "dst_metric_raw", "dst_metric_set"), cs("dst_metric_raw", "dst_metric_set"));
        assertEquals(List.of("missing: dst_copy_metrics() at C line 10 has no matching call in Java"), r.lines());
        assertEquals(ParityResult.What.MISSING, r.differences().getFirst().what());
    }

    @Test
    void aCallTheCDoesNotMakeIsExtra() {
        ParityResult r = compare(cs("dst_metric_set"), cs("dst_metric_raw", "dst_metric_set"));
        assertEquals(List.of("extra: Java calls dst_metric_raw(), which the C does not call there"), r.lines());
    }

    @Test
    void theSameCallsInAnotherOrderAreReordered() {
        ParityResult r = compare(cs("dst_mtu", "dst_metric_set"), cs("dst_metric_set", "dst_mtu"));
        assertEquals(1, r.differences().size(), r.toText());
        assertEquals(ParityResult.What.REORDERED, r.differences().getFirst().what());
    }

    @Test
    void anIndirectCallIsNotTheDirectOne() {
        ParityResult r = compare(cs("->cow_metrics"), cs("cow_metrics"));
        assertFalse(r.matches());
        assertTrue(MetricsCalls.isAccessor("cow_metrics", true));
        assertFalse(MetricsCalls.isAccessor("default_mtu", true));
        assertTrue(MetricsCalls.isAccessor("dst_metric_advmss", false));
        assertTrue(MetricsCalls.isAccessor("__DST_METRICS_PTR", false));
        assertFalse(MetricsCalls.isAccessor("dst_hold", false));
    }

    // ---- the Java side, read from the dst module's bytecode -----------------------------------------

    private static final Manifest STANDARD = Manifest.standard();
    private static final JavaPorts PORTS = JavaPorts.scan(STANDARD);

    private static String java(String symbol, KernelVersion v) {
        JavaPorts.Counterpart cp = PORTS.counterpart(symbol, Manifest.Kind.FUNCTION, v);
        return MetricsCalls.labels(MetricsCalls.ofJava(cp, v, PORTS.loader()));
    }

    @Test
    void opsCallsThroughFnTypesAreIndirectCalls() {
        assertEquals("[->cow_metrics, __DST_METRICS_PTR]", java("dst_metrics_write_ptr", KernelVersion.PATCHED));
    }

    @Test
    void callsThroughTheBaseClassReachTheKernelsOwnOverride() {
        assertEquals("[dst_metrics_write_ptr]", java("dst_metric_set", KernelVersion.PATCHED));
        assertEquals("[]", java("dst_metric_set", KernelVersion.PARENT));
        assertEquals("[dst_import_metrics]", java("dst_copy_metrics", KernelVersion.PARENT));
        assertEquals("[dst_metric_raw]", java("dst_mtu", KernelVersion.PATCHED));
    }

    @Test
    void thePartsOfAPortAreReadInPlace() {
        // DstKernel.dstAlloc calls dstAllocInitMetrics, which is PatchedDstKernel's line 185: dst_init_metrics.
        assertEquals("[dst_init_metrics]", java("dst_alloc", KernelVersion.PATCHED));
        assertEquals("[]", java("dst_alloc", KernelVersion.PARENT));
    }

    // ---- the C side, from the fixture tree -------------------------------------------------------------

    @Test
    void theCSideCountsMacroCallsAndOpsCalls() {
        CFile f = Compare.reader().read(CompareFixtures.tree(), "net/pkt/pkt_route.c");
        assertEquals("[->cow_metrics, __DST_METRICS_PTR]", MetricsCalls.labels(MetricsCalls.ofC(f.requireFunction("pkt_write_ptr").calls())));
        CFile h = Compare.reader().read(CompareFixtures.tree(), "include/net/pkt_route.h");
        CDefinition macro = CDefinition.find(h, "PKT_METRICS", Manifest.Kind.MACRO).orElseThrow();
        assertEquals("[dst_metrics_ptr]", MetricsCalls.labels(MetricsCalls.ofC(macro.calls())));
        assertEquals(26, macro.calls().getFirst().line(), "the call is on the macro's continuation line");
    }
}
