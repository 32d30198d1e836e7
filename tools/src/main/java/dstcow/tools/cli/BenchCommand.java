package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.tools.bench.BenchReport;
import dstcow.tools.bench.BenchSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark struct access and the patch's claims: JMH (metric reads, the write path, false sharing),",
                "the same accesses in C (gcc -O2, offsets generated from the layout module) and the memory per route",
                "cache entry. Prints one table with the ratios that matter and the targets, and writes JSON.",
                "Exit status: 0 when it ran, 1 when a memory figure differs from the layouts' prediction, 2 on bad input."},
        footer = {"", "Benchmarks (for --only):",
                "  metric-read    dst_metric_raw and dst_mtu, patched vs parent, fast vs checked, vs jextract-style FFM, int[], C",
                "  write-path     first metric write (COW) and later writes, patched vs parent, vs C",
                "  false-sharing  dst_hold/dst_release vs readers of ops/input/output/_metrics, kernel layout vs pad removed",
                "  memory         bytes per route cache entry (x86_64 and i386) and the on-heap mirror's (JOL)",
                "", "Examples:", "  dstcow bench --quick", "  dstcow bench --only metric-read --only memory --out /tmp/bench.json"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "1 fork, 2 x 0.5 s warmup, 5 x 0.4 s measurement per benchmark: the whole suite"
            + " in under five minutes on two cores. Default: each benchmark's own settings (2 forks, 5 x 1 s; about 12 minutes).")
    boolean quick;

    @Option(names = "--only", paramLabel = "NAME", description = "Run only this benchmark (repeatable, or comma-separated):"
            + " metric-read, write-path, false-sharing, memory.")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE.json", description = "Where to write the JSON results"
            + " (default: tools/target/bench/results.json).")
    String out;

    @Option(names = "--list", description = "List the benchmarks and exit.")
    boolean list;

    @Option(names = "--verbose", description = "Show JMH's own output.")
    boolean verbose;

    @Override
    public Integer call() {
        List<BenchSuite.Part> parts = BenchSuite.select(only);
        Path json = BenchSuite.outputFile(out);
        PrintWriter w = spec.commandLine().getOut();
        if (list) {
            for (BenchSuite.Part p : BenchSuite.Part.values()) {
                w.printf("%-14s %s%n", p.id(), p.about());
            }
            w.flush();
            return 0;
        }
        Env.print(w, Env.line("bench", List.of(Abi.host()), "parent,patched", "default"));
        BenchReport report = BenchSuite.run(new BenchSuite.Settings(quick, parts, verbose), w);
        w.println();
        report.print(w);
        try {
            report.writeJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
        w.println();
        w.println("JSON: " + json);
        w.flush();
        return report.deterministicChecksHold() ? 0 : 1;
    }
}
