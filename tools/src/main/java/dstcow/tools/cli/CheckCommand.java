package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.check.CheckMatrix;
import dstcow.layout.model.KernelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Evaluate every layout assertion on every ABI x config x kernel version, as a matrix.",
                "Gating assertions are the kernel's: BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63), __refcnt",
                "off the line of input/output/ops, and (patched) the writeable group on one 64-byte line.",
                "The same group rules at the architecture's real L1 size are reported, never failed.",
                "Exit status: 0 when every gating assertion holds, 1 otherwise, 2 on bad input."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--abi", paramLabel = "A|all", defaultValue = "all", description = "ABI or all (default: ${DEFAULT-VALUE}).")
    String abi;

    @Option(names = "--kernel", paramLabel = "parent|patched|both", defaultValue = "both", description = "Kernel version(s) (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Override
    public Integer call() {
        List<Abi> abis = Options.abis(abi);
        List<KernelVersion> versions = Options.versions(kernel, true);
        PrintWriter out = spec.commandLine().getOut();
        Env.print(out, Env.line("check", abis, kernel, "every combination of " + String.join(", ", CheckMatrix.SWITCHED)));
        CheckMatrix matrix = CheckMatrix.run(abis, versions);
        out.print(matrix.print());
        out.flush();
        return matrix.allGatingHold() ? 0 : 1;
    }
}
