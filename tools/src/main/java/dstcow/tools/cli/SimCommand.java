package dstcow.tools.cli;

import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.MemoryMode;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.print.JsonPrinter;
import dstcow.tools.sim.Mix;
import dstcow.tools.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Simulate a routing workload on the emulated kernel(s) and compare what the patch claims:",
                "memory per route-cache entry, copies on write, failed copies and dropped writes, cache lines per read.",
                "Runs in fast memory mode unless --checked; ends with a leak check."},
        footer = {"", "Example: dstcow sim --entries 1000000 --kernel both --out sim.json"})
public final class SimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", paramLabel = "parent|patched|both", defaultValue = "both", description = "Default: ${DEFAULT-VALUE}.")
    String kernel;

    @Option(names = "--abi", paramLabel = "A", description = "ABI (default: the host's).")
    String abi;

    @Option(names = "--routes", paramLabel = "N", defaultValue = "64", description = "FIB routes, 1 to 4096 (default: ${DEFAULT-VALUE}).")
    int routes;

    @Option(names = "--entries", paramLabel = "M", defaultValue = "10000", description = "Route-cache entries (default: ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--mix", paramLabel = "read=..,pmtu=..,tcp=..,ipsec=..,expire=..", defaultValue = "read=90,pmtu=2,tcp=5,ipsec=1,expire=2",
            description = "Relative weights of the operations (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--fail-kmalloc", paramLabel = "P", description = "Fail each allocation with probability P (0..1), like failslab.")
    Double failKmalloc;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checked", description = "Checked memory (slower; every access validated).")
    boolean checked;

    @Option(names = "--out", paramLabel = "FILE.csv|FILE.json", description = "Also write the results, as CSV or JSON by extension.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Abi> abis = Options.abis(abi);
        if (abis.size() != 1) {
            throw new IllegalArgumentException("--abi takes one ABI for sim; allowed: " + Abi.allowed());
        }
        List<KernelVersion> versions = Options.versions(kernel, true);
        Mix m = Mix.parse(mix);
        if (failKmalloc != null && (failKmalloc < 0 || failKmalloc > 1)) {
            throw new IllegalArgumentException("--fail-kmalloc " + failKmalloc + " is not allowed: a probability from 0 to 1");
        }
        String format = null;
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            format = name.endsWith(".csv") ? "csv" : name.endsWith(".json") ? "json" : null;
            if (format == null) {
                throw new IllegalArgumentException("--out " + out + ": the file must end in .csv or .json");
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        Env.print(o, Env.line("sim", abis, kernel, "default") + " | memory " + (checked ? "checked" : "fast"));
        List<Simulator.Result> results = new ArrayList<>();
        for (KernelVersion v : versions) {
            Simulator.Config c = new Simulator.Config(v, abis.getFirst(), routes, entries, m,
                    failKmalloc == null ? null : Failslab.probability(failKmalloc, seed), seed, checked ? MemoryMode.CHECKED : MemoryMode.FAST);
            results.add(Simulator.run(c, progressBar(v.id(), entries >= 100_000 && System.console() != null)));
        }
        print(o, results);
        if (out != null) {
            write(out, format, results);
            o.println("wrote " + out);
        }
        o.flush();
        return results.stream().allMatch(r -> r.leakCheck().equals("no leaks")) ? 0 : 1;
    }

    private java.util.function.LongConsumer progressBar(String label, boolean show) {
        PrintWriter err = spec.commandLine().getErr();
        int[] last = {-1};
        return permille -> {
            if (!show) {
                return;
            }
            int pct = (int) (permille / 10);
            if (pct != last[0]) {
                last[0] = pct;
                int bar = pct / 4;
                err.print("\r" + label + " [" + "#".repeat(bar) + ".".repeat(25 - bar) + "] " + pct + "%");
                if (pct == 100) {
                    err.println();
                }
                err.flush();
            }
        };
    }

    static void print(PrintWriter o, List<Simulator.Result> rs) {
        String[][] rows = {
                {"kernel", null}, {"entries", "entries"}, {"reads / pmtu / tcp / bundles / expiries", null},
                {"ip_dst_cache bytes", "dstCacheBytes"}, {"kmalloc-64 bytes (metrics copies)", "kmalloc64Bytes"},
                {"xfrm_dst_cache bytes", "xfrmCacheBytes"}, {"all live slab bytes", "totalBytes"},
                {"bytes per entry (dst + copies)", "bytesPerEntry"}, {"ip_dst_cache object bytes", "dstObjectBytes"},
                {"entry object, layouts predict", "predictedEntryBytes"},
                {"copies on write", "cows"}, {"failed copies", "failedCows"}, {"dropped metric writes", "droppedWrites"},
                {"cache lines per read", "linesPerRead"}, {"distinct lines touched by reads", "workingSetLines"},
                {"wall time ms", "wallMillis"}, {"leak check", "leakCheck"}};
        for (String[] row : rows) {
            o.printf("%-40s", row[0]);
            for (Simulator.Result r : rs) {
                String cell = switch (row[0]) {
                    case "kernel" -> r.kernel() + " (" + r.abi() + ")";
                    case "reads / pmtu / tcp / bundles / expiries" -> r.reads() + " / " + r.pmtuEvents() + " / " + r.tcpUpdates()
                            + " / " + r.bundles() + " / " + r.expiries();
                    default -> format(value(r, row[1]));
                };
                o.printf(" %28s", cell);
            }
            o.println();
        }
        if (rs.size() == 2) {
            Simulator.Result a = rs.get(0);
            Simulator.Result b = rs.get(1);
            o.printf("%npatched / parent: %.2f x the bytes per entry, %.2f x the cache lines per read, %.2f x the distinct lines%n",
                    b.bytesPerEntry() / a.bytesPerEntry(), b.linesPerRead() / Math.max(a.linesPerRead(), 1e-9),
                    (double) b.workingSetLines() / Math.max(a.workingSetLines(), 1));
        }
    }

    private static Object value(Simulator.Result r, String accessor) {
        try {
            return Simulator.Result.class.getMethod(accessor).invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no result accessor " + accessor, e);
        }
    }

    private static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(v);
    }

    static Map<String, Object> toMap(Simulator.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : Simulator.Result.class.getRecordComponents()) {
            Object v = value(r, c.getName());
            m.put(c.getName(), v instanceof Enum<?> || v instanceof Abi ? v.toString() : v);
        }
        return m;
    }

    /** Written to a temporary file first and moved into place, so a failed run leaves no half-written file. */
    static void write(Path out, String format, List<Simulator.Result> rs) throws IOException {
        String text;
        if (format.equals("json")) {
            text = JsonPrinter.write(rs.stream().map(SimCommand::toMap).toList());
        } else {
            StringBuilder sb = new StringBuilder();
            List<String> keys = new ArrayList<>(toMap(rs.getFirst()).keySet());
            sb.append(String.join(",", keys)).append('\n');
            for (Simulator.Result r : rs) {
                Map<String, Object> m = toMap(r);
                List<String> cells = new ArrayList<>();
                for (String k : keys) {
                    String cell = String.valueOf(m.get(k));
                    cells.add(cell.contains(",") || cell.contains("\n") || cell.contains("\"")
                            ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
                }
                sb.append(String.join(",", cells)).append('\n');
            }
            text = sb.toString();
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".dstcow-sim-", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
