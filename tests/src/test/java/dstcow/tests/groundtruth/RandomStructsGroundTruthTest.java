package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the layout engine against the compiler: {@code dstcow.fuzz.count} (default 10,000)
 * random structs from {@link RandomStructs} per ABI, laid out by the engine and by the ABI's
 * ground-truth compiler, every member compared. Structs are compiled in batches, one
 * translation unit per batch, batches in parallel.
 *
 * <p>The seed is {@code dstcow.fuzz.seed}, or the clock; it is always printed. To replay a
 * failure: {@code ./mvnw -o verify -pl layout,tests -am -Dtest=RandomStructsGroundTruthTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddstcow.fuzz.seed=<seed>}.
 */
class RandomStructsGroundTruthTest {

    static final int COUNT = (int) property("dstcow.fuzz.count", 10_000);
    static final long SEED = property("dstcow.fuzz.seed", System.nanoTime());
    static final int BATCH = 500;
    /** Failing structs printed in full (with shrunk reproducers); the rest are counted. */
    static final int SHOWN = 3;
    /** Candidates the shrinker may compile per failing struct. */
    static final int SHRINK_BUDGET = 300;

    private static long property(String name, long otherwise) {
        String text = System.getProperty(name, "").strip();
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            long v = Long.parseLong(text);
            if (name.endsWith(".count") && (v < 1 || v > Integer.MAX_VALUE)) {
                throw new NumberFormatException("out of range");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + text + " is not " + (name.endsWith(".count")
                    ? "a positive number of structs" : "a 64-bit integer seed"), e);
        }
    }

    @BeforeAll
    static void announce() {
        System.out.println("RandomStructsGroundTruthTest: " + COUNT + " structs per ABI, -Ddstcow.fuzz.seed=" + SEED);
    }

    /** A struct on which the engine and the compiler disagree. */
    record Failure(RecordDef def, List<LayoutComparison.Mismatch> mismatches, RuntimeException error) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Abi.class)
    void engineMatchesCompiler(Abi abi) throws Exception {
        GroundTruth.assumeAvailable(abi);
        KernelConfig config = KernelConfig.defaults(abi);
        RandomStructs generator = new RandomStructs(SEED, abi);
        List<RecordDef> defs = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            defs.add(generator.next());
        }

        List<Failure> failures = new ArrayList<>();
        long members = 0;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<Checked>> batches = new ArrayList<>();
            for (int from = 0; from < defs.size(); from += BATCH) {
                List<RecordDef> batch = defs.subList(from, Math.min(defs.size(), from + BATCH));
                batches.add(pool.submit(() -> check(batch, config)));
            }
            for (Future<Checked> f : batches) {
                failures.addAll(f.get().failures());
                members += f.get().members();
            }
        }
        System.out.printf("%s: %d structs, %d members compared with %s in %d ms, %d failing%n", abi, COUNT, members,
                GroundTruth.compiler(abi), (System.nanoTime() - start) / 1_000_000, failures.size());
        // Every struct has at least one member, and the compiler must have reported each of them.
        long compared = members;
        assertTrue(compared >= COUNT, () -> "only " + compared + " members compared for " + COUNT + " structs");
        if (!failures.isEmpty()) {
            fail(describe(abi, config, failures));
        }
    }

    /** The failures in a batch, and how many members the compiler reported for it. */
    record Checked(List<Failure> failures, long members) {
    }

    /** Compiles one batch as one translation unit and compares every struct in it. */
    static Checked check(List<RecordDef> batch, KernelConfig config) {
        CPrinter printer = new CPrinter(config, config.abi().l1CacheBytes());
        batch.forEach(printer::add);
        Map<String, CompilerLayout> truth = GroundTruth.layouts(printer.print(), batch, config);
        List<Failure> failures = new ArrayList<>();
        long members = 0;
        for (RecordDef def : batch) {
            CompilerLayout compiler = truth.get(def.tag());
            members += compiler.fields().size();
            try {
                RecordLayout engine = LayoutEngine.layout(def, config);
                List<LayoutComparison.Mismatch> m = LayoutComparison.compare(engine, compiler);
                if (!m.isEmpty()) {
                    failures.add(new Failure(def, m, null));
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(def, List.of(), e));
            }
        }
        return new Checked(failures, members);
    }

    static String source(RecordDef def, KernelConfig config) {
        return new CPrinter(config, config.abi().l1CacheBytes()).add(def).print();
    }

    private static String text(Failure f, KernelConfig config) {
        if (f.error() != null) {
            return "the engine threw: " + f.error() + "\n--- C source ---\n" + source(f.def(), config);
        }
        return LayoutComparison.report(f.mismatches(), source(f.def(), config));
    }

    /** Whether the engine gets {@code def} wrong; a candidate the compiler rejects does not count. */
    private static boolean fails(RecordDef def, KernelConfig config) {
        try {
            return !check(List.of(def), config).failures().isEmpty();
        } catch (Compiler.CompilerFailure e) {
            return false;
        }
    }

    private static String describe(Abi abi, KernelConfig config, List<Failure> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(failures.size()).append(" of ").append(COUNT).append(" random structs laid out differently by the engine and ")
                .append(GroundTruth.compiler(abi)).append(" on ").append(abi).append(" (seed ").append(SEED)
                .append(": -Ddstcow.fuzz.seed=").append(SEED).append(")\n");
        for (Failure f : failures.subList(0, Math.min(SHOWN, failures.size()))) {
            sb.append("\n=== ").append(f.def().cName()).append(" ===\n");
            sb.append(text(f, config));
            RecordDef small = Shrinker.shrink(f.def(), d -> fails(d, config), SHRINK_BUDGET);
            if (small != f.def()) {
                sb.append("--- shrunk to ---\n");
                List<Failure> again = check(List.of(small), config).failures();
                sb.append(again.isEmpty() ? source(small, config) : text(again.getFirst(), config));
            }
        }
        if (failures.size() > SHOWN) {
            sb.append("\n... and ").append(failures.size() - SHOWN).append(" more: ");
            sb.append(failures.subList(SHOWN, failures.size()).stream().map(f -> f.def().tag()).toList()).append('\n');
        }
        return sb.toString();
    }
}
