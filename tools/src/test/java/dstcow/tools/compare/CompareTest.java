package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;
import dstcow.tools.compare.SymbolReport.Line;
import dstcow.tools.compare.SymbolReport.Mark;
import dstcow.tools.compare.SymbolReport.Status;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison over the fixture tree (compare/tree) and its made-up port
 * (dstcow.tools.compare.fixture), with a deliberate mismatch of each kind the checks must catch.
 */
class CompareTest {

    private static final Compare.Report PATCHED = CompareFixtures.run(KernelVersion.PATCHED);

    private static SymbolReport symbol(String name) {
        return PATCHED.symbols().stream().filter(s -> s.symbol().equals(name)).findFirst().orElseThrow();
    }

    private static ParityResult check(String name, ParityResult.Kind kind) {
        return symbol(name).checks().stream().filter(c -> c.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no " + kind + " check: " + symbol(name).checks()));
    }

    @Test
    void eachSymbolGetsTheVerdictItsFixtureWasWrittenFor() {
        Map<String, Status> got = new LinkedHashMap<>();
        PATCHED.symbols().forEach(s -> got.put(s.symbol(), s.status()));
        Map<String, Status> want = new LinkedHashMap<>();
        want.put("list_head", Status.MATCH);
        want.put("PKT_F_HOST", Status.MATCH);
        want.put("PKT_F_NOCACHE", Status.DIFFER);
        want.put("pkt_mtu", Status.MATCH);
        want.put("PKT_METRICS", Status.MATCH);
        want.put("pkt_update_pmtu", Status.MATCH);
        want.put("pkt_clone_metrics", Status.DIFFER);
        want.put("pkt_set_advmss", Status.DIFFER);
        want.put("pkt_clamp_mtu", Status.DIFFER);
        want.put("pkt_write_ptr", Status.MATCH);
        want.put("pkt_destroy", Status.MATCH);
        want.put("pkt_dst_ops", Status.DIFFER);
        want.put("pkt_unported", Status.MISSING);
        want.put("pkt_gone", Status.MISSING);
        assertEquals(want, got);
        assertEquals("14 symbols compared, 7 matching, 5 differing, 2 missing", PATCHED.summary());
        assertEquals(1, PATCHED.exitCode());
    }

    @Test
    void aMissingAccessorCallIsCaughtAndMarkedOnItsCLine() {
        ParityResult r = check("pkt_clone_metrics", ParityResult.Kind.CALLS);
        assertEquals(List.of("missing: dst_copy_metrics() at C line 27 has no matching call in Java"), r.lines());
        Line l = symbol("pkt_clone_metrics").cLines().stream().filter(x -> x.number() == 27).findFirst().orElseThrow();
        assertEquals(Mark.C_ONLY, l.mark());
    }

    @Test
    void anExtraAccessorCallIsCaughtAndMarkedOnItsJavaLine() {
        ParityResult r = check("pkt_set_advmss", ParityResult.Kind.CALLS);
        assertEquals(1, r.differences().size(), r.toText());
        assertTrue(r.lines().getFirst().startsWith("extra: Java calls dst_metric_raw() (PktRoute.pktSetAdvmss, line "), r.toText());
        assertTrue(symbol("pkt_set_advmss").javaLines().stream().anyMatch(x -> x.mark() == Mark.JAVA_ONLY && x.text().contains("dstMetricRaw")));
    }

    @Test
    void callsInAnotherOrderAreReordered() {
        ParityResult r = check("pkt_clamp_mtu", ParityResult.Kind.CALLS);
        assertEquals(List.of(ParityResult.What.REORDERED), r.differences().stream().map(ParityResult.Difference::what).toList(), r.toText());
    }

    @Test
    void aMissingOpsMemberIsCaught() {
        ParityResult r = check("pkt_dst_ops", ParityResult.Kind.OPS_TABLE);
        assertEquals(List.of("missing: .destroy = pkt_destroy (C line 71) is set in C but not in the Java table"), r.lines());
    }

    @Test
    void aConstantWithAnotherValueIsCaught() {
        assertEquals(List.of("value differs: PKT_F_NOCACHE is 16 (0x10) in C but 32 (0x20) in Java"),
                check("PKT_F_NOCACHE", ParityResult.Kind.CONSTANT).lines());
        assertTrue(check("PKT_F_HOST", ParityResult.Kind.CONSTANT).matches());
    }

    @Test
    void aStructIsComparedMemberByMemberAndLaidOutOnEveryAbi() {
        assertTrue(check("list_head", ParityResult.Kind.STRUCT).matches());
        assertTrue(check("list_head", ParityResult.Kind.LAYOUT).matches());
    }

    @Test
    void missingSidesSayWhichAndWhy() {
        SymbolReport unported = symbol("pkt_unported");
        assertEquals("no Java counterpart", unported.javaTitle());
        assertEquals(ParityResult.Kind.COUNTERPART, unported.checks().getFirst().kind());
        SymbolReport gone = symbol("pkt_gone");
        assertTrue(gone.cAbsent().startsWith("no definition of pkt_gone in net/pkt/pkt_route.c ("), gone.cAbsent());
        assertTrue(gone.cLines().isEmpty());
    }

    @Test
    void matchedCallsShareARowAndPartsAreShownAfterTheirCounterpart() {
        SymbolReport r = symbol("pkt_update_pmtu");
        assertEquals("[dst_mtu, dst_metric_locked, dst_metric_set]", MetricsCalls.labels(r.javaCalls()));
        List<Line[]> rows = Compare.rows(r);
        Line[] set = rows.stream().filter(x -> x[0] != null && x[0].text().contains("dst_metric_set")).findFirst().orElseThrow();
        assertNotNull(set[1]);
        assertTrue(set[1].text().contains("k.dstMetricSet(dst, RTAX_MTU, mtu)"), set[1].text());
        assertEquals(Mark.ANCHOR, set[0].mark());
        Line[] sig = rows.stream().filter(x -> x[0] != null && x[0].text().startsWith("static void pkt_update_pmtu")).findFirst().orElseThrow();
        assertTrue(sig[1].text().contains("public void pktUpdatePmtu(long dst, int mtu)"), sig[1].text());
        assertTrue(r.javaLines().stream().anyMatch(x -> x.text().startsWith("// part of pkt_update_pmtu: PktRoute.pktUpdatePmtuStore(long, int)")));
    }

    @Test
    void theBuiltOpsTableIsShownBesideTheInitializerWithInitTimeAssignments() {
        SymbolReport r = symbol("pkt_dst_ops");
        assertTrue(r.cLines().stream().anyMatch(l -> l.text().equals("/* set at init time, in pkt_route_init(): */")), r.cLines().toString());
        Line[] cache = Compare.rows(r).stream().filter(x -> x[0] != null && x[0].text().contains("pkt_dst_ops.kmem_cachep =")).findFirst()
                .orElseThrow();
        assertEquals("\t.kmem_cachep = pkt_dst_cache,", cache[1].text());
        Line destroy = r.cLines().stream().filter(l -> l.text().contains(".destroy")).findFirst().orElseThrow();
        assertEquals(Mark.C_ONLY, destroy.mark());
    }

    @Test
    void theParentKernelResolvesCallsToItsOwnOverrides() {
        Compare.Report parent = CompareFixtures.run(KernelVersion.PARENT);
        assertTrue(parent.symbols().stream().noneMatch(s -> s.symbol().equals("pkt_write_ptr")), "pkt_write_ptr is the patched kernel's only");
        SymbolReport destroy = parent.symbols().stream().filter(s -> s.symbol().equals("pkt_destroy")).findFirst().orElseThrow();
        // The parent's DstKernel has no dst_destroy_metrics_generic: the Java call reaches no port of it.
        assertEquals("[]", MetricsCalls.labels(destroy.javaCalls()));
        assertEquals(Status.DIFFER, destroy.status());
    }

    @Test
    void withoutATreeOnlyTheJavaSideIsShown() {
        Manifest m = CompareFixtures.manifest();
        Compare.Report r = Compare.run(new Compare.Request(m, KernelVersion.PATCHED, List.of("pkt_mtu", "pkt_unported"), null,
                JavaSource.find().orElseThrow(), null));
        assertEquals(Status.UNCHECKED, r.symbols().get(0).status());
        assertEquals("C not read (no --kernel-tree): pkt_mtu is in include/net/pkt_route.h at commit 62fa8a846d7de4b299232e330c74b7783539df76",
                r.symbols().get(0).cAbsent());
        assertEquals(Status.MISSING, r.symbols().get(1).status());
        assertEquals("2 symbols listed, Java side only (no --kernel-tree, so no parity checked); 1 without a Java counterpart", r.summary());
        assertEquals(1, r.exitCode());
    }

    @Test
    void withoutSourcesTheSignatureComesFromReflection() {
        Manifest m = CompareFixtures.manifest();
        Compare.Report r = Compare.run(new Compare.Request(m, KernelVersion.PATCHED, List.of("pkt_mtu"), KernelTree.open(CompareFixtures.tree(), null),
                null, null));
        SymbolReport s = CompareFixtures.only(r);
        assertEquals(Status.MATCH, s.status(), s.checks().toString());
        List<String> text = s.javaLines().stream().map(Line::text).toList();
        assertTrue(text.getFirst().startsWith("// Java source not found (no directory containing dst/src/main/java"), text.getFirst());
        assertEquals("public int dstcow.tools.compare.fixture.PktRoute.pktMtu(long);", text.get(2));
    }

    @Test
    void symbolsOutsideTheManifestOrTheKernelAreBadInput() {
        assertEquals("--symbol 'pkt_nope' is not in the manifest; allowed: " + CompareFixtures.manifest().allowed(),
                assertThrows(IllegalArgumentException.class, () -> CompareFixtures.run(KernelVersion.PATCHED, "pkt_nope")).getMessage());
        assertEquals("--symbol pkt_write_ptr is only in the patched kernel, not the parent one (net/pkt/pkt_route.c); use --kernel patched",
                assertThrows(IllegalArgumentException.class, () -> CompareFixtures.run(KernelVersion.PARENT, "pkt_write_ptr")).getMessage());
        assertNull(CompareFixtures.manifest().find("pkt_nope").orElse(null));
    }
}
