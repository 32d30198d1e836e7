package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelSource;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The short environment line every command prints first. */
final class Env {
    private Env() {
    }

    static String line(String command, List<Abi> abis, String kernel, String config) {
        String abiText = abis.size() == Abi.values().length ? "all ABIs"
                : abis.stream().map(Abi::id).collect(Collectors.joining(","));
        return "dstcow " + command + " | JDK " + Runtime.version().feature() + " (" + Runtime.version() + ")"
                + " | ABI " + abiText + " | kernel " + kernel + " | config " + config
                + " | Linux " + KernelSource.PATCHED.substring(0, 12);
    }

    static void print(PrintWriter out, String line) {
        out.println("# " + line);
    }

    static String config(List<KernelConfig> configs) {
        return configs.isEmpty() ? "default" : configs.getFirst().diffFromDefaults();
    }
}
