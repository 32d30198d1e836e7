package dstcow.tools.compare;

import dstcow.tools.compare.SymbolReport.Line;

import java.util.List;

/**
 * {@code dstcow compare --format html}: one self-contained page (no scripts, no external files).
 * Each symbol is a two-column table, C on the left and Java on the right, rows paired where they
 * correspond: the signatures, the metrics accessor calls both sides make, struct and ops members.
 * Coloured rows are what the checks found: green corresponds, red is only in C, orange only in
 * Java, yellow differs in value.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 1.6em 0 .3em; }
            .env, .meta { color: #555; font-size: .9em; }
            .summary { font-weight: bold; margin: 1em 0; }
            .badge { font-size: .8em; padding: .1em .5em; border-radius: .6em; color: #fff; vertical-align: middle; }
            .match { background: #2e7d32; } .differ { background: #c62828; } .missing { background: #6d4c41; } .unchecked { background: #607d8b; }
            table.sbs { border-collapse: collapse; width: 100%; table-layout: fixed; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
            table.sbs th { text-align: left; font-weight: normal; background: #eceff1; padding: .3em; font-family: system-ui, sans-serif; overflow-wrap: anywhere; }
            table.sbs td { vertical-align: top; padding: 0 .4em; white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 8; -moz-tab-size: 8; }
            table.sbs td.ln { width: 3.5em; text-align: right; color: #999; user-select: none; padding-right: .6em; }
            table.sbs td.code { border-left: 1px solid #ddd; }
            table.sbs td.mid { width: .8em; text-align: center; color: #999; padding: 0; }
            td.anchor { background: #e8f5e9; } td.c-only { background: #ffebee; } td.java-only { background: #fff3e0; } td.differs { background: #fff9c4; }
            ul.checks { margin: .4em 0 0; padding-left: 1.2em; font-size: .9em; }
            ul.checks li.match { color: #2e7d32; } ul.checks li.differ { color: #c62828; } ul.checks li.missing { color: #6d4c41; }
            ul.checks li { background: none; }
            .calls { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; color: #444; }
            nav a { margin-right: .6em; text-decoration: none; }
            """;

    public static String render(Compare.Report report, List<String> header) {
        StringBuilder b = new StringBuilder();
        Compare.Request q = report.request();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dstcow compare: ")
                .append(esc(q.kernel().id())).append(" kernel</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>dstcow compare: the ").append(esc(q.kernel().id())).append(" kernel's C beside its Java port</h1>\n");
        for (String h : header) {
            b.append("<div class=\"env\">").append(esc(h)).append("</div>\n");
        }
        b.append("<p class=\"summary\">").append(esc(report.summary())).append("</p>\n<nav>");
        for (SymbolReport r : report.symbols()) {
            b.append("<a href=\"#").append(id(r)).append("\" class=\"").append(r.status().id()).append("-link\">")
                    .append(esc(r.symbol())).append(r.status() == SymbolReport.Status.MATCH || r.status() == SymbolReport.Status.UNCHECKED
                            ? "" : " (" + r.status().id() + ")").append("</a> ");
        }
        b.append("</nav>\n");
        for (SymbolReport r : report.symbols()) {
            symbol(b, r);
        }
        b.append("<p class=\"summary\">").append(esc(report.summary())).append("</p>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void symbol(StringBuilder b, SymbolReport r) {
        b.append("<section id=\"").append(id(r)).append("\">\n<h2>").append(esc(r.symbol())).append(" <span class=\"badge ")
                .append(r.status().id()).append("\">").append(r.status().id()).append("</span></h2>\n");
        b.append("<div class=\"meta\">").append(esc(r.entry().kind().id())).append(" in ").append(esc(r.entry().file()))
                .append(", kernels: ").append(esc(r.entry().kernelsId())).append(", KERNEL.md ").append(esc(r.entry().where()))
                .append("</div>\n");
        b.append("<table class=\"sbs\">\n<colgroup><col style=\"width:3.5em\"><col><col style=\"width:.8em\"><col style=\"width:3.5em\"><col></colgroup>\n");
        b.append("<thead><tr><th colspan=\"2\">C: ").append(esc(r.cLines().isEmpty() ? r.cAbsent() : r.cTitle()))
                .append("</th><th></th><th colspan=\"2\">Java: ").append(esc(r.javaTitle())).append("</th></tr></thead>\n<tbody>\n");
        List<Line[]> rows;
        if (r.cLines().isEmpty()) {
            rows = r.javaLines().stream().map(l -> new Line[] {null, l}).toList();
        } else {
            rows = Compare.rows(r);
        }
        for (Line[] row : rows) {
            b.append("<tr>");
            cell(b, row[0]);
            b.append("<td class=\"mid\">").append(esc(String.valueOf(TextReport.gutter(row[0], row[1])).replace("|", ""))).append("</td>");
            cell(b, row[1]);
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (r.cCalls() != null || r.javaCalls() != null) {
            b.append("<div class=\"calls\">metrics calls, C: ").append(esc(r.cCalls() == null ? "-" : MetricsCalls.labels(r.cCalls())))
                    .append("<br>metrics calls, Java: ").append(esc(r.javaCalls() == null ? "-" : MetricsCalls.labels(r.javaCalls())))
                    .append("</div>\n");
        }
        b.append("<ul class=\"checks\">\n");
        for (ParityResult p : r.checks()) {
            b.append("<li class=\"").append(p.status() == ParityResult.Status.MATCH ? "match" : p.status() == ParityResult.Status.DIFFER
                    ? "differ" : "missing").append("\">").append(esc(p.status().id() + " " + p.kind().id() + ": " + p.cSide()
                    + " vs " + p.javaSide()));
            if (!p.differences().isEmpty()) {
                b.append("<ul>");
                for (String d : p.lines()) {
                    b.append("<li>").append(esc(d)).append("</li>");
                }
                b.append("</ul>");
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n</section>\n");
    }

    private static void cell(StringBuilder b, Line l) {
        if (l == null) {
            b.append("<td class=\"ln\"></td><td class=\"code\"></td>");
            return;
        }
        String cls = l.mark() == SymbolReport.Mark.NONE ? "code" : "code " + l.mark().id();
        b.append("<td class=\"ln\">").append(l.number() > 0 ? Integer.toString(l.number()) : "").append("</td><td class=\"")
                .append(cls).append("\">").append(esc(l.text())).append("</td>");
    }

    private static String id(SymbolReport r) {
        return "sym-" + r.symbol().replaceAll("[^A-Za-z0-9_]", "_");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
