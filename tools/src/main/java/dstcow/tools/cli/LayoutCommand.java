package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.check.Assertion;
import dstcow.layout.check.KernelAssertions;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import dstcow.layout.print.JsonPrinter;
import dstcow.layout.print.PaholePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "layout", mixinStandardHelpOptions = true,
        description = {"Print the exact layout of a kernel struct, before or after 62fa8a84, on one ABI or all.",
                "Formats: pahole (pahole's own format), json (for machines), c (compilable C of the model)."},
        footer = {"", "Examples:", "  dstcow layout dst_entry --abi all --kernel parent",
                "  dstcow layout dst_entry --abi i386 --config CONFIG_XFRM=n --format json"})
public final class LayoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STRUCT", description = "dst_entry, dst_ops, rtable, ... (see 'dstcow layout --list')",
            arity = "0..1")
    String struct;

    @Option(names = "--list", description = "List the structs that can be laid out.")
    boolean list;

    @Option(names = "--abi", paramLabel = "A|all", description = "ABI: ${COMPLETION-CANDIDATES}; default: the host's. Any of "
            + "x86_64, i386, arm, aarch64, powerpc64, s390x, riscv64, m68k, or all.")
    String abi;

    @Option(names = "--kernel", paramLabel = "parent|patched", defaultValue = "patched",
            description = "Kernel version (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--config", paramLabel = "NAME=y|n", description = "Switch a kernel config symbol (repeatable).")
    List<String> config = new ArrayList<>();

    @Option(names = "--cacheline", paramLabel = "N", description = "Cache-line size in bytes (default: the ABI's L1 size).")
    Integer cacheLine;

    @Option(names = "--format", paramLabel = "pahole|json|c", defaultValue = "pahole", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--names", paramLabel = "gcc|clang", defaultValue = "gcc",
            description = "pahole format: integer type names as GCC's DWARF has them (long unsigned int; what pahole shows "
                    + "for a kernel) or as clang's (unsigned long). Default: ${DEFAULT-VALUE}.")
    String names;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (KernelStructs.Entry e : KernelStructs.all()) {
                out.printf("%-14s %s%s%n", e.name(), e.about(), e.changedByPatch() ? " [changed by 62fa8a84]" : "");
            }
            return 0;
        }
        if (struct == null) {
            throw new IllegalArgumentException("missing STRUCT; allowed: " + KernelStructs.allowed());
        }
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("pahole", "json", "c").contains(fmt)) {
            throw new IllegalArgumentException("--format '" + format + "' is not allowed; allowed: pahole, json, c");
        }
        PaholePrinter.Names naming = switch (names.toLowerCase(Locale.ROOT)) {
            case "gcc" -> PaholePrinter.Names.GCC;
            case "clang" -> PaholePrinter.Names.CLANG;
            default -> throw new IllegalArgumentException("--names '" + names + "' is not allowed; allowed: gcc, clang");
        };
        KernelVersion version = Options.versions(kernel, false).getFirst();
        RecordDef def = KernelStructs.get(struct, version);
        List<Abi> abis = Options.abis(abi);
        List<KernelConfig> configs = new ArrayList<>();
        for (Abi a : abis) {
            configs.add(Options.config(a, config));
        }
        String env = Env.line("layout " + def.cName(), abis, version.id(), Env.config(configs));
        if (fmt.equals("pahole")) {
            Env.print(out, env);
        } else {
            spec.commandLine().getErr().println("# " + env);
        }
        List<Object> json = new ArrayList<>();
        for (KernelConfig c : configs) {
            int line = Options.cacheLine(cacheLine, c.abi());
            RecordLayout l = LayoutEngine.layout(def, c, line);
            switch (fmt) {
                case "pahole" -> {
                    out.printf("/* %s (%s, %s), kernel %s, config %s, cache line %d; %s */%n", c.abi(), c.abi().triple(),
                            c.abi().bigEndian() ? "big-endian" : "little-endian", version, c.diffFromDefaults(), line,
                            def.source() == null ? "" : def.source());
                    out.print(PaholePrinter.print(l, naming));
                    for (Assertion a : KernelAssertions.forStruct(def, version)) {
                        Assertion.Outcome o = a.evaluate(l);
                        out.printf("/* %s %s: %s */%n", o.holds() ? "ok  " : (a.gating() ? "FAIL" : "note"), a.id(), o.message());
                    }
                    out.println();
                }
                case "json" -> json.add(JsonPrinter.toMap(l, version));
                default -> out.print(new CPrinter(c, line).add(def).print());
            }
        }
        if (fmt.equals("json")) {
            out.print(JsonPrinter.write(json.size() == 1 ? json.getFirst() : json));
        }
        out.flush();
        return 0;
    }
}
