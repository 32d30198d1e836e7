package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The list of kernel symbols a port must have, each with its kind, the file of the kernel tree it
 * is defined in and the kernels that have it. The shipped one,
 * {@code /dstcow/compare/manifest.txt}, lists what dstcow ports of 62fa8a84 and its parent; its
 * header says the format.
 *
 * @param name       where it was read from, for messages
 * @param entries    the symbols, in the order listed
 * @param scan       the Java packages whose classes carry the {@code @KernelSource} annotations
 * @param opsTables  the {@link OpsTableSource} class that builds the Java ops tables, or {@code null}
 * @param commits    per kernel, the kernel source its symbols follow ({@code 62fa8a84...}, {@code 62fa8a84...^})
 */
public record Manifest(String name, List<Entry> entries, List<String> scan, String opsTables, Map<KernelVersion, String> commits) {

    /** The shipped manifest's resource path. */
    public static final String RESOURCE = "/dstcow/compare/manifest.txt";

    /** What a symbol is, which decides how its C is found and which parity checks apply. */
    public enum Kind {
        /** A function definition ({@code static inline} ones in headers too): metrics-call parity. */
        FUNCTION,
        /** A function-like {@code #define}: metrics-call parity over its body. */
        MACRO,
        /** An object-like {@code #define} with an integer value: the value against the Java constant's. */
        CONSTANT,
        /** A variable without a brace initializer ({@code static const u32 dst_default_metrics[RTAX_MAX];}): shown. */
        VARIABLE,
        /** A designated-initializer {@code struct dst_ops}: its members against the Java table's. */
        OPS,
        /** A struct definition: members against the layout model, and the layout on every ABI. */
        STRUCT;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + text + "'; allowed: "
                    + java.util.Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")));
        }
    }

    /**
     * One symbol.
     *
     * @param symbol  the kernel name ({@code dst_metrics_write_ptr}; a struct by its tag, {@code dst_entry})
     * @param kind    what it is
     * @param file    the file of the kernel tree that defines it ({@code include/net/dst.h})
     * @param kernels the kernels that have it
     * @param where   where ../shared/KERNEL.md lists it ({@code §5})
     * @param line    the manifest line, for messages
     */
    public record Entry(String symbol, Kind kind, String file, Set<KernelVersion> kernels, String where, int line) {
        public Entry {
            kernels = Set.copyOf(kernels);
        }

        public boolean in(KernelVersion v) { return kernels.contains(v); }

        /** {@code both}, {@code patched} or {@code parent}. */
        public String kernelsId() {
            return kernels.size() == 2 ? "both" : kernels.iterator().next().id();
        }
    }

    public Manifest {
        entries = List.copyOf(entries);
        scan = List.copyOf(scan);
        commits = Map.copyOf(commits);
    }

    /** The shipped manifest. */
    public static Manifest standard() {
        try (InputStream in = Manifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the manifest " + RESOURCE + " is not on the class path");
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A manifest file (for other ports, and the tests' fixtures). */
    public static Manifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("manifest " + file + " is not a file");
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses manifest text; errors name {@code name} and the line. */
    public static Manifest parse(String name, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> scan = new ArrayList<>();
        String ops = null;
        Map<KernelVersion, String> commits = new EnumMap<>(KernelVersion.class);
        Map<String, Integer> seen = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f[0].startsWith("@")) {
                    switch (f[0]) {
                        case "@scan" -> scan.addAll(List.of(f).subList(1, f.length));
                        case "@ops-tables" -> ops = arg(f, 1);
                        case "@commit" -> commits.put(KernelVersion.parse(arg(f, 1)), arg(f, 2));
                        default -> throw new IllegalArgumentException("unknown directive " + f[0] + "; allowed: @scan, @ops-tables, @commit");
                    }
                    continue;
                }
                if (f.length < 5) {
                    throw new IllegalArgumentException("expected: symbol kind file kernels where, got " + f.length + " fields");
                }
                Set<KernelVersion> kernels = switch (f[3]) {
                    case "both" -> EnumSet.allOf(KernelVersion.class);
                    case "patched" -> EnumSet.of(KernelVersion.PATCHED);
                    case "parent" -> EnumSet.of(KernelVersion.PARENT);
                    default -> throw new IllegalArgumentException("kernels '" + f[3] + "'; allowed: both, patched, parent");
                };
                Integer before = seen.put(f[0], lineNo);
                if (before != null) {
                    throw new IllegalArgumentException(f[0] + " is listed twice (first on line " + before + ")");
                }
                String where = String.join(" ", List.of(f).subList(4, f.length));
                entries.add(new Entry(f[0], Kind.parse(f[1]), f[2], kernels, where, lineNo));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (scan.isEmpty()) {
            throw new IllegalArgumentException(name + ": no @scan directive: the packages to look for @KernelSource in");
        }
        return new Manifest(name, entries, scan, ops, commits);
    }

    private static String arg(String[] f, int i) {
        if (f.length <= i) {
            throw new IllegalArgumentException(f[0] + " needs " + i + (i == 1 ? " argument" : " arguments"));
        }
        return f[i];
    }

    public Optional<Entry> find(String symbol) {
        return entries.stream().filter(e -> e.symbol().equals(symbol)).findFirst();
    }

    /** The symbols the kernel has, in manifest order. */
    public List<Entry> of(KernelVersion v) {
        return entries.stream().filter(e -> e.in(v)).toList();
    }

    /** The kernel source {@code v}'s symbols follow ({@code 62fa8a84...}), or "?" when the manifest does not say. */
    public String commit(KernelVersion v) {
        return commits.getOrDefault(v, "?");
    }

    /** The symbols, comma-separated, for "allowed:" messages. */
    public String allowed() {
        return entries.stream().map(Entry::symbol).collect(Collectors.joining(", "));
    }
}
