package dstcow.tools.cli;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.KernelOops;
import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.Ipv4Stack;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.tools.scenario.Scenario;
import dstcow.tools.scenario.ScenarioError;
import dstcow.tools.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario (a route's life: lookups, PMTU, TCP metrics, IPsec bundles, destruction) on the",
                "emulated kernel and print what the ported code did, then a leak check.",
                "Built-in scenarios: routing, pmtu, tcp, ipsec, redirect, blackhole. The language is in the README.",
                "Exit status: 0 when every expect held and nothing leaked, 1 otherwise (a failed expect, an oops,",
                "a leak), 2 on bad input."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|NAME", description = "A scenario file, or a built-in name.")
    String scenario;

    @Option(names = "--kernel", paramLabel = "parent|patched|both", defaultValue = "both",
            description = "Kernel(s) to run on (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--abi", paramLabel = "A", description = "ABI (default: the host's).")
    String abi;

    @Option(names = "--fast", description = "Fast memory mode (no access checks), as for benchmarks.")
    boolean fast;

    @Option(names = "--fail-kmalloc", paramLabel = "P|Nth",
            description = "Fail allocations like failslab: a probability 0..1 (e.g. 0.25), or the Nth allocation (e.g. 3rd, 3).")
    String failKmalloc;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed for --fail-kmalloc P (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "Do not print the trace.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        List<Abi> abis = Options.abis(abi);
        if (abis.size() != 1) {
            throw new IllegalArgumentException("--abi takes one ABI for run; allowed: " + Abi.allowed());
        }
        List<KernelVersion> versions = Options.versions(kernel, true);
        Failslab plan = failslab(failKmalloc, seed);
        Scenario s = Scenario.load(scenario);
        PrintWriter out = spec.commandLine().getOut();
        Env.print(out, Env.line("run " + s.name(), abis, kernel, "default") + " | memory " + (fast ? "fast" : "checked")
                + (plan == null ? "" : " | failslab " + plan));
        boolean ok = true;
        for (KernelVersion v : versions) {
            out.println();
            out.println("== " + s.name() + " on the " + v + " kernel (" + abis.getFirst() + ") ==");
            try (Ipv4Stack stack = Ipv4Stack.boot(v, abis.getFirst(), fast ? MemoryMode.FAST : MemoryMode.CHECKED)) {
                if (plan != null) {
                    stack.memory().setFailslab(failslab(failKmalloc, seed));
                }
                long mark = stack.trace().mark();
                ScenarioRunner runner = new ScenarioRunner(s, stack, out);
                try {
                    ScenarioRunner.Result r = runner.run();
                    if (!quiet) {
                        out.println();
                        out.println("trace:");
                        stack.trace().print(out, e -> true);
                    }
                    out.println();
                    out.printf("%s on %s: %d lines, %d expectations held; %s%n", s.name(), v, r.lines(), r.expectations(),
                            r.oops() != null ? "ended by the expected oops: " + r.oops().kind().name().toLowerCase(java.util.Locale.ROOT)
                                    : "leak check: " + (r.leaks().isEmpty() ? "no leaks" : r.leaks()));
                    ok &= r.clean();
                } catch (ScenarioError e) {
                    out.println();
                    out.println("FAILED: " + e.getMessage());
                    ok = false;
                } catch (KernelOops oops) {
                    out.println();
                    out.println("KERNEL OOPS: " + oops.getMessage());
                    ok = false;
                }
            }
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** {@code 0.25} is a probability, {@code 3} or {@code 3rd} the third allocation; anything else is an error. */
    static Failslab failslab(String text, long seed) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("(st|nd|rd|th)$", "");
        try {
            if (t.contains(".")) {
                double p = Double.parseDouble(t);
                if (p < 0 || p > 1) {
                    throw new NumberFormatException();
                }
                return Failslab.probability(p, seed);
            }
            long n = Long.parseLong(t);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Failslab.nth(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fail-kmalloc '" + text + "' is not allowed: a probability from 0.0 to 1.0 "
                    + "(e.g. 0.25) or which allocation fails, from 1 (e.g. 3 or 3rd)");
        }
    }
}
