package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.print.LayoutDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what changed in a struct's layout: parent vs patched, or one ABI vs another.",
                "Each side of --from/--to is a kernel version (parent, patched), an ABI (x86_64, ...), or both as ABI:version."},
        footer = {"", "Examples:", "  dstcow diff dst_entry                       (parent -> patched on the host ABI)",
                "  dstcow diff dst_entry --abi s390x", "  dstcow diff dst_entry --from x86_64 --to i386"})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STRUCT", description = "The struct, e.g. dst_entry.")
    String struct;

    @Option(names = "--abi", paramLabel = "A", description = "The ABI for sides that name none (default: the host's).")
    String abi;

    @Option(names = "--from", paramLabel = "SIDE", defaultValue = "parent", description = "Old side (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", paramLabel = "SIDE", defaultValue = "patched", description = "New side (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--config", paramLabel = "NAME=y|n", description = "Switch a kernel config symbol on both sides (repeatable).")
    List<String> config = new ArrayList<>();

    @Option(names = "--format", paramLabel = "text|svg", defaultValue = "text",
            description = "text (a table), or svg: a cache-line map of both sides with moved members linked (default: ${DEFAULT-VALUE}).")
    String format;

    private record Side(Abi abi, KernelVersion version) {
        String label() { return abi + ":" + version; }
    }

    @Override
    public Integer call() {
        List<Abi> abis = Options.abis(abi);
        if (abis.size() != 1) {
            throw new IllegalArgumentException("--abi takes one ABI for diff; allowed: " + Abi.allowed());
        }
        Abi base = abis.getFirst();
        Partial pa = partial("--from", from);
        Partial pb = partial("--to", to);
        // Two ABIs and no version: compare the ABIs on the patched kernel.
        boolean abiOnly = pa.version() == null && pb.version() == null;
        Side a = new Side(pa.abi() != null ? pa.abi() : base,
                pa.version() != null ? pa.version() : abiOnly ? KernelVersion.PATCHED : KernelVersion.PARENT);
        Side b = new Side(pb.abi() != null ? pb.abi() : base,
                pb.version() != null ? pb.version() : KernelVersion.PATCHED);
        RecordLayout la = layout(a);
        RecordLayout lb = layout(b);
        PrintWriter out = spec.commandLine().getOut();
        String env = Env.line("diff " + la.def().cName(), a.abi() == b.abi() ? List.of(a.abi()) : List.of(a.abi(), b.abi()),
                a.version() == b.version() ? a.version().id() : a.version() + "->" + b.version(), la.config().diffFromDefaults());
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> {
                Env.print(out, env);
                out.print(new LayoutDiff(la, a.label(), lb, b.label()).print());
            }
            case "svg" -> {
                spec.commandLine().getErr().println("# " + env);
                out.print(dstcow.tools.report.CacheLineMap.render(la, a.label(), lb, b.label()));
            }
            default -> throw new IllegalArgumentException("--format '" + format + "' is not allowed; allowed: text, svg");
        }
        out.flush();
        return 0;
    }

    private RecordLayout layout(Side s) {
        KernelConfig c = Options.config(s.abi(), config);
        return LayoutEngine.layout(KernelStructs.get(struct, s.version()), c);
    }

    private record Partial(Abi abi, KernelVersion version) {
    }

    private static Partial partial(String option, String text) {
        Abi abi = null;
        KernelVersion version = null;
        for (String part : text.split(":")) {
            try {
                version = KernelVersion.parse(part);
                continue;
            } catch (IllegalArgumentException notVersion) {
                // try it as an ABI
            }
            try {
                abi = Abi.parse(part);
            } catch (IllegalArgumentException notAbi) {
                throw new IllegalArgumentException(option + " '" + text + "': '" + part + "' is neither a kernel version ("
                        + KernelVersion.allowed() + ") nor an ABI (" + Abi.allowed() + ")");
            }
        }
        return new Partial(abi, version);
    }
}
