package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.ctype.CType;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Cond;
import dstcow.layout.model.Member;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel structs of the model, on every ABI, under every combination of the config symbols
 * that change their layout: the engine must place every member exactly where the ABI's
 * compiler does (clang for the triple; m68k-linux-gnu-gcc for m68k), compiling the C that
 * {@link CPrinter} prints from the same model.
 */
class KernelStructsGroundTruthTest {

    /** Every struct users can ask for, in both kernels (each distinct definition once). */
    static List<RecordDef> structs() {
        Set<RecordDef> defs = new LinkedHashSet<>();
        for (KernelStructs.Entry e : KernelStructs.all()) {
            defs.add(e.parent());
            defs.add(e.patched());
        }
        return List.copyOf(defs);
    }

    /** The switchable config symbols a definition tests, through everything it embeds. */
    static Set<String> symbols(RecordDef def) {
        Set<String> out = new TreeSet<>();
        collect(def, out, new HashSet<>());
        out.remove("CONFIG_64BIT");
        return out;
    }

    private static void collect(RecordDef def, Set<String> out, Set<RecordDef> seen) {
        if (!seen.add(def)) {
            return;
        }
        if (def.aligned() == AlignSpec.CACHELINE_IN_SMP) {
            out.add("CONFIG_SMP");
        }
        for (Member m : def.members()) {
            conditionSymbols(m.condition(), out);
            if (m.aligned() == AlignSpec.CACHELINE_IN_SMP) {
                out.add("CONFIG_SMP");
            }
            CType t = m.type();
            while (t instanceof CType.Typedef || t instanceof CType.Array) {
                t = t instanceof CType.Typedef td ? td.target() : ((CType.Array) t).element();
            }
            if (t instanceof CType.Record r) {
                collect(r.def(), out, seen);
            }
        }
    }

    private static void conditionSymbols(Cond c, Set<String> out) {
        switch (c) {
            case Cond.Defined d -> out.add(d.symbol());
            case Cond.And a -> {
                conditionSymbols(a.a(), out);
                conditionSymbols(a.b(), out);
            }
            default -> {
            }
        }
    }

    /** Each struct on every ABI under every combination of the config symbols it tests. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RecordDef def : structs()) {
            List<String> switched = List.copyOf(symbols(def));
            for (Abi abi : Abi.values()) {
                for (int bits = 0; bits < 1 << switched.size(); bits++) {
                    KernelConfig config = KernelConfig.defaults(abi);
                    for (int i = 0; i < switched.size(); i++) {
                        config = config.with(switched.get(i), (bits & 1 << i) == 0);
                    }
                    out.add(Arguments.of(label(def), def, config));
                }
            }
        }
        return out.stream();
    }

    static String label(RecordDef def) {
        return def.cName() + (def.source() == null ? "" : " @ " + def.source().shortCommit());
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void engineMatchesCompiler(String label, RecordDef def, KernelConfig config) {
        GroundTruth.assumeAvailable(config.abi());
        String source = new CPrinter(config, config.abi().l1CacheBytes()).add(def).print();
        CompilerLayout compiler = GroundTruth.layouts(source, List.of(def), config).get(def.tag());
        RecordLayout engine = LayoutEngine.layout(def, config);

        List<LayoutComparison.Mismatch> mismatches = LayoutComparison.compare(engine, compiler);

        assertTrue(mismatches.isEmpty(), () -> label + " with config " + config.diffFromDefaults() + " ("
                + GroundTruth.compiler(config.abi()) + "): " + LayoutComparison.report(mismatches, source));
        // Guard against a vacuous pass: the compiler must have reported every member of the model.
        assertEquals(MemberPaths.of(def, config).size(), compiler.fields().size(), () -> "members reported for " + label
                + ": " + compiler.fields().keySet());
    }
}
