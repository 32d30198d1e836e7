package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A preprocessor condition ({@code #if} expression) as a tree: {@code defined(X)}, {@code !},
 * {@code &&}, {@code ||}, comparisons, arithmetic, integer literals, {@code IS_ENABLED(X)}.
 * It is evaluated against an {@link Env}; it never expands anything beyond that.
 * {@link #toString()} prints it as C with the parentheses it needs.
 */
public sealed interface PpExpr {

    /** What the expression is evaluated against: which names are defined, and their integer values. */
    interface Env {
        boolean isDefined(String name);

        /** The integer value of an identifier; empty means 0, as cpp treats unknown identifiers. */
        OptionalLong valueOf(String name);
    }

    /** Evaluation failed: an unknown function-like macro, division by zero, or unparsed text. */
    final class EvalException extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        public EvalException(String message) {
            super(message);
        }
    }

    /** The text is not a valid {@code #if} expression; {@code offset} is where in the text. */
    final class SyntaxError extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final int offset;

        public SyntaxError(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        public int offset() { return offset; }
    }

    long eval(Env env);

    /** Every name the value depends on ({@code IS_ENABLED(X)} depends on X and X_MODULE). */
    default Set<String> symbols() {
        Set<String> out = new LinkedHashSet<>();
        collect(this, out);
        return out;
    }

    default boolean holds(Env env) { return eval(env) != 0; }

    /** Always true: the condition of code outside any {@code #if}. */
    PpExpr TRUE = new Num(1, "1");

    static PpExpr and(PpExpr a, PpExpr b) {
        if (a == null || a == TRUE) {
            return b;
        }
        if (b == null || b == TRUE) {
            return a;
        }
        return new Binary("&&", a, b);
    }

    static PpExpr not(PpExpr a) { return new Unary("!", a); }

    record Num(long value, String text) implements PpExpr {
        @Override
        public long eval(Env env) { return value; }

        @Override
        public String toString() { return text; }
    }

    /** An identifier: its macro or config value, 0 when not defined. */
    record Ident(String name) implements PpExpr {
        @Override
        public long eval(Env env) { return env.valueOf(name).orElse(0); }

        @Override
        public String toString() { return name; }
    }

    record Defined(String name) implements PpExpr {
        @Override
        public long eval(Env env) { return env.isDefined(name) ? 1 : 0; }

        @Override
        public String toString() { return "defined(" + name + ")"; }
    }

    /** {@code IS_ENABLED(X)}, {@code IS_BUILTIN(X)}, {@code IS_MODULE(X)}; anything else cannot be evaluated. */
    record Call(String name, List<PpExpr> args) implements PpExpr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public long eval(Env env) {
            String arg = args.size() == 1 && args.getFirst() instanceof Ident id ? id.name() : null;
            if (arg != null) {
                switch (name) {
                    case "IS_ENABLED":
                        return env.isDefined(arg) || env.isDefined(arg + "_MODULE") ? 1 : 0;
                    case "IS_BUILTIN":
                        return env.isDefined(arg) ? 1 : 0;
                    case "IS_MODULE":
                        return env.isDefined(arg + "_MODULE") ? 1 : 0;
                    default:
                        break;
                }
            }
            throw new EvalException("cannot evaluate " + this + ": only IS_ENABLED, IS_BUILTIN and IS_MODULE of one "
                    + "symbol are known function-like macros in #if");
        }

        @Override
        public String toString() {
            List<String> a = new ArrayList<>();
            for (PpExpr e : args) {
                a.add(e.toString());
            }
            return name + "(" + String.join(", ", a) + ")";
        }
    }

    record Unary(String op, PpExpr operand) implements PpExpr {
        @Override
        public long eval(Env env) {
            long v = operand.eval(env);
            return switch (op) {
                case "!" -> v == 0 ? 1 : 0;
                case "-" -> -v;
                case "~" -> ~v;
                default -> v;
            };
        }

        @Override
        public String toString() {
            String inner = operand.toString();
            return op + (precedence(operand) < 12 ? "(" + inner + ")" : inner);
        }
    }

    record Binary(String op, PpExpr left, PpExpr right) implements PpExpr {
        @Override
        public long eval(Env env) {
            switch (op) {
                case "&&":
                    return left.eval(env) != 0 && right.eval(env) != 0 ? 1 : 0;
                case "||":
                    return left.eval(env) != 0 || right.eval(env) != 0 ? 1 : 0;
                default:
                    break;
            }
            long a = left.eval(env);
            long b = right.eval(env);
            return switch (op) {
                case "|" -> a | b;
                case "^" -> a ^ b;
                case "&" -> a & b;
                case "==" -> a == b ? 1 : 0;
                case "!=" -> a != b ? 1 : 0;
                case "<" -> a < b ? 1 : 0;
                case ">" -> a > b ? 1 : 0;
                case "<=" -> a <= b ? 1 : 0;
                case ">=" -> a >= b ? 1 : 0;
                case "<<" -> a << b;
                case ">>" -> a >> b;
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/", "%" -> {
                    if (b == 0) {
                        throw new EvalException("division by zero in " + this);
                    }
                    yield op.equals("/") ? a / b : a % b;
                }
                default -> throw new EvalException("unknown operator " + op);
            };
        }

        @Override
        public String toString() {
            int p = precedence(this);
            String l = left.toString();
            String r = right.toString();
            if (precedence(left) < p) {
                l = "(" + l + ")";
            }
            boolean associative = op.equals("&&") || op.equals("||");
            int pr = precedence(right);
            if (pr < p || (pr == p && !(associative && right instanceof Binary b && b.op.equals(op)))) {
                r = "(" + r + ")";
            }
            return l + " " + op + " " + r;
        }
    }

    record Ternary(PpExpr condition, PpExpr then, PpExpr otherwise) implements PpExpr {
        @Override
        public long eval(Env env) { return condition.eval(env) != 0 ? then.eval(env) : otherwise.eval(env); }

        @Override
        public String toString() {
            String c = condition.toString();
            return (precedence(condition) <= 1 ? "(" + c + ")" : c) + " ? " + then + " : " + otherwise;
        }
    }

    /** Text that did not parse, kept from a branch that was never taken (cpp does not look at it either). */
    record Raw(String text) implements PpExpr {
        @Override
        public long eval(Env env) {
            throw new EvalException("cannot evaluate '" + text + "': it did not parse as an #if expression");
        }

        @Override
        public String toString() { return "(" + text + ")"; }
    }

    private static int precedence(PpExpr e) {
        return switch (e) {
            case Ternary t -> 1;
            case Binary b -> switch (b.op()) {
                case "||" -> 2;
                case "&&" -> 3;
                case "|" -> 4;
                case "^" -> 5;
                case "&" -> 6;
                case "==", "!=" -> 7;
                case "<", ">", "<=", ">=" -> 8;
                case "<<", ">>" -> 9;
                case "+", "-" -> 10;
                default -> 11;
            };
            case Unary u -> 12;
            default -> 13;
        };
    }

    private static void collect(PpExpr e, Set<String> out) {
        switch (e) {
            case Ident i -> out.add(i.name());
            case Defined d -> out.add(d.name());
            case Call c -> {
                if (c.args().size() == 1 && c.args().getFirst() instanceof Ident id
                        && (c.name().equals("IS_ENABLED") || c.name().equals("IS_BUILTIN") || c.name().equals("IS_MODULE"))) {
                    if (!c.name().equals("IS_MODULE")) {
                        out.add(id.name());
                    }
                    if (!c.name().equals("IS_BUILTIN")) {
                        out.add(id.name() + "_MODULE");
                    }
                } else {
                    c.args().forEach(a -> collect(a, out));
                }
            }
            case Unary u -> collect(u.operand(), out);
            case Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            case Ternary t -> {
                collect(t.condition(), out);
                collect(t.then(), out);
                collect(t.otherwise(), out);
            }
            case Num n -> { }
            case Raw r -> { }
        }
    }

    /** Parses an {@code #if} expression; throws {@link SyntaxError} with the offset of the problem. */
    static PpExpr parse(String text) {
        return new Parser(text).parseAll();
    }

    /** Parses an integer literal as C writes it: decimal, hex, octal, with u/l suffixes. */
    static OptionalLong integerLiteral(String text) {
        String t = text.strip();
        int end = t.length();
        while (end > 0 && "uUlL".indexOf(t.charAt(end - 1)) >= 0) {
            end--;
        }
        String digits = t.substring(0, end);
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                return OptionalLong.of(Long.parseUnsignedLong(digits.substring(2), 16));
            }
            if (digits.length() > 1 && digits.startsWith("0")) {
                return OptionalLong.of(Long.parseUnsignedLong(digits.substring(1), 8));
            }
            return OptionalLong.of(Long.parseUnsignedLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Recursive descent over the C operator precedence table. */
    final class Parser {
        private static final String[][] LEVELS = {
            {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
        };
        private static final String[] OPS = {
            "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|", "^", "&", "<", ">", "+", "-", "*", "/", "%",
            "!", "~", "(", ")", "?", ":", ",",
        };

        private final String text;
        private int pos;

        private Parser(String text) {
            this.text = text;
        }

        PpExpr parseAll() {
            skip();
            if (pos >= text.length()) {
                throw new SyntaxError(pos, "expected an expression");
            }
            PpExpr e = ternary();
            skip();
            if (pos < text.length()) {
                throw new SyntaxError(pos, "expected an operator or end of expression, found '" + peekToken() + "'");
            }
            return e;
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String peekToken() {
            skip();
            if (pos >= text.length()) {
                return "end of expression";
            }
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_') {
                int j = pos;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                return text.substring(pos, j);
            }
            for (String op : OPS) {
                if (text.startsWith(op, pos)) {
                    return op;
                }
            }
            return String.valueOf(c);
        }

        private boolean accept(String op) {
            skip();
            if (text.startsWith(op, pos)) {
                // Do not take "&" out of "&&" or "|" out of "||", nor "<" out of "<<"/"<=".
                String longer = peekToken();
                if (!longer.equals(op)) {
                    return false;
                }
                pos += op.length();
                return true;
            }
            return false;
        }

        private void expect(String op) {
            if (!accept(op)) {
                throw new SyntaxError(pos, "expected '" + op + "', found '" + peekToken() + "'");
            }
        }

        private PpExpr ternary() {
            PpExpr c = binary(0);
            if (accept("?")) {
                PpExpr a = ternary();
                expect(":");
                PpExpr b = ternary();
                return new Ternary(c, a, b);
            }
            return c;
        }

        private PpExpr binary(int level) {
            if (level == LEVELS.length) {
                return unary();
            }
            PpExpr left = binary(level + 1);
            outer:
            while (true) {
                for (String op : LEVELS[level]) {
                    if (accept(op)) {
                        left = new Binary(op, left, binary(level + 1));
                        continue outer;
                    }
                }
                return left;
            }
        }

        private PpExpr unary() {
            for (String op : new String[] {"!", "~", "-", "+"}) {
                if (accept(op)) {
                    return new Unary(op, unary());
                }
            }
            return primary();
        }

        private PpExpr primary() {
            skip();
            if (accept("(")) {
                PpExpr e = ternary();
                expect(")");
                return e;
            }
            if (pos >= text.length()) {
                throw new SyntaxError(pos, "expected an expression before end of line");
            }
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)))) {
                    pos++;
                }
                String lit = text.substring(start, pos);
                OptionalLong v = integerLiteral(lit);
                if (v.isEmpty()) {
                    throw new SyntaxError(start, "expected an integer literal, found '" + lit + "'");
                }
                return new Num(v.getAsLong(), lit);
            }
            if (c == '\'') {
                int start = pos;
                int end = text.indexOf('\'', pos + 1);
                if (end == pos + 2) {
                    pos = end + 1;
                    return new Num(text.charAt(start + 1), text.substring(start, pos));
                }
                throw new SyntaxError(start, "expected a one-character literal");
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                String name = text.substring(start, pos);
                if (name.equals("defined")) {
                    boolean paren = accept("(");
                    skip();
                    int ns = pos;
                    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                        pos++;
                    }
                    if (ns == pos) {
                        throw new SyntaxError(ns, "expected a macro name after 'defined', found '" + peekToken() + "'");
                    }
                    String sym = text.substring(ns, pos);
                    if (paren) {
                        expect(")");
                    }
                    return new Defined(sym);
                }
                skip();
                if (pos < text.length() && text.charAt(pos) == '(') {
                    pos++;
                    List<PpExpr> args = new ArrayList<>();
                    if (!accept(")")) {
                        do {
                            args.add(ternary());
                        } while (accept(","));
                        expect(")");
                    }
                    return new Call(name, args);
                }
                return new Ident(name);
            }
            throw new SyntaxError(pos, "expected an expression, found '" + peekToken() + "'");
        }
    }
}
