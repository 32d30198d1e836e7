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
        description = {"The first thing to run: what 62fa8a84 did to struct dst_entry on this machine's ABI,",
                "the layout after the patch in pahole's format, and every layout assertion on every ABI."})
public final class TourCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--abi", paramLabel = "A", description = "The ABI to tour (default: the host's).")
    String abi;

    @Override
    public Integer call() {
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
        out.println("Next: 'dstcow layout dst_entry --abi all', 'dstcow diff dst_entry --from x86_64 --to i386', 'dstcow --help'.");
        out.flush();
        return m.allGatingHold() ? 0 : 1;
    }
}
