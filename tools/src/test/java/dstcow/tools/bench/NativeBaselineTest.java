package dstcow.tools.bench;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.kernel.DstOps;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native baseline's generated source: the offsets are the layout module's, and the C uses nothing else. */
class NativeBaselineTest {

    private static String define(String name, long value) {
        return "#define " + name + " " + value + "\n";
    }

    @ParameterizedTest
    @EnumSource(value = Abi.class, names = {"X86_64", "I386", "AARCH64", "S390X"})
    void theHeaderDefinesEveryMemberOffsetTheLayoutGives(Abi abi) {
        String h = NativeBaseline.offsetsHeader(abi);
        KernelConfig config = KernelConfig.defaults(abi);
        Map<String, RecordDef> variants = Map.of("PATCHED", DstEntry.PATCHED, "PARENT", DstEntry.PARENT,
                "CONTROL", DstEntry.PATCHED.without("__pad_to_align_refcnt"));
        for (Map.Entry<String, RecordDef> v : variants.entrySet()) {
            RecordLayout l = LayoutEngine.layout(v.getValue(), config);
            assertTrue(h.contains(define(v.getKey() + "_SIZE", l.size())), v.getKey() + "_SIZE on " + abi + ":\n" + h);
            for (String member : l.memberNames()) {
                assertTrue(h.contains(define(v.getKey() + "_OFF_" + member, l.offsetOf(member))),
                        v.getKey() + "_OFF_" + member + " on " + abi + ":\n" + h);
            }
        }
        for (String v : new String[] {"PATCHED", "PARENT"}) {
            RecordLayout ops = LayoutEngine.layout(v.equals("PATCHED") ? DstOps.PATCHED : DstOps.PARENT, config);
            assertTrue(h.contains(define(v + "_OPS_OFF_default_mtu", ops.offsetOf("default_mtu"))), v + " dst_ops:\n" + h);
        }
        assertTrue(h.contains(define("L1_CACHE_BYTES", abi.l1CacheBytes())));
        assertTrue(h.contains(define("SIZEOF_LONG", abi.longSize())));
        assertTrue(h.contains("#define DSTCOW_ABI \"" + abi.id() + "\"\n"));
    }

    @Test
    void onX86_64TheControlLayoutPutsRefcntOnTheLineOfInputAndOutputAndTheKernelsDoesNot() {
        String h = NativeBaseline.offsetsHeader(Abi.X86_64);
        // From the layout engine (whose x86_64 offsets the ground-truth tests check against clang and pahole).
        assertTrue(h.contains(define("PATCHED_OFF___refcnt", 128)), h);
        assertTrue(h.contains(define("CONTROL_OFF___refcnt", 116)), h);
        assertTrue(h.contains(define("CONTROL_OFF_input", 88)) && h.contains(define("CONTROL_OFF_output", 96)), h);
        try (SharedDstEntry kernel = SharedDstEntry.allocate(SharedDstEntry.kernelLayout(), Abi.X86_64);
             SharedDstEntry control = SharedDstEntry.allocate(SharedDstEntry.controlLayout(), Abi.X86_64)) {
            for (String m : new String[] {"ops", "input", "output", "_metrics"}) {
                assertTrue(!kernel.refcntSharesLineWith(m, 64), "kernel layout: __refcnt shares a line with " + m);
            }
            assertTrue(control.refcntSharesLineWith("input", 64));
            assertTrue(control.refcntSharesLineWith("output", 64));
        }
    }

    @Test
    void theLayoutChecksAssertEveryGeneratedOffset() {
        Map<String, String> checks = NativeBaseline.layoutChecks(Abi.X86_64);
        assertEquals(Set.of("dst_layout_check_patched.c", "dst_layout_check_parent.c", "dst_layout_check_control.c"), checks.keySet());
        String patched = checks.get("dst_layout_check_patched.c");
        assertTrue(patched.contains("struct dst_entry {"), patched);
        assertTrue(patched.contains("_Static_assert(offsetof(struct dst_entry, __refcnt) == PATCHED_OFF___refcnt,"), patched);
        assertTrue(patched.contains("_Static_assert(offsetof(struct dst_ops, cow_metrics) == PATCHED_OPS_OFF_cow_metrics,"), patched);
        String control = checks.get("dst_layout_check_control.c");
        assertTrue(!control.contains("__pad_to_align_refcnt;"), "the control layout has no pad:\n" + control);
        assertTrue(control.contains("_Static_assert(sizeof(struct dst_entry) == CONTROL_SIZE,"), control);
    }

