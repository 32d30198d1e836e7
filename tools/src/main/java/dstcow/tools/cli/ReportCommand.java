package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.tools.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (works offline): cache-line maps of struct dst_entry before and",
                "after on every ABI, the assertion matrix and layout diff, a scenario trace on both kernels,",
                "simulation charts, and benchmark and compare results when they exist."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dstcow-report", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--abi", paramLabel = "A", description = "ABI for the trace and simulations (default: the host's).")
    String abi;

    @Option(names = "--bench", paramLabel = "FILE", defaultValue = "tools/target/bench/results.json",
            description = "Benchmark results to include, if the file exists (default: ${DEFAULT-VALUE}).")
    Path bench;

    @Option(names = "--compare", paramLabel = "FILE", defaultValue = "dstcow-report/compare.json",
            description = "dstcow compare JSON to include, if the file exists (default: ${DEFAULT-VALUE}).")
    Path compare;

    @Override
    public Integer call() throws IOException {
        List<Abi> abis = Options.abis(abi);
        if (abis.size() != 1) {
            throw new IllegalArgumentException("--abi takes one ABI for the report; allowed: " + Abi.allowed());
        }
        PrintWriter o = spec.commandLine().getOut();
        Env.print(o, Env.line("report", abis, "both", "default"));
        Report.Written w = Report.write(out, abis.getFirst(), bench, compare);
        o.println("wrote " + w.file().toAbsolutePath() + ": " + w.maps() + " cache-line maps, " + w.charts() + " charts"
                + (w.bench() ? ", benchmark results" : "") + (w.compare() ? ", compare results" : ""));
        o.flush();
        return 0;
    }
}
