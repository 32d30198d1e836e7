package dstcow.tools.compare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One run of the reader over one file. First the conditional pass walks the directives, giving
 * every token the {@code #if} branch it sits in and recording every {@code #define}. Then the
 * top level is scanned over the compiled tokens only (as the compiler sees them), brace by brace;
 * struct and initializer bodies are read over all tokens, so members and entries under a branch
 * that is not compiled are still reported, with their condition.
 */
final class CParse {

    /** One branch of an {@code #if} group: its own condition given its parent, and whether it is compiled. */
    static final class Frame {
        final Frame parent;
        final PpExpr branch;
        final boolean active;
        final Group group;

        Frame(Frame parent, PpExpr branch, boolean active, Group group) {
            this.parent = parent;
            this.branch = branch;
            this.active = active;
            this.group = group;
        }
    }

    /** An {@code #if ... #endif} group. */
    static final class Group {
        final Frame outer;
        final CToken opener;
        final List<PpExpr> conditions = new ArrayList<>();
        boolean taken;
        boolean sawElse;

        Group(Frame outer, CToken opener) {
            this.outer = outer;
            this.opener = opener;
        }
    }

    /** A token with its branch, and its index in the list of all tokens. */
    record PTok(CToken t, Frame frame, int index) {
        boolean is(String s) { return t.is(s); }

        boolean ident() { return t.ident(); }

        String text() { return t.text(); }
    }

    /** Words before a function name that are not part of its return type. */
    static final Set<String> FUNCTION_SPECIFIERS = Set.of("static", "inline", "__inline", "__inline__", "extern",
            "__always_inline", "noinline", "__init", "__exit", "__devinit", "__devexit", "__cpuinit", "__meminit",
            "__net_init", "__net_exit", "__cold", "__weak", "__sched", "notrace", "__kprobes", "__maybe_unused", "__used",
            "__must_check", "asmlinkage", "__ref", "__noreturn", "__pure", "__visible", "__init_or_module", "fastcall");

    /** Function-like annotations that may follow a parameter list; never a function name. */
    static final Set<String> ANNOTATION_CALLS = Set.of("__attribute__", "__attribute", "__acquires", "__releases",
            "__must_hold", "__printf", "__scanf", "__aligned", "__section", "__cond_lock", "__alias", "__nocast");

    /** Identifiers followed by {@code (} that are not calls. */
    static final Set<String> NOT_CALLS = Set.of("if", "while", "for", "switch", "return", "sizeof", "typeof", "__typeof__",
            "__typeof", "alignof", "__alignof__", "_Alignof", "__attribute__", "__attribute", "asm", "__asm__", "__asm",
            "volatile", "__volatile__", "do", "else", "case", "goto", "defined", "int", "char", "void", "long", "short",
            "unsigned", "signed", "float", "double", "_Bool", "const", "struct", "union", "enum", "static", "inline",
            "__builtin_offsetof", "_Static_assert");

    /** Identifiers before an initializer's {@code =} that are not its name. */
    static final Set<String> VARIABLE_ANNOTATIONS = Set.of("__read_mostly", "__initdata", "__devinitdata", "__exitdata",
            "__cacheline_aligned", "__cacheline_aligned_in_smp", "____cacheline_aligned", "____cacheline_aligned_in_smp",
            "__maybe_unused", "__used", "__initconst", "__refdata", "__net_initdata", "__percpu", "__rcu", "const",
            "volatile", "static", "extern");

    final String file;
    final String original;
    final Map<String, Boolean> config;
    final Map<String, Long> values;
    final List<PTok> all = new ArrayList<>();
    final List<PTok> active = new ArrayList<>();
    final List<CMacro> macros = new ArrayList<>();
    private final Map<String, CMacro> defined = new HashMap<>();
    final Map<String, Long> constants = new LinkedHashMap<>();

    private final List<CFunction> functions = new ArrayList<>();
    private final List<PendingFunction> pending = new ArrayList<>();
    private final List<CStruct> structs = new ArrayList<>();
    private final List<CInitializer> initializers = new ArrayList<>();
    private final Map<String, String> exports = new HashMap<>();

    /** A function seen before its EXPORT_SYMBOL line. */
    private record PendingFunction(String name, String returnType, String parameters, List<String> specifiers,
                                   String signature, SourcePos pos,
                                   int nameLine, int endLine, String text, String body, List<CCall> calls) {
    }

    CParse(String file, String original, Map<String, Boolean> config, Map<String, Long> values) {
        this.file = file;
        this.original = original;
        this.config = config;
        this.values = values;
    }

    CFile run() {
        conditionals(CLexer.tokenize(file, original));
        topLevel();
        for (PendingFunction p : pending) {
            functions.add(new CFunction(p.name, p.returnType, p.parameters, p.specifiers, p.signature, exports.get(p.name), p.pos,
                    p.nameLine, p.endLine, p.text, p.body, p.calls));
        }
        return new CFile(file, original, config, functions, macros, structs, initializers, constants);
    }

    // ---- positions, errors, text -----------------------------------------------------------

    SourcePos pos(CToken t) {
        return new SourcePos(file, t.line(), t.column());
    }

    CParseException error(CToken t, String detail) {
        return new CParseException(pos(t), detail);
    }

    static String quote(CToken t) {
        return t == null ? "end of file" : "'" + t.text() + "'";
    }

    String lines(int from, int to) {
        return CReader.lines(original, from, to);
    }

    /** Tokens {@code from} (inclusive) to {@code to} (exclusive) with each run of whitespace as one space. */
    static String render(List<PTok> l, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            CToken t = l.get(k).t();
            if (k > from && t.spaceBefore()) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    private static String closerOf(String open) {
        return switch (open) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
    }

    static boolean opener(PTok p) {
        return p.is("(") || p.is("[") || p.is("{");
    }

    static boolean closer(PTok p) {
        return p.is(")") || p.is("]") || p.is("}");
    }

    /** The index of the bracket matching the one at {@code open}, searching before {@code limit}. */
    int close(List<PTok> l, int open, int limit) {
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(open);
        for (int k = open + 1; k < limit; k++) {
            PTok p = l.get(k);
            if (opener(p)) {
                stack.push(k);
            } else if (closer(p)) {
                int top = stack.pop();
                String want = closerOf(l.get(top).text());
                if (!p.is(want)) {
                    CToken o = l.get(top).t();
                    throw error(p.t(), "expected '" + want + "' to close '" + o.text() + "' opened at " + o.line() + ":"
                            + o.column() + ", found '" + p.text() + "'");
                }
                if (stack.isEmpty()) {
                    return k;
                }
            }
        }
        CToken o = l.get(stack.peek()).t();
        String where = limit >= l.size() ? "before end of file" : "before " + quote(l.get(limit).t()) + " at "
                + l.get(limit).t().line() + ":" + l.get(limit).t().column();
        throw error(o, "unbalanced '" + o.text() + "': expected a matching '" + closerOf(o.text()) + "' " + where);
    }

    /**
     * The condition of code in {@code inner} relative to the braces it sits in, whose opening brace
     * is in {@code base}: the {@code #if} branches opened between them.
     */
    CCondition relative(PTok at, Frame base) {
        List<PpExpr> parts = new ArrayList<>();
        Frame f = at.frame();
        while (f != base) {
            if (f == null || f.parent == null) {
                throw error(at.t(), "#if blocks and braces do not nest: this code is under an #if that was opened "
                        + "before the enclosing '{' and is still open, or closed inside it");
            }
            parts.add(f.branch);
            f = f.parent;
        }
        Collections.reverse(parts);
        PpExpr e = PpExpr.TRUE;
        for (PpExpr p : parts) {
            e = PpExpr.and(e, p);
        }
        return e == PpExpr.TRUE ? CCondition.ALWAYS : new CCondition(e, at.frame().active);
    }

    // ---- the conditional pass --------------------------------------------------------------

    private PpExpr.Env env() {
        return new PpExpr.Env() {
            @Override
            public boolean isDefined(String name) {
                return defined.containsKey(name) || Boolean.TRUE.equals(config.get(name)) || values.containsKey(name);
            }

            @Override
            public OptionalLong valueOf(String name) {
                if (values.containsKey(name)) {
                    return OptionalLong.of(values.get(name));
                }
                if (constants.containsKey(name) && defined.containsKey(name)) {
                    return OptionalLong.of(constants.get(name));
                }
                if (Boolean.TRUE.equals(config.get(name))) {
                    return OptionalLong.of(1);
                }
                return OptionalLong.empty();
            }
        };
    }

    private void conditionals(List<CToken> tokens) {
        Frame root = new Frame(null, PpExpr.TRUE, true, null);
        Frame cur = root;
        for (CToken t : tokens) {
            if (t.kind() != CToken.Kind.DIRECTIVE) {
                PTok p = new PTok(t, cur, all.size());
                all.add(p);
                if (cur.active) {
                    active.add(p);
                }
                continue;
            }
            String text = t.text();
            int i = 0;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int ns = i;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
            String name = text.substring(ns, i);
            int restAt = i;
            String rest = text.substring(i);
            switch (name) {
                case "if", "ifdef", "ifndef" -> {
                    Group g = new Group(cur, t);
                    PpExpr e = name.equals("if") ? expression(t, restAt, cur.active) : definedTest(t, restAt, name);
                    boolean on = cur.active && evaluate(t, e);
                    g.conditions.add(e);
                    g.taken = on;
                    cur = new Frame(cur, e, on, g);
                }
                case "elif" -> {
                    Group g = requireGroup(cur, t, "#elif");
                    if (g.sawElse) {
                        throw error(t, "#elif after #else: expected #endif");
                    }
                    boolean evaluate = g.outer.active && !g.taken;
                    PpExpr e = expression(t, restAt, evaluate);
                    PpExpr branch = PpExpr.and(notAll(g.conditions), e);
                    boolean on = evaluate && evaluate(t, e);
                    g.conditions.add(e);
                    g.taken |= on;
                    cur = new Frame(g.outer, branch, on, g);
                }
                case "else" -> {
                    Group g = requireGroup(cur, t, "#else");
                    if (g.sawElse) {
                        throw error(t, "#else after #else: expected #endif");
                    }
                    g.sawElse = true;
                    boolean on = g.outer.active && !g.taken;
                    g.taken |= on;
                    cur = new Frame(g.outer, notAll(g.conditions), on, g);
                }
                case "endif" -> {
                    Group g = requireGroup(cur, t, "#endif");
                    cur = g.outer;
                }
                case "define" -> define(t, restAt, cur);
                case "undef" -> {
                    if (cur.active) {
                        defined.remove(rest.strip());
                    }
                }
                case "include", "include_next", "pragma", "error", "warning", "line", "ident", "sccs", "" -> {
                    // Nothing to read: includes are not followed, diagnostics are not ours to raise.
                }
                default -> {
                    if (cur.active) {
                        throw error(t, "unknown preprocessor directive '#" + name
                                + "': expected #if, #ifdef, #ifndef, #elif, #else, #endif, #define, #undef or #include");
                    }
                }
            }
        }
        if (cur != root) {
            CToken o = cur.group.opener;
            throw error(o, "unterminated #" + directiveName(o) + ": expected #endif before end of file");
        }
    }

    private static String directiveName(CToken t) {
        String s = t.text().strip();
        int e = 0;
        while (e < s.length() && Character.isLetter(s.charAt(e))) {
            e++;
        }
        return s.substring(0, e);
    }

    private Group requireGroup(Frame cur, CToken t, String what) {
        if (cur.group == null) {
            throw error(t, what + " without #if");
        }
        return cur.group;
    }

    private static PpExpr notAll(List<PpExpr> conditions) {
        PpExpr e = PpExpr.TRUE;
        for (PpExpr c : conditions) {
            e = PpExpr.and(e, PpExpr.not(c));
        }
        return e;
    }

    private SourcePos posIn(CToken d, int at) {
        int[] lines = d.charLines();
        int[] cols = d.charCols();
        if (lines.length == 0) {
            return new SourcePos(file, d.line(), d.column() + 1);
        }
        if (at >= lines.length) {
            return new SourcePos(file, lines[lines.length - 1], cols[cols.length - 1] + 1);
        }
        return new SourcePos(file, lines[at], cols[at]);
    }

    private PpExpr definedTest(CToken d, int restAt, String name) {
        String rest = d.text().substring(restAt);
        String sym = rest.strip();
        if (!sym.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            int at = restAt;
            while (at < d.text().length() && Character.isWhitespace(d.text().charAt(at))) {
                at++;
            }
            throw new CParseException(posIn(d, at), "expected a macro name after #" + name + ", found '"
                    + (sym.isEmpty() ? "end of line" : sym) + "'");
        }
        PpExpr e = new PpExpr.Defined(sym);
        return name.equals("ifdef") ? e : PpExpr.not(e);
    }

    private PpExpr expression(CToken d, int restAt, boolean mustParse) {
        String rest = d.text().substring(restAt);
        try {
            return PpExpr.parse(rest);
        } catch (PpExpr.SyntaxError e) {
            if (!mustParse) {
                return new PpExpr.Raw(rest.strip());
            }
            throw new CParseException(posIn(d, restAt + e.offset()), "in #" + directiveName(d) + ": " + e.getMessage());
        }
    }

    private boolean evaluate(CToken d, PpExpr e) {
        try {
            return e.holds(env());
        } catch (PpExpr.EvalException ex) {
            throw error(d, "cannot evaluate #" + directiveName(d) + " " + e + ": " + ex.getMessage());
        }
    }

    private void define(CToken d, int restAt, Frame cur) {
        String text = d.text();
        int i = restAt;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int ns = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (ns == i || Character.isDigit(text.charAt(ns))) {
            throw new CParseException(posIn(d, ns), "expected a macro name after #define, found '"
                    + (ns < text.length() ? text.substring(ns).strip() : "end of line") + "'");
        }
        String name = text.substring(ns, i);
        List<String> params = null;
        if (i < text.length() && text.charAt(i) == '(') {
            int close = text.indexOf(')', i);
            if (close < 0) {
                throw new CParseException(posIn(d, text.length()), "expected ')' to end the parameters of macro " + name);
            }
            params = new ArrayList<>();
            String inside = text.substring(i + 1, close).strip();
            if (!inside.isEmpty()) {
                for (String p : inside.split(",")) {
                    String param = p.strip();
                    if (!param.matches("[A-Za-z_][A-Za-z0-9_]*(\\.\\.\\.)?|\\.\\.\\.")) {
                        throw new CParseException(posIn(d, i + 1), "expected a parameter name in macro " + name
                                + ", found '" + param + "'");
                    }
                    params.add(param);
                }
            }
            i = close + 1;
        }
        String body = text.substring(i).strip().replaceAll("\\s+", " ");
        CMacro m = new CMacro(name, params, body, cur.active, pos(d), d.endLine(), lines(d.line(), d.endLine()));
        macros.add(m);
        if (cur.active) {
            defined.put(name, m);
            constants.remove(name);
            if (params == null) {
                constant(name, body);
            }
        }
    }

    /** Records an object-like macro whose body is an integer constant built only from known constants. */
    private void constant(String name, String body) {
        if (body.isEmpty()) {
            return;
        }
        try {
            PpExpr e = PpExpr.parse(body);
            for (String s : e.symbols()) {
                if (!constants.containsKey(s) && !values.containsKey(s)) {
                    return;
                }
            }
            if (e instanceof PpExpr.Call) {
                return;
            }
            constants.put(name, e.eval(env()));
        } catch (RuntimeException notAConstant) {
            // Not an integer constant (a type, a statement, a string): not a constant, nothing to record.
        }
    }

    // ---- the top level -----------------------------------------------------------------------

    private void topLevel() {
        List<PTok> a = active;
        int n = a.size();
        int i = 0;
        while (i < n) {
            PTok t = a.get(i);
            if (t.is(";")) {
                i++;
                continue;
            }
            if (closer(t)) {
                throw error(t.t(), "unexpected '" + t.text() + "' at top level: expected a declaration or definition");
            }
            if (t.is("{")) {
                throw error(t.t(), "unexpected '{' at top level: expected a declaration before it");
            }
            int j = i;
            int next = -1;
            while (j < n) {
                PTok tj = a.get(j);
                if (tj.is("(") || tj.is("[")) {
                    j = close(a, j, n) + 1;
                } else if (tj.is(";")) {
                    declaration(i, j);
                    next = j + 1;
                    break;
                } else if (tj.is("{")) {
                    next = braces(i, j);
                    break;
                } else if (closer(tj)) {
                    throw error(tj.t(), "unexpected '" + tj.text() + "': expected ';'");
                } else {
                    j++;
                }
            }
            if (next < 0) {
                // A macro invocation such as late_initcall(x) may end a file without a ';'.
                PTok last = a.get(n - 1);
                if (!last.is(")")) {
                    throw error(last.t(), "expected ';' after " + quote(last.t()) + " before end of file");
                }
                declaration(i, n);
                next = n;
            }
            i = next;
        }
    }

    private void declaration(int from, int to) {
        List<PTok> a = active;
        if (to - from >= 4 && a.get(from).ident() && a.get(from).text().startsWith("EXPORT_SYMBOL")
                && a.get(from + 1).is("(") && a.get(from + 2).ident()) {
            exports.put(a.get(from + 2).text(), a.get(from).text());
        }
    }

    private int scanToSemicolon(int k, String after) {
        List<PTok> a = active;
        while (k < a.size()) {
            PTok p = a.get(k);
            if (opener(p)) {
                k = close(a, k, a.size()) + 1;
            } else if (p.is(";")) {
                return k;
            } else {
                k++;
            }
        }
        PTok last = a.get(a.size() - 1);
        throw error(last.t(), "expected ';' after " + after + " before end of file");
    }

    private static boolean recordKeyword(PTok p) {
        return p.is("struct") || p.is("union") || p.is("enum");
    }

    /** A top-level chunk from {@code from} whose first brace at depth 0 is at {@code open}; returns where the next chunk starts. */
    private int braces(int from, int open) {
        List<PTok> a = active;
        int n = a.size();
        PTok prev = a.get(open - 1);
        if (prev.is("=")) {
            int close = close(a, open, n);
            int end = scanToSemicolon(close + 1, "the initializer's '}'");
            initializer(from, open, close, end);
            return end + 1;
        }
        int kw = recordKeyword(prev) ? open - 1
                : prev.ident() && open - 2 >= from && recordKeyword(a.get(open - 2)) ? open - 2 : -1;
        if (kw >= 0) {
            int close = close(a, open, n);
            int end = scanToSemicolon(close + 1, "the '}' of " + a.get(kw).text()
                    + (kw + 1 < open ? " " + a.get(kw + 1).text() : ""));
            if (!a.get(kw).is("enum")) {
                String tag = kw + 1 < open ? a.get(kw + 1).text() : null;
                if (tag != null) {
                    structs.add(record(a.get(kw).text(), tag, from, open, close, end));
                }
            }
            // static struct { ... } dst_garbage = { ... };
            for (int k = close + 1; k + 1 < end; k++) {
                if (a.get(k).is("=") && a.get(k + 1).is("{")) {
                    initializer(from, k + 1, close(a, k + 1, n), end);
                    break;
                }
            }
            return end + 1;
        }
        for (int k = from; k < open; k++) {
            if (a.get(k).is("(")) {
                int close = close(a, open, n);
                function(from, open, close);
                return close + 1;
            }
        }
        throw error(a.get(open).t(), "expected a function definition, a struct, union or enum body, or an initializer "
                + "before '{'");
    }

    private CStruct record(String kind, String tag, int from, int open, int close, int end) {
        List<PTok> a = active;
        DeclParser body = new DeclParser(this, all, a.get(open).index() + 1, a.get(close).index());
        List<CMember> members = body.members(a.get(open).frame());
        List<String> attrs = new ArrayList<>();
        for (int k = close + 1; k < end; k++) {
            if (DeclParser.isAttribute(a.get(k).t())) {
                DeclParser p = new DeclParser(this, a, k, end);
                attrs.add(p.attribute());
                k = p.position() - 1;
            }
        }
        return new CStruct(kind, tag, members, attrs, definesBetween(a.get(open).t(), a.get(close).t()),
                pos(a.get(from).t()), a.get(end).t().line(), lines(a.get(from).t().line(), a.get(end).t().line()));
    }

    List<CMacro> definesBetween(CToken open, CToken close) {
        List<CMacro> out = new ArrayList<>();
        for (CMacro m : macros) {
            if (m.line() > open.line() && m.line() < close.line()) {
                out.add(m);
            }
        }
        return out;
    }

    private void function(int from, int open, int close) {
        List<PTok> a = active;
        int nameAt = -1;
        int paramsOpen = -1;
        int k = from;
        while (k < open) {
            PTok p = a.get(k);
            if (p.is("(")) {
                if (k > from && a.get(k - 1).ident() && !ANNOTATION_CALLS.contains(a.get(k - 1).text())
                        && !NOT_CALLS.contains(a.get(k - 1).text())) {
                    nameAt = k - 1;
                    paramsOpen = k;
                }
                k = close(a, k, open) + 1;
            } else if (p.is("[")) {
                k = close(a, k, open) + 1;
            } else {
                k++;
            }
        }
        if (nameAt < 0) {
            throw error(a.get(open).t(), "expected a function name and parameter list before '{'");
        }
        int paramsClose = close(a, paramsOpen, open);
        List<String> specifiers = new ArrayList<>();
        List<Integer> typeTokens = new ArrayList<>();
        for (int q = from; q < nameAt; q++) {
            PTok p = a.get(q);
            if (FUNCTION_SPECIFIERS.contains(p.text()) && p.ident()) {
                specifiers.add(p.text());
            } else if (p.ident() && ANNOTATION_CALLS.contains(p.text()) && q + 1 < nameAt && a.get(q + 1).is("(")) {
                int c = close(a, q + 1, nameAt);
                specifiers.add(render(a, q, c + 1));
                q = c;
            } else {
                typeTokens.add(q);
            }
        }
        StringBuilder ret = new StringBuilder();
        CToken prevType = null;
        for (int q : typeTokens) {
            CToken t = a.get(q).t();
            if (prevType != null && (t.spaceBefore() || prevType.ident() && t.ident())) {
                ret.append(' ');
            }
            ret.append(t.text());
            prevType = t;
        }
        List<CCall> calls = new ArrayList<>();
        for (int q = open + 1; q < close; q++) {
            PTok p = a.get(q);
            if (p.ident() && a.get(q + 1).is("(") && !NOT_CALLS.contains(p.text())) {
                PTok before = a.get(q - 1);
                calls.add(new CCall(p.text(), before.is("->") || before.is("."), pos(p.t())));
            }
        }
        CToken first = a.get(from).t();
        CToken brace = a.get(open).t();
        CToken end = a.get(close).t();
        pending.add(new PendingFunction(a.get(nameAt).text(), ret.toString().strip(), render(a, paramsOpen + 1, paramsClose),
                specifiers, render(a, from, paramsClose + 1), pos(first), a.get(nameAt).t().line(), end.line(), lines(first.line(), end.line()),
                original.substring(brace.endOffset(), end.offset()), calls));
    }

    private void initializer(int from, int open, int close, int end) {
        List<PTok> a = active;
        int eq = open - 1;
        int nameAt = -1;
        boolean array = false;
        String tag = null;
        int k = from;
        while (k < eq) {
            PTok p = a.get(k);
            if (p.is("{")) {
                k = close(a, k, eq) + 1;
                continue;
            }
            if (p.is("[")) {
                array = true;
                k = close(a, k, eq) + 1;
                continue;
            }
            if (p.is("(")) {
                k = close(a, k, eq) + 1;
                continue;
            }
            if ((p.is("struct") || p.is("union")) && k + 1 < eq && a.get(k + 1).ident()) {
                tag = a.get(k + 1).text();
                k += 2;
                continue;
            }
            if (p.ident() && !VARIABLE_ANNOTATIONS.contains(p.text()) && !(k + 1 < eq && a.get(k + 1).is("("))) {
                nameAt = k;
            }
            k++;
        }
        if (nameAt < 0) {
            throw error(a.get(eq).t(), "expected a variable name before '='");
        }
        DeclParser body = new DeclParser(this, all, a.get(open).index() + 1, a.get(close).index());
        List<CInitEntry> entries = body.initializerEntries(a.get(open).frame());
        CToken first = a.get(from).t();
        initializers.add(new CInitializer(a.get(nameAt).text(), render(a, from, nameAt), tag, array, entries, pos(first),
                a.get(end).t().line(), lines(first.line(), a.get(end).t().line())));
    }
}
