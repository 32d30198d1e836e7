package dstcow.tools.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark suite behind {@code dstcow bench}: the JMH benchmarks through the Runner API
 * (forked JVMs inherit this JVM's class path and flags), then the native baseline, then the
 * memory figures; the results go into a {@link BenchReport}.
 */
public final class BenchSuite {
    private BenchSuite() {
    }

    /** The parts a user can pick with {@code --only}, in the order they run. */
    public enum Part {
        METRIC_READ("metric-read", MetricReadBench.class, "read",
                "dst_metric_raw and dst_mtu: patched (shared read-only) vs parent (inline), fast vs checked memory, "
                        + "vs jextract-style FFM, an on-heap mirror, int[] and C"),
        WRITE_PATH("write-path", WritePathBench.class, "write",
                "the first metric write (62fa8a84: kmalloc, copy, cmpxchg) and later writes, patched vs parent, vs C"),
        FALSE_SHARING("false-sharing", FalseSharingBench.class, "false-sharing",
                "dst_hold/dst_release on __refcnt against readers of ops/input/output/_metrics: kernel layout vs the "
                        + "pad removed, in Java and C"),
        MEMORY("memory", null, null,
                "bytes per route cache entry and per million, routing and TCP, parent vs patched, x86_64 and i386, "
                        + "from the allocator's accounting; JOL footprint of the on-heap mirror");

        private final String id;
        private final Class<?> jmhClass;
        private final String nativeSection;
        private final String about;

        Part(String id, Class<?> jmhClass, String nativeSection, String about) {
            this.id = id;
            this.jmhClass = jmhClass;
            this.nativeSection = nativeSection;
            this.about = about;
        }

        public String id() { return id; }

        /** The JMH class, or null for a part that is a computation. */
        public Class<?> jmhClass() { return jmhClass; }

        /** The native program's section for this part, or null. */
        public String nativeSection() { return nativeSection; }

        public String about() { return about; }

        public static String allowed() {
            return Arrays.stream(values()).map(Part::id).collect(Collectors.joining(", "));
        }

        public static Part parse(String text) {
            String key = text.trim().toLowerCase(Locale.ROOT);
            for (Part p : values()) {
                if (p.id.equals(key)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("--only: unknown benchmark '" + text + "'; allowed: " + allowed());
        }
    }

    /**
     * What to run.
     *
     * @param quick   one fork, two 0.5 s warmup and five 0.4 s measurement iterations per
     *                benchmark (under five minutes on two cores); otherwise each class's own settings
     * @param parts   the parts, in run order
     * @param verbose pass JMH's own output through
     */
    public record Settings(boolean quick, List<Part> parts, boolean verbose) {
        public Settings {
            parts = List.copyOf(parts);
        }
    }

    /** The parts named by {@code --only} (all when none), in run order; an unknown name lists the allowed ones. */
    public static List<Part> select(Collection<String> only) {
        if (only == null || only.isEmpty()) {
            return List.of(Part.values());
        }
        Set<Part> picked = new LinkedHashSet<>();
        for (String name : only) {
            for (String one : name.split(",", -1)) {
                if (one.isBlank()) {
                    throw new IllegalArgumentException("--only: empty benchmark name in '" + name + "'; allowed: " + Part.allowed());
                }
                picked.add(Part.parse(one));
            }
        }
        return Arrays.stream(Part.values()).filter(picked::contains).toList();
    }

    /**
     * The JSON file to write: {@code out}, which must end in {@code .json}, or
     * {@code tools/target/bench/results.json} (beside the running jar's {@code target}
     * directory when there is one).
     */
    public static Path outputFile(String out) {
        if (out != null) {
            if (out.isBlank() || !out.toLowerCase(Locale.ROOT).endsWith(".json")) {
                throw new IllegalArgumentException("--out '" + out + "' is not allowed: give a file name ending in .json");
            }
            Path p = Path.of(out);
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException("--out '" + out + "' is a directory: give a file name ending in .json");
            }
            return p;
        }
        return defaultTargetDir().resolve("bench").resolve("results.json");
    }

    /** {@code tools/target}: where this class was loaded from when that is a build, else relative to the working directory. */
    private static Path defaultTargetDir() {
        try {
            Path here = Path.of(BenchSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = here.getParent(); // here is target/classes or target/dstcow-tools.jar
            if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
                return dir;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        return Path.of("tools", "target");
    }

    /** Runs the selected parts; progress goes to {@code progress}. */
    public static BenchReport run(Settings settings, PrintWriter progress) {
        BenchReport report = new BenchReport(settings);
        List<Class<?>> jmh = settings.parts().stream().map(Part::jmhClass).filter(c -> c != null).toList();
        if (!jmh.isEmpty()) {
            progress.println("JMH: " + jmh.stream().map(Class::getSimpleName).collect(Collectors.joining(", "))
                    + (settings.quick() ? " (quick: 1 fork, 2 x 0.5 s warmup, 5 x 0.4 s measurement)" : " (each class's own settings)"));
            progress.flush();
            report.jmh().addAll(runJmh(jmh, settings, progress));
        }
        Set<String> sections = new LinkedHashSet<>();
        settings.parts().stream().map(Part::nativeSection).filter(s -> s != null).forEach(sections::add);
        if (!sections.isEmpty()) {
            report.setNative(NativeBaseline.run(sections, settings.quick(), progress));
            progress.println("  native: " + report.nativeOutcome().message());
            progress.flush();
        }
        if (settings.parts().contains(Part.MEMORY)) {
            progress.println("memory: " + MemoryFootprint.DEFAULT_ENTRIES + " entries per figure, "
                    + MemoryFootprint.WORD_SIZES.stream().map(Object::toString).collect(Collectors.joining(" and ")) + " ...");
            progress.flush();
            report.memory().addAll(MemoryFootprint.measureAll(MemoryFootprint.DEFAULT_ENTRIES));
            report.heap().addAll(MemoryFootprint.heap(MemoryFootprint.DEFAULT_ENTRIES));
        }
        return report;
    }

    private static List<BenchReport.JmhResult> runJmh(List<Class<?>> classes, Settings settings, PrintWriter progress) {
        ChainedOptionsBuilder b = new OptionsBuilder().shouldFailOnError(true);
        for (Class<?> c : classes) {
            b.include("^" + Pattern.quote(c.getName()) + "\\.");
        }
        if (settings.quick()) {
            b.forks(1)
                    .warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(5).measurementTime(TimeValue.milliseconds(400));
        }
        ProgressFormat format = new ProgressFormat(progress, settings.verbose());
        Collection<RunResult> results;
        try {
            results = new Runner(b.build(), format).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed: " + e.getMessage() + format.recentOutput(), e);
        }
        List<BenchReport.JmhResult> out = new ArrayList<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String simple = className.substring(className.lastIndexOf('.') + 1);
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            int forks = r.getParams().getForks();
            int iterations = r.getParams().getMeasurement().getCount();
            var secondary = r.getSecondaryResults(); // JMH declares Map<String, Result> with a raw Result
            if (r.getParams().getThreadGroups().length > 1 && !secondary.isEmpty()) {
                // A @Group: one result per method (thread role), which is what the question is about.
                for (String role : secondary.keySet()) {
                    out.add(result(simple, role, r.getParams().getMode().shortLabel(), secondary.get(role), forks, iterations));
                }
            } else {
                out.add(result(simple, method, r.getParams().getMode().shortLabel(), r.getPrimaryResult(), forks, iterations));
            }
        }
        return out;
    }

    private static BenchReport.JmhResult result(String cls, String method, String mode, Result<?> r, int forks, int iterations) {
        return new BenchReport.JmhResult(cls, method, mode, r.getScore(), r.getScoreError(), r.getScoreUnit(), forks, iterations);
    }
}
