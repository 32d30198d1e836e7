package dstcow.tools.cli;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parsing shared by the commands: every bad value is an error naming it and what is allowed. */
final class Options {
    private Options() {
    }

    /** {@code x86_64}, {@code all}, or a comma-separated list. */
    static List<Abi> abis(String text) {
        if (text == null) {
            return List.of(Abi.host());
        }
        if (text.trim().equalsIgnoreCase("all")) {
            return Arrays.asList(Abi.values());
        }
        List<Abi> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Abi.parse(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--abi: " + e.getMessage() + ", all");
            }
        }
        return out;
    }

    static List<KernelVersion> versions(String text, boolean allowBoth) {
        if (allowBoth && text.trim().equalsIgnoreCase("both")) {
            return Arrays.asList(KernelVersion.values());
        }
        try {
            return List.of(KernelVersion.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kernel: " + e.getMessage() + (allowBoth ? ", both" : ""));
        }
    }

    static KernelConfig config(Abi abi, List<String> assignments) {
        KernelConfig c = KernelConfig.defaults(abi);
        for (String a : assignments) {
            c = c.with(a);
        }
        return c;
    }

    static int cacheLine(Integer value, Abi abi) {
        if (value == null) {
            return abi.l1CacheBytes();
        }
        if (value < 8 || value > 4096 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException("--cacheline " + value + " is not allowed: a power of two from 8 to 4096");
        }
        return value;
    }
}
