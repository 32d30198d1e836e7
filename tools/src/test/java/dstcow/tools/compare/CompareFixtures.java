package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The fixture tree under src/test/resources/compare/tree, its manifest and its made-up port (dstcow.tools.compare.fixture). */
final class CompareFixtures {
    private CompareFixtures() {
    }

    static Path resource(String name) {
        try {
            var url = CompareFixtures.class.getResource("/compare/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no test resource compare/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tree() {
        return resource("tree");
    }

    static Path manifestFile() {
        return resource("tree-manifest.txt");
    }

    static Manifest manifest() {
        return Manifest.read(manifestFile());
    }

    static Compare.Report run(KernelVersion v, String... symbols) {
        Manifest m = manifest();
        return Compare.run(new Compare.Request(m, v, List.of(symbols), KernelTree.open(tree(), null),
                JavaSource.find().orElseThrow(), OpsTableSource.load(m.opsTables())));
    }

    static SymbolReport only(Compare.Report r) {
        if (r.symbols().size() != 1) {
            throw new AssertionError("expected one symbol, got " + r.symbols().size());
        }
        return r.symbols().getFirst();
    }
}
