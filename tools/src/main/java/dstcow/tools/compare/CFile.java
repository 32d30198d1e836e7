package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One C file as the reader saw it under a configuration: its functions, macros, structs and
 * initialized tables, each with its original line numbers, and the text to show beside the Java.
 *
 * @param name         the file name given to the reader ({@code include/net/dst.h})
 * @param text         the whole original text
 * @param config       the configuration the {@code #if}s were evaluated with
 * @param functions    function definitions compiled under the configuration, in order
 * @param macros       every {@code #define}, in order, each marked active or not
 * @param structs      struct and union definitions compiled under the configuration, in order
 * @param initializers variables with brace initializers compiled under the configuration, in order
 * @param constants    the object-like macros whose value is an integer constant ({@code DST_METRICS_READ_ONLY = 1})
 */
public record CFile(String name, String text, Map<String, Boolean> config, List<CFunction> functions, List<CMacro> macros,
                    List<CStruct> structs, List<CInitializer> initializers, Map<String, Long> constants) {

    public CFile {
        config = Map.copyOf(config);
        functions = List.copyOf(functions);
        macros = List.copyOf(macros);
        structs = List.copyOf(structs);
        initializers = List.copyOf(initializers);
        constants = Map.copyOf(constants);
    }

    public Optional<CFunction> function(String fn) {
        return functions.stream().filter(f -> f.name().equals(fn)).findFirst();
    }

    /** The active {@code #define} of {@code macro} (the last one, as cpp would use). */
    public Optional<CMacro> macro(String macro) {
        CMacro found = null;
        for (CMacro m : macros) {
            if (m.active() && m.name().equals(macro)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A struct or union by tag; a leading {@code struct } is accepted. */
    public Optional<CStruct> struct(String tag) {
        String t = tag.startsWith("struct ") ? tag.substring(7).strip() : tag.startsWith("union ") ? tag.substring(6).strip() : tag;
        return structs.stream().filter(s -> t.equals(s.name())).findFirst();
    }

    public Optional<CInitializer> initializer(String variable) {
        return initializers.stream().filter(i -> i.name().equals(variable)).findFirst();
    }

    public CFunction requireFunction(String fn) {
        return function(fn).orElseThrow(() -> notFound("function", fn, functions, CFunction::name));
    }

    public CStruct requireStruct(String tag) {
        return struct(tag).orElseThrow(() -> notFound("struct", tag, structs, s -> String.valueOf(s.name())));
    }

    public CInitializer requireInitializer(String variable) {
        return initializer(variable).orElseThrow(() -> notFound("initialized variable", variable, initializers, CInitializer::name));
    }

    public CMacro requireMacro(String macro) {
        return macro(macro).orElseThrow(() -> notFound("active macro", macro,
                macros.stream().filter(CMacro::active).toList(), CMacro::name));
    }

    private <T> IllegalArgumentException notFound(String what, String wanted, List<T> have, Function<T, String> name) {
        List<String> names = new ArrayList<>();
        for (T t : have) {
            names.add(name.apply(t));
        }
        return new IllegalArgumentException("no " + what + " '" + wanted + "' in " + this.name
                + (names.isEmpty() ? " (it has none)" : "; it has: " + String.join(", ", names)));
    }

    /** The original lines {@code from} to {@code to}, 1-based and inclusive, joined with newlines. */
    public String lines(int from, int to) {
        return CReader.lines(text, from, to);
    }
}
