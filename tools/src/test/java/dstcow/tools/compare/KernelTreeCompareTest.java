package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code dstcow compare} against a real Linux tree, named by the environment variable
 * {@code DSTCOW_KERNEL_TREE}; with {@code DSTCOW_KERNEL_REV} (a git checkout) the files are read at
 * that commit. Skipped, with the reason, when the tree is not given. Symbols whose file the tree
 * lacks are left out; every other symbol of the kernel must match.
 *
 * <pre>
 * DSTCOW_KERNEL_TREE=$HOME/linux DSTCOW_KERNEL_REV=62fa8a84 ./mvnw -B test -pl tools -Dtest=KernelTreeCompareTest
 * DSTCOW_KERNEL_TREE=$HOME/linux DSTCOW_KERNEL_REV=62fa8a84^ DSTCOW_KERNEL=parent ./mvnw -B test -pl tools -Dtest=KernelTreeCompareTest
 * </pre>
 */
class KernelTreeCompareTest {

    private static KernelTree tree;

    @BeforeEach
    void tree() {
        String dir = System.getenv("DSTCOW_KERNEL_TREE");
        assumeTrue(dir != null && !dir.isBlank(), "DSTCOW_KERNEL_TREE is not set: set it to a Linux source tree at 62fa8a84 "
                + "(or a git checkout, with DSTCOW_KERNEL_REV=62fa8a84) to run dstcow compare against the kernel source");
        assumeTrue(Files.isDirectory(Path.of(dir)), "DSTCOW_KERNEL_TREE=" + dir + " is not a directory");
        String rev = System.getenv("DSTCOW_KERNEL_REV");
        tree = KernelTree.open(Path.of(dir), rev == null || rev.isBlank() ? null : rev);
    }

    @Test
    void everySymbolWhoseFileIsInTheTreeMatches() {
        String k = System.getenv("DSTCOW_KERNEL");
        KernelVersion v = k == null || k.isBlank() ? KernelVersion.PATCHED : KernelVersion.parse(k);
        Manifest m = Manifest.standard();
        List<String> present = m.of(v).stream().filter(e -> tree.read(e.file()).present()).map(Manifest.Entry::symbol).toList();
        assumeTrue(!present.isEmpty(), "none of the manifest's files is in " + tree.describe());
        Compare.Report r = Compare.run(new Compare.Request(m, v, present, tree, JavaSource.find().orElse(null), OpsTableSource.load(m.opsTables())));
        List<String> bad = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (SymbolReport s : r.symbols()) {
            if (s.status() != SymbolReport.Status.MATCH) {
                bad.add(s.symbol() + " " + s.status().id());
                TextReport.symbol(text, s, 160);
            }
        }
        assertEquals(List.of(), bad, r.summary() + "\n" + text);
    }
}
