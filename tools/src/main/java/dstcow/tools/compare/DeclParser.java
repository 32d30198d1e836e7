package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads declarations inside braces: struct and union members (nested bodies, bitfields, arrays,
 * function pointers, attributes, several declarators per line) and the entries of brace
 * initializers. Works on a range of tokens; every token keeps its {@code #if} branch, so each
 * member and entry gets its condition relative to the braces it is in.
 */
final class DeclParser {

    /** Qualifiers and address-space annotations: part of the written type, dropped for comparison. */
    static final Set<String> QUALIFIERS = Set.of("const", "volatile", "restrict", "__restrict", "__restrict__", "__rcu",
            "__percpu", "__user", "__iomem", "__force", "__bitwise", "__bitwise__", "__nocast", "__private", "__kernel",
            "register", "static", "extern", "auto", "__extension__", "__volatile__", "__const");

    static final Set<String> INT_WORDS = Set.of("signed", "unsigned", "char", "short", "int", "long", "_Bool", "void",
            "float", "double", "__signed__", "__signed");

    /** Attributes without arguments, or whose arguments follow in parentheses. */
    static final Set<String> ATTRIBUTES = Set.of("__attribute__", "__attribute", "__aligned", "__packed", "__read_mostly",
            "__maybe_unused", "__used", "__deprecated", "__may_alias", "__weak", "__section", "__randomize_layout",
            "__designated_init", "__cacheline_aligned", "____cacheline_aligned", "__cacheline_aligned_in_smp",
            "____cacheline_aligned_in_smp", "____cacheline_internodealigned_in_smp", "__page_aligned_data",
            "__attribute_const__", "__initdata", "__refdata");

    private final CParse ctx;
    private final List<CParse.PTok> l;
    private int pos;
    private final int limit;

    DeclParser(CParse ctx, List<CParse.PTok> tokens, int from, int limit) {
        this.ctx = ctx;
        this.l = tokens;
        this.pos = from;
        this.limit = limit;
    }

    int position() { return pos; }

    static boolean isAttribute(CToken t) {
        return t.ident() && ATTRIBUTES.contains(t.text());
    }

    // ---- token access ------------------------------------------------------------------------

    private CToken cur() {
        return pos < limit ? l.get(pos).t() : null;
    }

    /** The token where the range ends (the closing brace), for messages. */
    private CToken here() {
        if (pos < limit) {
            return l.get(pos).t();
        }
        if (limit < l.size()) {
            return l.get(limit).t();
        }
        return l.get(l.size() - 1).t();
    }

    private boolean at(String s) {
        return pos < limit && l.get(pos).is(s);
    }

    private boolean at(int k, String s) {
        return k < limit && l.get(k).is(s);
    }

    private CParseException expected(String what) {
        CToken h = here();
        String found = pos < limit ? "'" + h.text() + "'" : limit < l.size() ? "'" + h.text() + "'" : "end of file";
        return ctx.error(h, "expected " + what + ", found " + found);
    }

    private void expect(String s, String context) {
        if (!at(s)) {
            throw expected("'" + s + "'" + context);
        }
        pos++;
    }

    // ---- struct bodies -----------------------------------------------------------------------

    List<CMember> members(CParse.Frame base) {
        List<CMember> out = new ArrayList<>();
        while (pos < limit) {
            if (at(";")) {
                pos++;
                continue;
            }
            CParse.PTok start = l.get(pos);
            CCondition cond = ctx.relative(start, base);
            List<String> attrs = new ArrayList<>();
            Spec spec = specifiers(attrs);
            if (spec == null) {
                throw expected("a member declaration");
            }
            if (spec.type instanceof CDeclType.Record && at(";")) {
                out.add(new CMember(null, spec.type, -1, attrs, cond, ctx.pos(start.t())));
                pos++;
                continue;
            }
            while (true) {
                List<String> memberAttrs = new ArrayList<>(attrs);
                CToken declStart = here();
                Declarator d = declarator(memberAttrs);
                int width = -1;
                if (at(":")) {
                    pos++;
                    width = bitWidth(d.name());
                }
                attributes(memberAttrs);
                if (d.name() == null && width < 0) {
                    pos = d.startPos();
                    throw expected("a member name");
                }
                CToken nameTok = d.nameToken() != null ? d.nameToken() : declStart;
                out.add(new CMember(d.name(), d.apply(spec.type), width, memberAttrs, cond, ctx.pos(nameTok)));
                if (at(",")) {
                    pos++;
                    continue;
                }
                if (at(";")) {
                    pos++;
                    break;
                }
                throw expected("',' or ';' after member '" + (d.name() == null ? ":" + width : d.name()) + "'");
            }
        }
        return out;
    }

    private int bitWidth(String member) {
        int from = pos;
        while (pos < limit && !at(",") && !at(";") && !isAttribute(cur())) {
            pos++;
        }
        String text = CParse.render(l, from, pos);
        if (text.isEmpty()) {
            throw expected("a bitfield width after ':'");
        }
        try {
            long v = PpExpr.parse(text).eval(constantsEnv());
            if (v < 0 || v > 64) {
                throw ctx.error(l.get(from).t(), "bitfield width " + v + " of '" + member + "' is outside 0..64");
            }
            return (int) v;
        } catch (PpExpr.SyntaxError | PpExpr.EvalException e) {
            throw ctx.error(l.get(from).t(), "expected a constant bitfield width for '" + member + "', found '" + text + "'");
        }
    }

    private PpExpr.Env constantsEnv() {
        return new PpExpr.Env() {
            @Override
            public boolean isDefined(String name) {
                return ctx.constants.containsKey(name) || ctx.values.containsKey(name);
            }

            @Override
            public OptionalLong valueOf(String name) {
                Long v = ctx.values.containsKey(name) ? ctx.values.get(name) : ctx.constants.get(name);
                if (v == null) {
                    throw new PpExpr.EvalException(name + " is not a known constant");
                }
                return OptionalLong.of(v);
            }
        };
    }

    /** The declaration specifiers: a base type, with qualifiers and attributes collected on the way. */
    private record Spec(CDeclType type) {
    }

    private Spec specifiers(List<String> attrs) {
        List<String> written = new ArrayList<>();
        List<String> quals = new ArrayList<>();
        List<String> ints = new ArrayList<>();
        String named = null;
        CStruct record = null;
        while (pos < limit) {
            CToken t = cur();
            if (isAttribute(t)) {
                attrs.add(attribute());
                continue;
            }
            if (!t.ident()) {
                break;
            }
            String w = t.text();
            if (QUALIFIERS.contains(w)) {
                quals.add(w);
                written.add(w);
                pos++;
            } else if (INT_WORDS.contains(w) && named == null && record == null) {
                ints.add(w);
                written.add(w);
                pos++;
            } else if ((w.equals("struct") || w.equals("union") || w.equals("enum")) && named == null && record == null
                    && ints.isEmpty()) {
                CToken kw = t;
                pos++;
                attributes(attrs);
                String tag = null;
                if (cur() != null && cur().ident() && !isAttribute(cur())) {
                    tag = cur().text();
                    pos++;
                }
                if (at("{")) {
                    if (w.equals("enum")) {
                        pos = ctx.close(l, pos, limit) + 1;
                        named = "enum " + (tag == null ? "{...}" : tag);
                        written.add(named);
                    } else {
                        record = body(w, tag, kw);
                    }
                } else {
                    if (tag == null) {
                        throw expected("a tag or '{' after '" + w + "'");
                    }
                    named = w + " " + tag;
                    written.add(named);
                }
            } else if ((w.equals("typeof") || w.equals("__typeof__") || w.equals("__typeof")) && named == null && at(pos + 1, "(")) {
                int c = ctx.close(l, pos + 1, limit);
                named = CParse.render(l, pos, c + 1);
                written.add(named);
                pos = c + 1;
            } else if (named == null && record == null && ints.isEmpty() && !CParse.NOT_CALLS.contains(w)) {
                named = w;
                written.add(w);
                pos++;
            } else {
                break;
            }
        }
        if (record != null) {
            return new Spec(new CDeclType.Record(record));
        }
        if (named == null && ints.isEmpty()) {
            return null;
        }
        String canonical = named != null ? named : canonicalInt(ints);
        return new Spec(new CDeclType.Named(canonical, String.join(" ", written), quals));
    }

    /** One spelling per integer type, the one the layout model prints: {@code long unsigned int} is {@code unsigned long}. */
    static String canonicalInt(List<String> words) {
        int longs = Collections.frequency(words, "long");
        boolean unsigned = words.contains("unsigned");
        boolean signed = words.contains("signed") || words.contains("__signed__") || words.contains("__signed");
        if (words.contains("void")) {
            return "void";
        }
        if (words.contains("_Bool")) {
            return "_Bool";
        }
        if (words.contains("float")) {
            return "float";
        }
        if (words.contains("double")) {
            return longs > 0 ? "long double" : "double";
        }
        if (words.contains("char")) {
            return unsigned ? "unsigned char" : signed ? "signed char" : "char";
        }
        if (words.contains("short")) {
            return unsigned ? "unsigned short" : "short";
        }
        if (longs == 1) {
            return unsigned ? "unsigned long" : "long";
        }
        if (longs >= 2) {
            return unsigned ? "unsigned long long" : "long long";
        }
        return unsigned ? "unsigned int" : "int";
    }

    private CStruct body(String kind, String tag, CToken kw) {
        int open = pos;
        int close = ctx.close(l, open, limit);
        DeclParser inner = new DeclParser(ctx, l, open + 1, close);
        List<CMember> members = inner.members(l.get(open).frame());
        pos = close + 1;
        CToken o = l.get(open).t();
        CToken c = l.get(close).t();
        return new CStruct(kind, tag, members, List.of(), ctx.definesBetween(o, c), ctx.pos(kw), c.line(),
                ctx.lines(kw.line(), c.line()));
    }

    /** Reads one attribute ({@code __attribute__((...))}, {@code __aligned(8)}, {@code ____cacheline_aligned_in_smp}). */
    String attribute() {
        CToken t = cur();
        pos++;
        if (at("(")) {
            int c = ctx.close(l, pos, limit);
            String args = CParse.render(l, pos, c + 1);
            pos = c + 1;
            return t.text() + args;
        }
        return t.text();
    }

    private void attributes(List<String> into) {
        while (pos < limit && isAttribute(cur())) {
            into.add(attribute());
        }
    }

    // ---- declarators -------------------------------------------------------------------------

    private sealed interface Suffix permits ArraySuffix, FunctionSuffix {
    }

    private record ArraySuffix(String dim) implements Suffix {
    }

    private record FunctionSuffix(List<CDeclType> params, boolean variadic) implements Suffix {
    }

    /** A declarator: pointers, then a name or a parenthesized declarator, then array and function suffixes. */
    private record Declarator(List<List<String>> pointers, Declarator inner, String ownName, CToken ownNameToken,
                              List<Suffix> suffixes, int startPos) {

        String name() { return inner != null ? inner.name() : ownName; }

        CToken nameToken() { return inner != null ? inner.nameToken() : ownNameToken; }

        CDeclType apply(CDeclType base) {
            CDeclType t = base;
            for (List<String> q : pointers) {
                t = new CDeclType.Pointer(t, q);
            }
            for (int k = suffixes.size() - 1; k >= 0; k--) {
                t = switch (suffixes.get(k)) {
                    case ArraySuffix a -> new CDeclType.Array(t, a.dim());
                    case FunctionSuffix f -> new CDeclType.Function(t, f.params(), f.variadic());
                };
            }
            return inner != null ? inner.apply(t) : t;
        }
    }

    private Declarator declarator(List<String> attrs) {
        int start = pos;
        List<List<String>> pointers = new ArrayList<>();
        while (at("*")) {
            pos++;
            List<String> q = new ArrayList<>();
            while (pos < limit && cur().ident() && (QUALIFIERS.contains(cur().text()) || isAttribute(cur()))) {
                if (isAttribute(cur())) {
                    attrs.add(attribute());
                } else {
                    q.add(cur().text());
                    pos++;
                }
            }
            pointers.add(q);
        }
        attributes(attrs);
        Declarator inner = null;
        String name = null;
        CToken nameTok = null;
        if (at("(") && (at(pos + 1, "*") || at(pos + 1, "(") || at(pos + 1, "^"))) {
            pos++;
            inner = declarator(attrs);
            expect(")", " to close the declarator");
        } else if (pos < limit && cur().ident() && !INT_WORDS.contains(cur().text()) && !QUALIFIERS.contains(cur().text())) {
            nameTok = cur();
            name = nameTok.text();
            pos++;
        }
        List<Suffix> suffixes = new ArrayList<>();
        while (true) {
            if (at("[")) {
                int c = ctx.close(l, pos, limit);
                suffixes.add(new ArraySuffix(CParse.render(l, pos + 1, c)));
                pos = c + 1;
            } else if (at("(")) {
                int c = ctx.close(l, pos, limit);
                suffixes.add(params(pos + 1, c));
                pos = c + 1;
            } else {
                break;
            }
        }
        return new Declarator(pointers, inner, name, nameTok, suffixes, start);
    }

    private FunctionSuffix params(int from, int to) {
        List<CDeclType> out = new ArrayList<>();
        boolean variadic = false;
        if (from == to) {
            return new FunctionSuffix(out, false);
        }
        int k = from;
        while (k <= to) {
            int e = k;
            while (e < to && !l.get(e).is(",")) {
                e = CParse.opener(l.get(e)) ? ctx.close(l, e, to) + 1 : e + 1;
            }
            if (e == k) {
                throw ctx.error(l.get(Math.min(e, to)).t(), "expected a parameter declaration, found '" + l.get(Math.min(e, to)).text() + "'");
            }
            if (e - k == 1 && l.get(k).is("void") && from == k && e == to) {
                return new FunctionSuffix(out, false);
            }
            if (e - k == 1 && l.get(k).is("...")) {
                variadic = true;
            } else {
                DeclParser p = new DeclParser(ctx, l, k, e);
                List<String> ignored = new ArrayList<>();
                Spec spec = p.specifiers(ignored);
                if (spec == null) {
                    throw p.expected("a parameter type");
                }
                Declarator d = p.declarator(ignored);
                p.attributes(ignored);
                if (p.pos < e) {
                    throw p.expected("',' or ')' in the parameter list");
                }
                out.add(d.apply(spec.type));
            }
            k = e + 1;
        }
        return new FunctionSuffix(out, variadic);
    }

    // ---- initializers ------------------------------------------------------------------------

    List<CInitEntry> initializerEntries(CParse.Frame base) {
        List<CInitEntry> out = new ArrayList<>();
        while (pos < limit) {
            int start = pos;
            int end = start;
            while (end < limit && !l.get(end).is(",")) {
                end = CParse.opener(l.get(end)) ? ctx.close(l, end, limit) + 1 : end + 1;
            }
            if (end > start) {
                out.add(entry(start, end, base));
            }
            pos = end + 1;
        }
        return out;
    }

    private CInitEntry entry(int start, int end, CParse.Frame base) {
        CParse.PTok first = l.get(start);
        String member = null;
        int value = start;
        if (first.is(".") || first.is("[")) {
            StringBuilder d = new StringBuilder();
            int k = start;
            while (k < end && (l.get(k).is(".") || l.get(k).is("["))) {
                if (l.get(k).is(".")) {
                    if (k + 1 >= end || !l.get(k + 1).ident()) {
                        pos = k + 1;
                        throw expected("a member name after '.' in the initializer");
                    }
                    if (!d.isEmpty()) {
                        d.append('.');
                    }
                    d.append(l.get(k + 1).text());
                    k += 2;
                } else {
                    int c = ctx.close(l, k, end);
                    d.append('[').append(CParse.render(l, k + 1, c)).append(']');
                    k = c + 1;
                }
            }
            if (k >= end || !l.get(k).is("=")) {
                pos = k;
                throw ctx.error(k < end ? l.get(k).t() : l.get(end - 1).t(), "expected '=' after designator '."
                        + d + "', found " + (k < end ? "'" + l.get(k).text() + "'" : "','"));
            }
            member = d.toString();
            value = k + 1;
        } else if (first.ident() && start + 1 < end && l.get(start + 1).is(":")) {
            member = first.text();
            value = start + 2;
        }
        if (value >= end) {
            pos = end;
            throw ctx.error(l.get(end - 1).t(), "expected a value after '" + (member == null ? "" : "." + member + " =") + "'");
        }
        return new CInitEntry(member, CParse.render(l, value, end), ctx.relative(first, base), ctx.pos(first.t()));
    }
}
