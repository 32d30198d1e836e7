package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel symbol's definition as read from its file: the source lines to show, where they are,
 * and what the parity checks need (the calls of a function or macro, the struct, the initializer,
 * a constant's value).
 *
 * @param symbol      the symbol
 * @param file        the file in the kernel tree
 * @param startLine   the first line shown (1-based)
 * @param nameLine    the line of the name (a function's name is on the line after its return type in kernel style)
 * @param lines       the source lines, {@code startLine} first
 * @param what        {@code static inline function}, {@code macro}, {@code struct}, ...
 * @param calls       the calls in the body (functions and function-like macros), else empty
 * @param struct      the struct, for a struct
 * @param initializer the initializer, for an ops table
 * @param value       an object-like macro's integer value, else {@code null}
 */
public record CDefinition(String symbol, String file, int startLine, int nameLine, List<String> lines, String what,
                          List<CCall> calls, CStruct struct, CInitializer initializer, Long value) {

    public CDefinition {
        lines = List.copyOf(lines);
        calls = List.copyOf(calls);
    }

    public int endLine() { return startLine + lines.size() - 1; }

    /** {@code include/net/dst.h:120-127}. */
    public String where() {
        return file + ":" + startLine + (lines.size() > 1 ? "-" + endLine() : "");
    }

    /** Finds the symbol's definition, trying the manifest's kind first and the other kinds after. */
    public static Optional<CDefinition> find(CFile f, String symbol, Manifest.Kind kind) {
        List<Manifest.Kind> order = new ArrayList<>(List.of(kind));
        for (Manifest.Kind k : Manifest.Kind.values()) {
            if (!order.contains(k)) {
                order.add(k);
            }
        }
        for (Manifest.Kind k : order) {
            Optional<CDefinition> d = switch (k) {
                case FUNCTION -> f.function(symbol).map(fn -> function(f, fn));
                case MACRO, CONSTANT -> f.macro(symbol).map(m -> macro(f, m));
                case STRUCT -> f.struct(symbol).map(s -> new CDefinition(symbol, f.name(), s.line(), s.line(),
                        split(s.text()), s.cName(), List.of(), s, null, null));
                case OPS -> f.initializer(symbol).map(i -> new CDefinition(symbol, f.name(), i.line(), i.line(),
                        split(i.text()), i.type(), List.of(), null, i, null));
                case VARIABLE -> variable(f, symbol);
            };
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static CDefinition function(CFile f, CFunction fn) {
        String what = (fn.isStatic() ? "static " : "") + (fn.isInline() ? "inline " : "") + "function"
                + (fn.exportedAs() != null ? ", " + fn.exportedAs() : "");
        return new CDefinition(fn.name(), f.name(), fn.line(), fn.nameLine(), split(fn.text()), what, fn.calls(), null, null, null);
    }

    private static final Pattern CALL = Pattern.compile("([A-Za-z_]\\w*)\\s*\\(");

    private static CDefinition macro(CFile f, CMacro m) {
        List<CCall> calls = new ArrayList<>();
        if (m.functionLike()) {
            // The body after the parameter list, line by line, so that each call keeps its line.
            List<String> ls = split(m.text());
            int paren = ls.getFirst().indexOf(')', Math.max(0, ls.getFirst().indexOf(m.name())));
            for (int i = 0; i < ls.size(); i++) {
                String l = ls.get(i);
                int from = i == 0 ? (paren < 0 ? l.length() : paren + 1) : 0;
                Matcher c = CALL.matcher(l);
                c.region(from, l.length());
                while (c.find()) {
                    String name = c.group(1);
                    if (!m.params().contains(name) && !CParse.NOT_CALLS.contains(name)) {
                        String before = l.substring(0, c.start()).stripTrailing();
                        boolean indirect = before.endsWith("->") || before.endsWith(".");
                        calls.add(new CCall(name, indirect, new SourcePos(f.name(), m.line() + i, c.start() + 1)));
                    }
                }
            }
        }
        Long value = f.constants().get(m.name());
        String what = m.functionLike() ? "function-like macro" : "macro" + (value != null ? " = " + value : "");
        return new CDefinition(m.name(), f.name(), m.line(), m.line(), split(m.text()), what, calls, null, null, value);
    }

    /** A top-level declaration without a brace initializer: {@code static const u32 dst_default_metrics[RTAX_MAX];}. */
    private static Optional<CDefinition> variable(CFile f, String symbol) {
        Pattern p = Pattern.compile("^[A-Za-z_][\\w\\s*]*\\b" + Pattern.quote(symbol) + "\\b\\s*(\\[[^]]*\\])*\\s*(=[^;{]*)?;");
        List<String> ls = split(f.text());
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i);
            if (p.matcher(l).find() && !l.startsWith("extern")) {
                return Optional.of(new CDefinition(symbol, f.name(), i + 1, i + 1, List.of(l), "variable", List.of(), null, null, null));
            }
        }
        return Optional.empty();
    }

    /**
     * The assignments {@code table.member = value;} in the file's function bodies, as
     * {@code ip_rt_init} sets {@code ipv4_dst_ops.kmem_cachep}: members set at init time, outside
     * the initializer.
     */
    public static List<Assignment> assignments(CFile f, String table) {
        Pattern p = Pattern.compile("\\b" + Pattern.quote(table) + "\\s*\\.\\s*(\\w+)\\s*=(?!=)\\s*([^;]+);");
        List<Assignment> out = new ArrayList<>();
        for (CFunction fn : f.functions()) {
            String t = fn.text();
            Matcher m = p.matcher(t);
            while (m.find()) {
                int line = fn.line() + (int) t.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
                out.add(new Assignment(m.group(1), m.group(2).strip().replaceAll("\\s+", " "), fn.name(), line));
            }
        }
        return out;
    }

    /** {@code table.member = value;} at {@code line}, in function {@code in}. */
    public record Assignment(String member, String value, String in, int line) {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        out.replaceAll(s -> s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
        return out;
    }
}
