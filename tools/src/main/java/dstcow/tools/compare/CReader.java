package dstcow.tools.compare;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads kernel-style C: enough of it to pull functions, macros, struct definitions and
 * designated-initializer tables out of include/net/dst.h, net/core/dst.c, net/ipv4/route.c and
 * their neighbours, with the original line numbers, for side-by-side display and parity checks.
 *
 * <p>It handles comments, string and character literals, line continuations, multi-line
 * {@code #define}s, and {@code #if}/{@code #ifdef}/{@code #ifndef}/{@code #elif}/{@code #else}/{@code #endif}
 * evaluated against a configuration: a map of symbols to on/off. A symbol that is not in the map,
 * and not {@code #define}d earlier in the file, is not defined. {@code __KERNEL__} is defined unless
 * the map switches it off, because the kernel's build always defines it. Nothing is ever run: no
 * external preprocessor, no include files, no macro expansion.
 *
 * <p>On input it cannot read it throws {@link CParseException} naming the file, line and column
 * and what it expected there.
 */
public final class CReader {

    private final Map<String, Boolean> config;
    private final Map<String, Long> values;

    /** A reader for the given symbols ({@code CONFIG_XFRM -> true}); absent symbols are not defined. */
    public CReader(Map<String, Boolean> config) {
        this(config, Map.of());
    }

    private CReader(Map<String, Boolean> config, Map<String, Long> values) {
        Map<String, Boolean> c = new LinkedHashMap<>();
        c.put("__KERNEL__", true);
        c.putAll(config);
        this.config = Map.copyOf(c);
        this.values = Map.copyOf(values);
    }

    /** A copy that also knows an integer macro the file does not define ({@code BITS_PER_LONG = 64}). */
    public CReader withValue(String name, long value) {
        Map<String, Long> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new CReader(config, v);
    }

    /**
     * The reader for a layout-model configuration: its {@code CONFIG_*} symbols, the architecture's
     * predefined macro ({@code __x86_64__}), and {@code BITS_PER_LONG}.
     */
    public static CReader forConfig(KernelConfig config) {
        return new CReader(symbols(config)).withValue("BITS_PER_LONG", config.abi().longSize() * 8L);
    }

    /** The symbols of a layout-model configuration as the reader takes them. */
    public static Map<String, Boolean> symbols(KernelConfig config) {
        Map<String, Boolean> m = new LinkedHashMap<>(config.values());
        m.put(archMacro(config.abi()), true);
        m.put("__KERNEL__", true);
        return m;
    }

    /** The macro the ABI's compiler predefines ({@code __x86_64__}), as the model's arch conditions name it. */
    public static String archMacro(Abi abi) {
        return abi.predefinedMacro();
    }

    /** The configuration the reader evaluates {@code #if}s with. */
    public Map<String, Boolean> config() { return config; }

    /** Reads {@code text}, naming it {@code fileName} in results and errors. */
    public CFile parse(String fileName, String text) {
        return new CParse(fileName, text, config, values).run();
    }

    /** Reads a file; errors name it by the path given. */
    public CFile read(Path file) {
        return parse(file.toString(), readText(file));
    }

    /** Reads {@code relativePath} in a kernel tree; errors name it by the relative path ({@code include/net/dst.h}). */
    public CFile read(Path tree, String relativePath) {
        return parse(relativePath, readText(tree.resolve(relativePath)));
    }

    /** One-off convenience: {@code new CReader(config).parse(fileName, text)}. */
    public static CFile parse(String fileName, String text, Map<String, Boolean> config) {
        return new CReader(config).parse(fileName, text);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot read " + file + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Lines {@code from} to {@code to} (1-based, inclusive) of {@code text}. */
    static String lines(String text, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int line = 1;
        int start = 0;
        int n = text.length();
        while (start <= n && line <= to) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            if (line >= from) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                String l = text.substring(start, end);
                sb.append(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
            if (end == n) {
                break;
            }
            start = end + 1;
            line++;
        }
        return sb.toString();
    }
}