    @Test
    void theCSourceUsesOnlyMacrosTheHeaderDefines() {
        String source = NativeBaseline.source();
        String header = NativeBaseline.offsetsHeader(Abi.X86_64);
        Set<String> defined = new TreeSet<>();
        Matcher d = Pattern.compile("(?m)^#define (\\w+)").matcher(header);
        while (d.find()) {
            defined.add(d.group(1));
        }
        Set<String> missing = new TreeSet<>();
        Matcher u = Pattern.compile("\\b((?:PATCHED|PARENT|CONTROL)_\\w+|RTAX_\\w+|METRICS_BYTES|DST_\\w+|L1_CACHE_BYTES|BATCH"
                + "|DEVICE_MTU|ROUTE_MTU|NEW_MTU)\\b").matcher(source);
        while (u.find()) {
            if (!defined.contains(u.group(1)) && !u.group(1).equals("DST_METRICS_PTR")) {
                missing.add(u.group(1));
            }
        }
        assertEquals(Set.of(), missing, "dst_bench.c uses macros dst_offsets.h does not define");
        Matcher literal = Pattern.compile("\\b(?:dst|ops)\\s*\\+\\s*\\d+|FIELD\\([^,()]+,[^,()]+,\\s*\\d+\\)").matcher(source);
        if (literal.find()) {
            fail("a literal offset in dst_bench.c: " + literal.group());
        }
    }

    @Test
    void withoutGccTheBaselineIsSkippedWithAMessage() {
        java.io.StringWriter progress = new java.io.StringWriter();
        NativeBaseline.Outcome o = NativeBaseline.run(Set.of("read"), true, new java.io.PrintWriter(progress), Optional.empty());
        assertTrue(!o.ran());
        assertEquals("gcc not found on PATH: the native baseline is skipped (install gcc to get the C column)", o.message());
        assertEquals(Map.of(), o.results());
    }

    @Test
    void anUnknownSectionIsAnError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NativeBaseline.run(Set.of("reads"), true, new java.io.PrintWriter(new java.io.StringWriter()), Optional.empty()));
        assertEquals("unknown native section 'reads'; allowed: read, write, false-sharing", e.getMessage());
    }

    @Test
    void theProgramsOutputParses() {
        NativeBaseline.Outcome o = NativeBaseline.parse("INFO dst_bench for x86_64\nRESULT metric_raw.patched 0.5123 ns/op\n"
                + "RESULT false_sharing.kernel.reader 1776.161 ops/us\nnoise\n");
        assertEquals(Optional.of(new NativeBaseline.Result("metric_raw.patched", 0.5123, "ns/op")), o.get("metric_raw.patched"));
        assertEquals(1776.161, o.get("false_sharing.kernel.reader").orElseThrow().value());
        assertEquals(java.util.List.of("dst_bench for x86_64"), o.info());
    }

    @Test
    void gccAgreesWithTheGeneratedOffsets(@TempDir Path dir) throws Exception {
        Optional<Path> gcc = NativeBaseline.findGcc();
        assumeTrue(gcc.isPresent(), "gcc not on PATH: the compiler check of the generated offsets is skipped");
        assumeTrue(Abi.host() == Abi.X86_64, "the generated header is checked on an x86_64 host only");
        Files.writeString(dir.resolve("dst_offsets.h"), NativeBaseline.offsetsHeader(Abi.host()));
        for (Map.Entry<String, String> e : NativeBaseline.layoutChecks(Abi.host()).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
            Process p = new ProcessBuilder(gcc.get().toString(), "-std=gnu11", "-fsyntax-only", e.getKey())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(0, p.waitFor(), e.getKey() + ":\n" + out);
        }
        // And a deliberately wrong offset is caught, so the check above can fail.
        String wrong = NativeBaseline.offsetsHeader(Abi.host()).replace(define("PATCHED_OFF___refcnt", 128), define("PATCHED_OFF___refcnt", 120));
        assertNotEquals(NativeBaseline.offsetsHeader(Abi.host()), wrong);
        Files.writeString(dir.resolve("dst_offsets.h"), wrong);
        Process p = new ProcessBuilder(gcc.get().toString(), "-std=gnu11", "-fsyntax-only", "dst_layout_check_patched.c")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertNotEquals(0, p.waitFor());
        assertTrue(out.contains("offsetof(struct dst_entry, __refcnt): gcc and dstcow's layout engine disagree"), out);
    }
}
