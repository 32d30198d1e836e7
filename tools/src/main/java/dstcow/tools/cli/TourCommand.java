package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.check.CheckMatrix;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.print.LayoutDiff;
import dstcow.layout.print.PaholePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tour", mixinStandardHelpOptions = true,
        description = {"The first thing to run: what 62fa8a84 did to struct dst_entry on this machine's ABI, the layout",
                "in pahole's format, every layout assertion on every ABI, one copy on write on both kernels, a small",
                "simulation, and the HTML report."})
public final class TourCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--abi", paramLabel = "A", description = "The ABI to tour (default: the host's).")
    String abi;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dstcow-report", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path reportDir;

    @Override
    public Integer call() throws java.io.IOException {
        List<Abi> abis = Options.abis(abi);
        if (abis.size() != 1) {
            throw new IllegalArgumentException("--abi takes one ABI for the tour; allowed: " + Abi.allowed());
        }
        Abi host = abis.getFirst();
        PrintWriter out = spec.commandLine().getOut();
        Env.print(out, Env.line("tour", List.of(host), "parent -> patched", "default"));
        KernelConfig config = KernelConfig.defaults(host);
        RecordLayout before = LayoutEngine.layout(DstEntry.PARENT, config);
        RecordLayout after = LayoutEngine.layout(DstEntry.PATCHED, config);

        out.println();
        out.println("== 1. Linux 62fa8a846d7d, \"net: Implement read-only protection and COW'ing of metrics\" ==");
        out.println("struct dst_entry used to carry u32 _metrics[RTAX_MAX] (56 bytes) inline. After the patch it holds one");
        out.println("unsigned long: a pointer to shared, read-only metrics, whose bit 0 says \"read-only\"; the first write");
        out.println("copies them (kmalloc + cmpxchg) and may fail. The struct was re-laid so __refcnt stays 64-byte aligned.");
        out.println();
        out.println("== 2. The layout diff on " + host + " (dstcow diff dst_entry --abi " + host + ") ==");
        out.print(new LayoutDiff(before, host + ":parent", after, host + ":patched").print());
        out.println();
        out.println("== 3. struct dst_entry after the patch, pahole-style (dstcow layout dst_entry --abi " + host + ") ==");
        out.print(PaholePrinter.print(after));
        out.println();
        out.println("== 4. The layout assertions on every ABI x config x kernel (dstcow check) ==");
        CheckMatrix m = CheckMatrix.run(Arrays.asList(Abi.values()), Arrays.asList(KernelVersion.values()));
        out.print(m.print());
        out.println();
        out.println("== 5. One copy on write, on both kernels, over emulated kernel memory ==");
        for (KernelVersion v : KernelVersion.values()) {
            dstcow.dst.demo.CowStory.run(host, v, out);
            out.println();
        }
        out.println("== 6. A small routing workload on both kernels (dstcow sim --entries 5000) ==");
        java.util.List<dstcow.tools.sim.Simulator.Result> results = new java.util.ArrayList<>();
        for (KernelVersion v : KernelVersion.values()) {
            results.add(dstcow.tools.sim.Simulator.run(new dstcow.tools.sim.Simulator.Config(v, host, 64, 5000,
                    dstcow.tools.sim.Mix.routingDefault(), null, 1, dstcow.dst.mem.MemoryMode.FAST), p -> { }));
        }
        SimCommand.print(out, results);
        out.println();
        out.println("== 7. The report ==");
        dstcow.tools.report.Report.Written w = dstcow.tools.report.Report.write(reportDir, host,
                java.nio.file.Path.of("tools/target/bench/results.json"), java.nio.file.Path.of("dstcow-report/compare.json"));
        out.println("wrote " + w.file().toAbsolutePath() + " (" + w.maps() + " cache-line maps, " + w.charts()
                + " charts): open it in a browser.");
        out.println();
        out.println("Summary: " + m.rows().size() + " layouts checked, " + (m.allGatingHold() ? "every kernel assertion holds" : "ASSERTIONS FAIL")
                + "; patched/parent bytes per entry on " + host + ": " + String.format(java.util.Locale.ROOT, "%.2f",
                results.get(1).bytesPerEntry() / results.get(0).bytesPerEntry()) + "; leaks: "
                + (results.stream().allMatch(r -> r.leakCheck().equals("no leaks")) ? "none" : "SEE ABOVE") + ".");
        out.println("Next: 'dstcow run pmtu', 'dstcow layout dst_entry --abi all', 'dstcow diff dst_entry --format svg', 'dstcow --help'.");
        out.flush();
        return m.allGatingHold() ? 0 : 1;
    }
}
