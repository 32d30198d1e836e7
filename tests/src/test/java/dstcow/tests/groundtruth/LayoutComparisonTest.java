package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison reports every kind of disagreement, and only those. */
class LayoutComparisonTest {

    /** {@code struct t { char a; int b; struct { short c : 3; } s; };} */
    static final RecordDef T = RecordDef.struct("t", null,
            Member.of("a", CType.of(IntKind.CHAR)),
            Member.of("b", CType.of(IntKind.INT)),
            Member.of("s", RecordDef.anonymous(RecordDef.Kind.STRUCT, Member.bits("c", CType.of(IntKind.SHORT), 3)).type()));

    static final KernelConfig X86_64 = KernelConfig.defaults(Abi.X86_64);

    /** What clang reports for {@link #T} on x86_64: sizeof 12, align 4; s (2 bytes) at byte 8. */
    static Map<String, CompilerLayout.Field> clangSays() {
        Map<String, CompilerLayout.Field> f = new LinkedHashMap<>();
        f.put("a", new CompilerLayout.Field("a", 0, 1, CompilerLayout.UNKNOWN));
        f.put("b", new CompilerLayout.Field("b", 32, 4, CompilerLayout.UNKNOWN));
        f.put("s", new CompilerLayout.Field("s", 64, 2, CompilerLayout.UNKNOWN));
        f.put("s.c", new CompilerLayout.Field("s.c", 64, CompilerLayout.UNKNOWN, 3));
        return f;
    }

    @Test
    void agreementHasNoMismatches() {
        RecordLayout engine = LayoutEngine.layout(T, X86_64);

        assertEquals(List.of(), LayoutComparison.compare(engine, new CompilerLayout("struct t", 12, 4, clangSays())));
    }

    @Test
    void everyDisagreementIsReportedWithBothValues() {
        RecordLayout engine = LayoutEngine.layout(T, X86_64);
        Map<String, CompilerLayout.Field> f = clangSays();
        f.put("b", new CompilerLayout.Field("b", 64, 8, CompilerLayout.UNKNOWN));
        f.put("s.c", new CompilerLayout.Field("s.c", 65, CompilerLayout.UNKNOWN, 4));
        f.put("d", new CompilerLayout.Field("d", 96, 4, CompilerLayout.UNKNOWN));
        f.remove("a");

        List<LayoutComparison.Mismatch> m = LayoutComparison.compare(engine, new CompilerLayout("struct t", 16, 8, f));

        assertEquals(List.of(
                "x86_64 struct t: sizeof: engine 12, compiler 16",
                "x86_64 struct t: align: engine 4, compiler 8",
                "x86_64 struct t .a: present: engine present, compiler absent",
                "x86_64 struct t .b: bit offset: engine 32 (byte 4), compiler 64 (byte 8)",
                "x86_64 struct t .b: size: engine 4, compiler 8",
                "x86_64 struct t .s.c: bit offset: engine 64 (byte 8), compiler 65 (byte 8 bit 1)",
                "x86_64 struct t .s.c: bit width: engine 3, compiler 4",
                "x86_64 struct t .d: present: engine absent, compiler present"), m.stream().map(Object::toString).toList());
    }

    @Test
    void theWrongAbiIsCaughtByTheCompiler() {
        // The engine's x86_64 layout of dst_entry against what the compiler says for i386.
        KernelConfig i386 = KernelConfig.defaults(Abi.I386);
        GroundTruth.assumeAvailable(Abi.I386);
        String source = new CPrinter(i386, 64).add(DstEntry.PATCHED).print();
        CompilerLayout compiler = GroundTruth.layouts(source, List.of(DstEntry.PATCHED), i386).get("dst_entry");

        List<LayoutComparison.Mismatch> m = LayoutComparison.compare(LayoutEngine.layout(DstEntry.PATCHED, X86_64), compiler);

        assertTrue(m.stream().anyMatch(x -> x.path().equals("child") && x.what().equals("bit offset")
                && x.engine() == 16 * 8 && x.compiler() == 8 * 8), m::toString);
        assertTrue(m.stream().anyMatch(x -> x.path().equals("__pad_to_align_refcnt") && x.what().equals("present")), m::toString);
        assertTrue(m.stream().anyMatch(x -> x.path().isEmpty() && x.what().equals("sizeof")), m::toString);
    }
}
