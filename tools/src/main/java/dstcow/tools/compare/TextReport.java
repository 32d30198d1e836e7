package dstcow.tools.compare;

import dstcow.tools.compare.SymbolReport.Line;
import dstcow.tools.compare.SymbolReport.Mark;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code dstcow compare --format text}: per symbol, the C and the Java in two columns fitted to the
 * terminal, rows paired where they correspond, then the checks; at the end the summary line.
 *
 * <p>The gutter between the columns says what a row is: {@code =} the two lines correspond (the
 * signatures, a metrics accessor call both make, a struct member, an ops member), {@code <} the C
 * line has something the Java lacks (a call, a member), {@code >} the other way round, {@code !}
 * the two lines differ (a member with another value, or each side a call the other lacks),
 * {@code |} anything else. A line wrapped to fit continues under {@code :}.
 */
public final class TextReport {

    /** The width used when {@code COLUMNS} is unset or not a number. */
    public static final int DEFAULT_WIDTH = 160;
    /** Narrower terminals get this width anyway: two columns need room. */
    public static final int MIN_WIDTH = 60;
    private static final int NUMBER = 5;

    private TextReport() {
    }

    /** {@code COLUMNS} if it is a number of at least {@link #MIN_WIDTH}, else {@link #DEFAULT_WIDTH}. */
    public static int width(String columns) {
        if (columns == null) {
            return DEFAULT_WIDTH;
        }
        try {
            return Math.max(MIN_WIDTH, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** The whole report: header lines, every symbol, the summary line. */
    public static String render(Compare.Report report, List<String> header, int width) {
        StringBuilder b = new StringBuilder();
        for (String h : header) {
            b.append("# ").append(h).append('\n');
        }
        for (SymbolReport r : report.symbols()) {
            b.append('\n');
            symbol(b, r, width);
        }
        b.append('\n').append(report.summary()).append('\n');
        return b.toString();
    }

    /** One symbol. */
    public static void symbol(StringBuilder b, SymbolReport r, int width) {
        String head = "== " + r.symbol() + "  [" + r.entry().kind().id() + ", " + r.entry().file() + ", " + r.kernel() + "]  "
                + r.status() + " ";
        b.append(head).append("=".repeat(Math.max(3, width - head.length()))).append('\n');
        if (r.cLines().isEmpty()) {
            b.append("C     ").append(r.cAbsent()).append('\n');
            b.append("Java  ").append(r.javaTitle()).append('\n');
            b.append("-".repeat(width)).append('\n');
            for (Line l : r.javaLines()) {
                for (String s : cells(l, width)) {
                    b.append(s.stripTrailing()).append('\n');
                }
            }
        } else {
            int cw = (width - 3) / 2;
            b.append(fit("C     " + r.cTitle(), cw)).append(" | ").append(fit("Java  " + r.javaTitle(), cw).stripTrailing()).append('\n');
            b.append("-".repeat(cw)).append("-+-").append("-".repeat(cw)).append('\n');
            for (Line[] row : Compare.rows(r)) {
                List<String> left = cells(row[0], cw);
                List<String> right = cells(row[1], cw);
                char g = gutter(row[0], row[1]);
                for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
                    String l = i < left.size() ? left.get(i) : " ".repeat(cw);
                    String rt = i < right.size() ? right.get(i) : "";
                    b.append(l).append(' ').append(i == 0 ? g : g == '|' ? '|' : ':').append(' ').append(rt);
                    trim(b);
                    b.append('\n');
                }
            }
        }
        if (r.cCalls() != null || r.javaCalls() != null) {
            b.append("metrics calls  C:    ").append(r.cCalls() == null ? "-" : MetricsCalls.labels(r.cCalls())).append('\n');
            b.append("               Java: ").append(r.javaCalls() == null ? "-" : MetricsCalls.labels(r.javaCalls())).append('\n');
        }
        for (ParityResult p : r.checks()) {
            b.append(p.toText()).append('\n');
        }
    }

    private static void trim(StringBuilder b) {
        int n = b.length();
        while (n > 0 && b.charAt(n - 1) == ' ') {
            n--;
        }
        b.setLength(n);
    }

    static char gutter(Line c, Line java) {
        Mark cm = c == null ? Mark.NONE : c.mark();
        Mark jm = java == null ? Mark.NONE : java.mark();
        if (cm == Mark.DIFFERS || jm == Mark.DIFFERS || (cm == Mark.C_ONLY && jm == Mark.JAVA_ONLY)) {
            return '!';
        }
        if (cm == Mark.C_ONLY) {
            return '<';
        }
        if (jm == Mark.JAVA_ONLY) {
            return '>';
        }
        if (cm == Mark.ANCHOR && jm == Mark.ANCHOR) {
            return '=';
        }
        return '|';
    }

    /** A line as cells of exactly {@code w} characters: number, then the text wrapped. */
    private static List<String> cells(Line l, int w) {
        List<String> out = new ArrayList<>();
        if (l == null) {
            out.add(" ".repeat(w));
            return out;
        }
        String num = l.number() > 0 ? String.format("%" + (NUMBER - 1) + "d ", l.number()) : " ".repeat(NUMBER);
        String text = expandTabs(l.text());
        int tw = Math.max(8, w - NUMBER);
        int i = 0;
        boolean first = true;
        do {
            String part = text.substring(i, Math.min(text.length(), i + tw));
            out.add(pad((first ? num : " ".repeat(NUMBER)) + part, w));
            i += tw;
            first = false;
        } while (i < text.length());
        return out;
    }

    private static String fit(String s, int w) {
        return s.length() > w ? s.substring(0, w - 1) + "~" : pad(s, w);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** Tabs to the next multiple of 8, as the kernel's sources are meant to be read. */
    static String expandTabs(String s) {
        if (s.indexOf('\t') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\t') {
                do {
                    b.append(' ');
                } while (b.length() % 8 != 0);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
