package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import dstcow.layout.print.PaholePrinter;
import dstcow.layout.print.PaholeText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link PaholePrinter} against pahole itself: {@code struct dst_entry} before and after the
 * patch, on every ABI, is printed as C by {@link CPrinter}, compiled with debug info by the
 * ABI's ground-truth compiler, and read back by {@code pahole -C dst_entry}. Both texts must
 * be the same line for line after {@link PaholeText#normalize normalization}.
 */
class PaholeGroundTruthTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (KernelVersion v : KernelVersion.values()) {
            for (Abi abi : Abi.values()) {
                out.add(Arguments.of(v, abi));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "dst_entry {0} on {1}")
    @MethodSource("cases")
    void printerMatchesPahole(KernelVersion version, Abi abi) {
        Compiler compiler = GroundTruth.compiler(abi).assumeAvailable();
        Assumptions.assumeTrue(Compiler.onPath("pahole").isPresent(), "pahole not found on PATH: apt-get install dwarves");
        if (compiler.gcc()) {
            // gcc -c runs the target's assembler, which comes in its own package.
            String as = compiler.executable().replaceFirst("gcc$", "as");
            String target = as.substring(0, as.length() - "-as".length());
            Assumptions.assumeTrue(Compiler.onPath(as).isPresent(), () -> as + " not found on PATH: apt-get install binutils-" + target);
        }
        RecordDef def = DstEntry.of(version);
        KernelConfig config = KernelConfig.defaults(abi);
        RecordLayout layout = LayoutEngine.layout(def, config);
        String source = new CPrinter(config, layout.cacheLine()).add(def).print()
                + "\n/* dstcow: a variable, so the type is in the debug info */\n" + def.cName() + " __dstcow_var;\n";

        String pahole = compiler.run(source, List.of("-g", "-c", "-w", "-o", "input.o"), run -> Compiler.exec(
                List.of("pahole", "--cacheline_size=" + layout.cacheLine(), "-C", def.tag(), "input.o"), run.dir(), source).stdout());
        // pahole shows the compiler's DWARF names: GCC's "long unsigned int", clang's "unsigned long".
        String ours = PaholePrinter.print(layout, compiler.gcc() ? PaholePrinter.Names.GCC : PaholePrinter.Names.CLANG);

        assertTrue(pahole.contains(def.cName() + " {"), () -> "pahole printed no " + def.cName() + ":\n" + pahole);
        List<String> expected = PaholeText.normalize(pahole);
        List<String> actual = PaholeText.normalize(ours);
        if (!expected.equals(actual)) {
            fail("PaholePrinter differs from pahole for " + def.cName() + " (" + version + ") on " + abi + " compiled by "
                    + compiler + ", cache line " + layout.cacheLine() + ":\n" + diff(expected, actual)
                    + "\n--- pahole ---\n" + pahole + "--- PaholePrinter ---\n" + ours);
        }
    }

    /** The differing lines, after normalization, as a minimal line diff ({@code -} pahole, {@code +} ours). */
    static String diff(List<String> pahole, List<String> ours) {
        int n = pahole.size();
        int m = ours.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = pahole.get(i).equals(ours.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && pahole.get(i).equals(ours.get(j))) {
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                sb.append("+ ").append(ours.get(j++)).append('\n');
            } else {
                sb.append("- ").append(pahole.get(i++)).append('\n');
            }
        }
        return sb.toString();
    }
}
