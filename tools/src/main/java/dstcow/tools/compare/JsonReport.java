package dstcow.tools.compare;

import dstcow.tools.compare.SymbolReport.Line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dstcow compare --format json}: the report for machines. One object with the environment,
 * the kernel and sources read, one entry per symbol (its status, both columns line by line with
 * their marks, the metrics calls, the checks as {@link ParityResult#toJson()} writes them, the
 * line pairs) and the summary counts.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static String render(Compare.Report report, String environment, String javaSources) {
        Compare.Request q = report.request();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "dstcow compare");
        root.put("environment", environment);
        root.put("kernel", q.kernel().id());
        root.put("tree", q.tree() == null ? null : q.tree().dir().toString());
        root.put("rev", q.tree() == null ? null : q.tree().rev());
        root.put("config", Compare.readConfig());
        root.put("javaSources", javaSources);
        root.put("manifest", q.manifest().name());
        List<Object> symbols = new ArrayList<>();
        for (SymbolReport r : report.symbols()) {
            symbols.add(symbol(r));
        }
        root.put("symbols", symbols);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("symbols", report.symbols().size());
        summary.put("matching", report.count(SymbolReport.Status.MATCH));
        summary.put("differing", report.count(SymbolReport.Status.DIFFER));
        summary.put("missing", report.count(SymbolReport.Status.MISSING));
        summary.put("unchecked", report.count(SymbolReport.Status.UNCHECKED));
        summary.put("text", report.summary());
        summary.put("exitCode", report.exitCode());
        root.put("summary", summary);
        return Json.write(root);
    }

    private static Map<String, Object> symbol(SymbolReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", r.symbol());
        m.put("kind", r.entry().kind().id());
        m.put("file", r.entry().file());
        m.put("kernels", r.entry().kernelsId());
        m.put("kernelMd", r.entry().where());
        m.put("status", r.status().id());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", r.cTitle());
        c.put("absent", r.cAbsent());
        c.put("lines", lines(r.cLines()));
        m.put("c", c);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("title", r.javaTitle());
        j.put("lines", lines(r.javaLines()));
        m.put("java", j);
        if (r.cCalls() != null || r.javaCalls() != null) {
            Map<String, Object> calls = new LinkedHashMap<>();
            calls.put("c", calls(r.cCalls()));
            calls.put("java", calls(r.javaCalls()));
            m.put("metricsCalls", calls);
        }
        List<Object> checks = new ArrayList<>();
        for (ParityResult p : r.checks()) {
            checks.add(new Json.Raw(p.toJson()));
        }
        m.put("checks", checks);
        List<Object> anchors = new ArrayList<>();
        for (int[] a : r.anchors()) {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("c", a[0]);
            pair.put("java", a[1]);
            pair.put("checked", a[2] >= 1000);
            anchors.add(pair);
        }
        m.put("pairs", anchors);
        return m;
    }

    private static List<Object> lines(List<Line> ls) {
        List<Object> out = new ArrayList<>();
        for (Line l : ls) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", l.number() > 0 ? l.number() : null);
            m.put("file", l.file());
            m.put("text", l.text());
            m.put("mark", l.mark().id());
            out.add(m);
        }
        return out;
    }

    private static Object calls(List<MetricsCalls.Call> cs) {
        if (cs == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (MetricsCalls.Call c : cs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("indirect", c.indirect());
            m.put("line", c.line());
            if (c.in() != null) {
                m.put("in", JavaPorts.simpleName(c.in().getDeclaringClass()) + "." + c.in().getName());
            }
            out.add(m);
        }
        return out;
    }
}
