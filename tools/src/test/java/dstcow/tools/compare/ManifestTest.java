package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest of issue 5: every kernel symbol dstcow ports has exactly one Java counterpart in
 * each kernel that has it. A failure lists the symbols without one, or with two.
 */
class ManifestTest {

    private static final Manifest STANDARD = Manifest.standard();
    private static final JavaPorts PORTS = JavaPorts.scan(STANDARD);

    @Test
    void theManifestListsTheSymbolsOfKernelMd() {
        assertEquals(List.of("dstcow.dst", "dstcow.ipv4", "dstcow.xfrm"), STANDARD.scan());
        for (String s : List.of("dst_entry", "dst_ops", "rtable", "flowi", "fib_info", "xfrm_dst")) {
            assertEquals(Manifest.Kind.STRUCT, STANDARD.find(s).orElseThrow().kind(), s);
        }
        for (String s : List.of("ipv4_dst_ops", "ipv4_dst_blackhole_ops", "xfrm4_dst_ops")) {
            assertEquals(Manifest.Kind.OPS, STANDARD.find(s).orElseThrow().kind(), s);
        }
        assertEquals(Set.of(KernelVersion.PATCHED), STANDARD.find("dst_metrics_write_ptr").orElseThrow().kernels());
        assertEquals(Set.of(KernelVersion.PARENT), STANDARD.find("dst_import_metrics").orElseThrow().kernels());
        assertEquals(Set.of(KernelVersion.PATCHED), STANDARD.find("ipv4_cow_metrics").orElseThrow().kernels());
        assertEquals("net/xfrm/xfrm_policy.c", STANDARD.find("xfrm_bundle_create").orElseThrow().file());
        assertTrue(STANDARD.entries().size() >= 65, STANDARD.entries().size() + " symbols");
    }

    @Test
    void everySymbolHasExactlyOneJavaCounterpartInEachOfItsKernels() {
        assertEquals(List.of(), PORTS.problems(), "classes that could not be inspected");
        List<ManifestCheck.Problem> problems = ManifestCheck.check(STANDARD, PORTS);
        assertEquals("", ManifestCheck.toText(problems), "symbols with a problem: " + ManifestCheck.symbols(problems));
    }

    /** The dst module is finished: its symbols must pass whatever the state of ipv4 and xfrm. */
    @Test
    void theDstHAndDstCSymbolsHaveTheirCounterparts() {
        Set<String> dstFiles = Set.of("include/net/dst.h", "net/core/dst.c", "include/net/dst_ops.h");
        List<ManifestCheck.Problem> problems = ManifestCheck.check(STANDARD, PORTS).stream()
                .filter(p -> dstFiles.contains(p.entry().file())).toList();
        assertEquals("", ManifestCheck.toText(problems));
    }

    @Test
    void aKernelLineSplitIntoAnOverrideIsAPartNotADuplicate() {
        JavaPorts.Counterpart alloc = PORTS.counterpart("dst_alloc", Manifest.Kind.FUNCTION, KernelVersion.PATCHED);
        assertEquals("DstKernel.dstAlloc(long)", alloc.primary().javaName());
        assertEquals(List.of("PatchedDstKernel.dstAllocInitMetrics(long)"), alloc.parts().stream().map(JavaPorts.Port::javaName).toList());
        JavaPorts.Counterpart hold = PORTS.counterpart("dst_hold", Manifest.Kind.FUNCTION, KernelVersion.PARENT);
        assertEquals("DstKernel.dstHold(long)", hold.primary().javaName());
        assertEquals(1, hold.parts().size(), hold.parts().toString());
        JavaPorts.Counterpart raw = PORTS.counterpart("dst_metric_raw", Manifest.Kind.FUNCTION, KernelVersion.PARENT);
        assertEquals("ParentDstKernel.dstMetricRaw(long, int)", raw.primary().javaName());
    }

    @Test
    void missingDuplicatedWrongKernelAndWrongFileAreEachReported() {
        Manifest m = Manifest.parse("bad-manifest", """
                @scan dstcow.tools.compare.fixturebad
                pkt_twice        function  net/pkt/pkt_bad.c  both     dup
                pkt_parent_only  function  net/pkt/pkt_bad.c  parent   only the parent has it
                pkt_elsewhere    function  net/pkt/pkt_bad.c  both     the annotation says another file
                pkt_split        function  net/pkt/pkt_bad.c  both     a counterpart and a part
                pkt_nowhere      function  net/pkt/pkt_bad.c  patched  not ported
                no_such_struct   struct    include/net/x.h    both     not modelled
                """);
        JavaPorts ports = JavaPorts.scan(m);
        List<ManifestCheck.Problem> problems = ManifestCheck.check(m, ports);
        assertEquals("""
                duplicate: pkt_twice [parent]: 2 counterparts: BadPort.pktTwice(), BadPort.pktTwiceAgain()
                duplicate: pkt_twice [patched]: 2 counterparts: BadPort.pktTwice(), BadPort.pktTwiceAgain()
                wrong-kernel: pkt_parent_only [patched]: BadPort.pktParentOnly() claim the patched kernel, but only the parent kernel \
                has pkt_parent_only (net/pkt/pkt_bad.c); fix the annotation's kernels()
                wrong-file: pkt_elsewhere [parent]: BadPort.pktElsewhere() says file "net/pkt/pkt_other.c", the manifest net/pkt/pkt_bad.c
                wrong-file: pkt_elsewhere [patched]: BadPort.pktElsewhere() says file "net/pkt/pkt_other.c", the manifest net/pkt/pkt_bad.c
                missing: pkt_nowhere [patched]: no Java element carries @KernelSource(symbol = "pkt_nowhere") for the patched kernel \
                (function in net/pkt/pkt_bad.c, KERNEL.md not ported)
                missing: no_such_struct [parent]: no struct no_such_struct in dstcow.layout.kernel.KernelStructs (it has: %s)
                missing: no_such_struct [patched]: no struct no_such_struct in dstcow.layout.kernel.KernelStructs (it has: %s)
                """.formatted(dstcow.layout.kernel.KernelStructs.allowed(), dstcow.layout.kernel.KernelStructs.allowed()),
                ManifestCheck.toText(problems));
        JavaPorts.Counterpart split = ports.counterpart("pkt_split", Manifest.Kind.FUNCTION, KernelVersion.PATCHED);
        assertEquals("BadPort.pktSplit()", split.primary().javaName());
        assertEquals("[BadPort.pktSplitTail()]", split.parts().toString());
    }

    @Test
    void manifestErrorsNameTheLineAndWhatIsAllowed() {
        assertEquals("m:2: unknown kind 'fn'; allowed: function, macro, constant, variable, ops, struct",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "@scan x\nfoo fn a.c both s")).getMessage());
        assertEquals("m:2: kernels 'all'; allowed: both, patched, parent",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "@scan x\nfoo function a.c all s")).getMessage());
        assertEquals("m:3: foo is listed twice (first on line 2)",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "@scan x\nfoo function a.c both s\nfoo macro a.h both s"))
                        .getMessage());
        assertEquals("m:1: expected: symbol kind file kernels where, got 3 fields",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "foo function a.c")).getMessage());
        assertEquals("m:1: unknown directive @scna; allowed: @scan, @ops-tables, @commit",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "@scna x")).getMessage());
        assertEquals("m: no @scan directive: the packages to look for @KernelSource in",
                assertThrows(IllegalArgumentException.class, () -> Manifest.parse("m", "foo function a.c both s")).getMessage());
    }
}
