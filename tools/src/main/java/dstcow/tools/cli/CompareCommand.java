package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import dstcow.tools.compare.Compare;
import dstcow.tools.compare.HtmlReport;
import dstcow.tools.compare.JavaSource;
import dstcow.tools.compare.JsonReport;
import dstcow.tools.compare.KernelTree;
import dstcow.tools.compare.Manifest;
import dstcow.tools.compare.OpsTableSource;
import dstcow.tools.compare.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Show each ported kernel symbol's C definition beside its Java port, and check their parity:",
                "struct members and layout on every ABI, the sequence of metrics accessor calls (the Java side read from",
                "bytecode), the members of the dst_ops tables, the values of constants.",
                "Without --kernel-tree it shows the Java side and where the C lives.",
                "Exit status: 0 all symbols match, 1 some differ or are missing, 2 bad input."},
        footer = {"", "Rows: '=' the two lines correspond, '<' only the C has it, '>' only the Java has it, '!' they differ.",
                "", "Examples:", "  dstcow compare --kernel-tree ~/linux --rev 62fa8a84",
                "  dstcow compare --kernel-tree ~/linux --rev 62fa8a84^ --kernel parent",
                "  dstcow compare --kernel-tree ~/linux --symbol dst_metrics_write_ptr --symbol dst_entry",
                "  dstcow compare --kernel-tree ~/linux --format html --out compare.html",
                "  dstcow compare --list"})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel-tree", paramLabel = "DIR", description = "A Linux source tree (a directory with include/net/dst.h).")
    Path kernelTree;

    @Option(names = "--rev", paramLabel = "REV",
            description = "Read the files as 'git -C DIR show REV:path' (DIR must be a git repository), not the working tree.")
    String rev;

    @Option(names = "--kernel", paramLabel = "parent|patched", defaultValue = "patched",
            description = "Whose symbols and Java port to compare (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--symbol", paramLabel = "NAME", description = "Compare only this symbol (repeatable; default: all of the kernel's).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--format", paramLabel = "text|html|json", defaultValue = "text",
            description = "text (two columns fitted to COLUMNS, default 160), html (one self-contained page), json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE; the summary still goes to standard output.")
    Path out;

    @Option(names = "--list", description = "List the manifest's symbols and exit.")
    boolean list;

    @Option(names = "--manifest", paramLabel = "FILE", hidden = true,
            description = "Another manifest than the shipped one (for other ports and the tests).")
    Path manifestFile;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "html", "json").contains(fmt)) {
            throw new IllegalArgumentException("--format '" + format + "' is not allowed; allowed: text, html, json");
        }
        KernelVersion version = Options.versions(kernel, false).getFirst();
        Manifest manifest = manifestFile == null ? Manifest.standard() : Manifest.read(manifestFile);
        if (list) {
            for (Manifest.Entry e : manifest.entries()) {
                stdout.printf("%-30s %-8s %-26s %-7s %s%n", e.symbol(), e.kind().id(), e.file(), e.kernelsId(), e.where());
            }
            stdout.flush();
            return 0;
        }
        if (rev != null && kernelTree == null) {
            throw new IllegalArgumentException("--rev " + rev + " needs --kernel-tree DIR: the git repository to read it from");
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--out " + out + ": directory " + parent + " does not exist");
            }
            if (Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a directory; give a file name");
            }
        }
        KernelTree tree = kernelTree == null ? null : KernelTree.open(kernelTree, rev);
        Optional<JavaSource> sources = JavaSource.find();
        OpsTableSource ops = manifest.opsTables() == null ? null : OpsTableSource.load(manifest.opsTables());
        Compare.Report report = Compare.run(new Compare.Request(manifest, version, symbols, tree, sources.orElse(null), ops));

        String env = Env.line("compare", Arrays.asList(Abi.values()), version.id(), "default");
        List<String> header = new ArrayList<>();
        header.add(env);
        header.add("C: " + (tree == null ? "not read (no --kernel-tree)" : tree.describe() + ", read as " + Compare.readConfig()
                + "; layouts on every ABI"));
        String javaSources = sources.map(s -> "sources in " + s.root()).orElse("sources not found (" + JavaSource.searched()
                + "): signatures from reflection");
        header.add("Java: " + javaSources + "; calls read from bytecode");
        header.add("manifest: " + manifest.name() + ", " + report.symbols().size() + (report.symbols().size() == 1 ? " symbol" : " symbols") + " of the "
                + version + " kernel");

        String text = switch (fmt) {
            case "html" -> HtmlReport.render(report, header);
            case "json" -> JsonReport.render(report, env, javaSources);
            default -> TextReport.render(report, header, TextReport.width(System.getenv("COLUMNS")));
        };
        if (out != null) {
            try {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            Env.print(stdout, env);
            stdout.println("wrote " + out);
            stdout.println(report.summary());
        } else if (fmt.equals("text")) {
            stdout.print(text);
        } else {
            spec.commandLine().getErr().println("# " + env);
            stdout.print(text);
        }
        stdout.flush();
        return report.exitCode();
    }
}
