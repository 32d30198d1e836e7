package dstcow.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dstcow.layout.abi.Abi;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one {@code dstcow bench} run: JMH scores, the native baseline, memory figures;
 * the one table of results with the ratios that matter, the targets of issues 3 and 6, and the
 * JSON the HTML report will read.
 */
public final class BenchReport {

    /** One JMH figure; a {@code @Group} gives one per thread role (method). */
    public record JmhResult(String benchClass, String method, String mode, double score, double error, String unit,
                            int forks, int iterations) {
        boolean throughput() {
            return unit.startsWith("ops/");
        }
    }

    /** A ratio shown in a row: this row's score over another benchmark's. */
    private record RatioSpec(String label, String otherClass, String otherMethod) {
    }

    /** A row of the table: a JMH benchmark, its C counterpart, the ratios that matter for it. */
    private record RowSpec(String question, String label, String benchClass, String method, String nativeName,
                           List<RatioSpec> ratios) {
    }

    /** A target and whether this run met it. */
    public record Target(String id, String text, String status, String detail) {
    }

    private static final String MR = "MetricReadBench";
    private static final String WP = "WritePathBench";
    private static final String FS = "FalseSharingBench";

    private static RatioSpec ratio(String label, String cls, String method) {
        return new RatioSpec(label, cls, method);
    }

    private static final List<RowSpec> ROWS = List.of(
            new RowSpec("metric read", "harness only (empty op)", MR, "baseline_empty", "empty", List.of()),
            new RowSpec("metric read", "int[] read (baseline)", MR, "baseline_intArray", "int_array", List.of()),
            new RowSpec("metric read", "on-heap mirror -> shared int[]", MR, "heapMirror_sharedArray", null,
                    List.of(ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "jextract-style FFM, parent", MR, "jextract_parent", "metric_raw.parent",
                    List.of(ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "jextract-style FFM, patched", MR, "jextract_patched", "metric_raw.patched",
                    List.of(ratio("patched/parent", MR, "jextract_parent"), ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "hand-written bounded FFM, patched", MR, "boundedFfm_patched", "metric_raw.patched",
                    List.of(ratio("/jextract", MR, "jextract_patched"), ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "dst_metric_raw parent, fast", MR, "dstMetricRaw_parent_fast", "metric_raw.parent",
                    List.of(ratio("/jextract", MR, "jextract_parent"), ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "dst_metric_raw patched, fast", MR, "dstMetricRaw_patched_fast", "metric_raw.patched",
                    List.of(ratio("patched/parent", MR, "dstMetricRaw_parent_fast"), ratio("/jextract", MR, "jextract_patched"),
                            ratio("/bounded", MR, "boundedFfm_patched"), ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "dst_metric_raw parent, checked", MR, "dstMetricRaw_parent_checked", "metric_raw.parent",
                    List.of(ratio("checked/fast", MR, "dstMetricRaw_parent_fast"))),
            new RowSpec("metric read", "dst_metric_raw patched, checked", MR, "dstMetricRaw_patched_checked", "metric_raw.patched",
                    List.of(ratio("checked/fast", MR, "dstMetricRaw_patched_fast"),
                            ratio("patched/parent", MR, "dstMetricRaw_parent_checked"))),
            new RowSpec("metric read", "dst_mtu parent, fast", MR, "dstMtu_parent_fast", "dst_mtu.parent",
                    List.of(ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "dst_mtu patched, fast", MR, "dstMtu_patched_fast", "dst_mtu.patched",
                    List.of(ratio("patched/parent", MR, "dstMtu_parent_fast"), ratio("/int[]", MR, "baseline_intArray"))),
            new RowSpec("metric read", "dst_mtu parent, checked", MR, "dstMtu_parent_checked", "dst_mtu.parent",
                    List.of(ratio("checked/fast", MR, "dstMtu_parent_fast"))),
            new RowSpec("metric read", "dst_mtu patched, checked", MR, "dstMtu_patched_checked", "dst_mtu.patched",
                    List.of(ratio("checked/fast", MR, "dstMtu_patched_fast"), ratio("patched/parent", MR, "dstMtu_parent_checked"))),
            new RowSpec("write path", "first write parent, fast (store)", WP, "firstWrite_parent_fast_store", "first_write.parent",
                    List.of()),
            new RowSpec("write path", "first write patched, fast (COW)", WP, "firstWrite_patched_fast_cow", "first_write.patched",
                    List.of(ratio("patched/parent", WP, "firstWrite_parent_fast_store"))),
            new RowSpec("write path", "first write parent, checked", WP, "firstWrite_parent_checked_store", "first_write.parent",
                    List.of(ratio("checked/fast", WP, "firstWrite_parent_fast_store"))),
            new RowSpec("write path", "first write patched, checked (COW)", WP, "firstWrite_patched_checked_cow", "first_write.patched",
                    List.of(ratio("checked/fast", WP, "firstWrite_patched_fast_cow"),
                            ratio("patched/parent", WP, "firstWrite_parent_checked_store"))),
            new RowSpec("write path", "later write parent, fast", WP, "laterWrite_parent_fast", "later_write.parent", List.of()),
            new RowSpec("write path", "later write patched, fast", WP, "laterWrite_patched_fast", "later_write.patched",
                    List.of(ratio("patched/parent", WP, "laterWrite_parent_fast"))),
            new RowSpec("write path", "later write parent, checked", WP, "laterWrite_parent_checked", "later_write.parent",
                    List.of(ratio("checked/fast", WP, "laterWrite_parent_fast"))),
            new RowSpec("write path", "later write patched, checked", WP, "laterWrite_patched_checked", "later_write.patched",
                    List.of(ratio("checked/fast", WP, "laterWrite_patched_fast"), ratio("patched/parent", WP, "laterWrite_parent_checked"))),
            new RowSpec("false sharing", "reader alone (baseline)", FS, "baseline_readerAlone", "false_sharing.alone.reader", List.of()),
            new RowSpec("false sharing", "kernel layout: reader", FS, "kernelLayout_reader", "false_sharing.kernel.reader",
                    List.of(ratio("/alone", FS, "baseline_readerAlone"))),
            new RowSpec("false sharing", "kernel layout: writer (hold+release)", FS, "kernelLayout_writer", "false_sharing.kernel.writer",
                    List.of()),
            new RowSpec("false sharing", "control layout (pad removed): reader", FS, "controlLayout_reader", "false_sharing.control.reader",
                    List.of(ratio("control/kernel", FS, "kernelLayout_reader"), ratio("/alone", FS, "baseline_readerAlone"))),
            new RowSpec("false sharing", "control layout (pad removed): writer", FS, "controlLayout_writer", "false_sharing.control.writer",
                    List.of(ratio("control/kernel", FS, "kernelLayout_writer"))));

    private final BenchSuite.Settings settings;
    private final Instant when = Instant.now();
    private final List<JmhResult> jmh = new ArrayList<>();
    private NativeBaseline.Outcome nativeOutcome;
    private final List<MemoryFootprint.Figure> memory = new ArrayList<>();
    private final List<MemoryFootprint.HeapFigure> heap = new ArrayList<>();

    BenchReport(BenchSuite.Settings settings) {
        this.settings = settings;
    }

    public List<JmhResult> jmh() { return jmh; }

    public NativeBaseline.Outcome nativeOutcome() { return nativeOutcome; }

    void setNative(NativeBaseline.Outcome outcome) { this.nativeOutcome = outcome; }

    public List<MemoryFootprint.Figure> memory() { return memory; }

    public List<MemoryFootprint.HeapFigure> heap() { return heap; }

    public Optional<JmhResult> find(String benchClass, String method) {
        return jmh.stream().filter(r -> r.benchClass().equals(benchClass) && r.method().equals(method)).findFirst();
    }

    private Optional<NativeBaseline.Result> nativeResult(String name) {
        return nativeOutcome == null || name == null ? Optional.empty() : nativeOutcome.get(name);
    }

    // ---- environment ----------------------------------------------------------------------------

    /** JDK, CPU, cores, OS: what the figures were measured on. */
    public static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", Runtime.version().toString());
        env.put("vm", System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")");
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("abi", Abi.host().id());
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall back to the architecture
        }
        return System.getProperty("os.arch");
    }

    // ---- the table ------------------------------------------------------------------------------

    /** Prints the table of results and the targets. */
    public void print(PrintWriter out) {
        Map<String, Object> env = environment();
        out.printf("Results: %s; %s, %s cores; %s%n", env.get("jdk"), env.get("cpu"), env.get("cores"),
                settings.quick() ? "quick mode (1 fork, 5 x 0.4 s)" : "full mode");
        out.printf("%-13s %-38s %12s %9s %-7s %11s %7s  %s%n", "question", "measurement", "Java", "± error", "unit",
                "C -O2", "Java/C", "ratios");
        String last = null;
        for (Row row : rows()) {
            if (last != null && !last.equals(row.question())) {
                out.println();
            }
            last = row.question();
            out.printf("%-13s %-38s %12s %9s %-7s %11s %7s  %s%n", row.question(), row.label(), row.value(), row.error(),
                    row.unit(), row.c(), row.javaOverC(), row.ratios());
        }
        out.println("Java/C: Java's time per op over C's (for ops/us, C's throughput over Java's): 1.00x is C's speed."
                + " Ratios: this row's score over the named one's, in the row's unit (ns/op: > 1 is slower; ops/us: < 1 is slower).");
        if (nativeOutcome != null && !nativeOutcome.ran()) {
            out.println("C -O2: " + nativeOutcome.message());
        }
        out.println();
        out.println("Targets:");
        for (Target t : targets()) {
            out.printf("  %-9s %s: %s%n", t.status(), t.text(), t.detail());
        }
        out.flush();
    }

    /** One printed row. */
    record Row(String question, String label, String value, String error, String unit, String c, String javaOverC, String ratios) {
    }

    List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (RowSpec spec : ROWS) {
            Optional<JmhResult> r = find(spec.benchClass(), spec.method());
            if (r.isEmpty()) {
                continue;
            }
            JmhResult j = r.get();
            Optional<NativeBaseline.Result> c = nativeResult(spec.nativeName());
            String cText = c.map(n -> num(n.value())).orElse(spec.nativeName() == null ? "" : "-");
            String javaOverC = c.map(n -> times(j.throughput() ? n.value() / j.score() : j.score() / n.value())).orElse("");
            List<String> ratios = new ArrayList<>();
            for (RatioSpec rs : spec.ratios()) {
                find(rs.otherClass(), rs.otherMethod()).ifPresent(o -> ratios.add(rs.label() + " " + times(j.score() / o.score())));
            }
            out.add(new Row(spec.question(), spec.label(), num(j.score()), Double.isNaN(j.error()) ? "" : num(j.error()), j.unit(),
                    cText, javaOverC, String.join(", ", ratios)));
        }
        for (int i = 0; i + 1 < memory.size(); i += 2) {
            MemoryFootprint.Figure par = memory.get(i);
            MemoryFootprint.Figure pat = memory.get(i + 1);
            boolean ok = par.matchesPrediction() && pat.matchesPrediction() && par.leakFree() && pat.leakFree();
            out.add(new Row("memory", par.abi() + " " + par.entry().id() + ", " + par.workload().id() + ": patched",
                    MemoryFootprint.fmt(pat.bytesPerEntry()), "", "B/entry", "", "",
                    "patched/parent " + times(pat.bytesPerEntry() / par.bytesPerEntry()) + " (parent "
                            + MemoryFootprint.fmt(par.bytesPerEntry()) + " B); per 1M: "
                            + mib(par.bytesPerMillion()) + " -> " + mib(pat.bytesPerMillion()) + " MiB; "
                            + (ok ? "= layouts" : "DIFFERS from layouts (" + par.predictedBytesPerEntry() + " -> "
                            + pat.predictedBytesPerEntry() + ")")));
        }
        for (MemoryFootprint.HeapFigure h : heap) {
            out.add(new Row("memory", "on-heap " + h.mirror() + ", " + h.workload().id(), MemoryFootprint.fmt(h.bytesPerEntry()),
                    "", "B/entry", "", "", "JOL GraphLayout; object " + h.instanceBytes() + " B + int[] " + h.metricsArrayBytes() + " B"));
        }
        return out;
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1 << 20));
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v);
    }

    static String times(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }

    // ---- targets ----------------------------------------------------------------------------------

    /**
     * What each harness costs alone, when both were measured: JMH's empty operation can cost
     * more than the whole C access, which bounds any Java/C ratio of one call from below.
     */
    private String harnessAlone() {
        Optional<JmhResult> je = find(MR, "baseline_empty");
        Optional<NativeBaseline.Result> ce = nativeResult("empty");
        if (je.isEmpty() || ce.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, " (an empty op: JMH %s ns, C %s ns)", num(je.get().score()), num(ce.get().value()));
    }

    public List<Target> targets() {
        List<Target> t = new ArrayList<>();
        Optional<JmhResult> fast = find(MR, "dstMetricRaw_patched_fast");
        Optional<JmhResult> intArray = find(MR, "baseline_intArray");
        Optional<JmhResult> jextract = find(MR, "jextract_patched");
        Optional<NativeBaseline.Result> c = nativeResult("metric_raw.patched");

        if (fast.isPresent() && c.isPresent()) {
            double r = fast.get().score() / c.get().value();
            t.add(new Target("read-vs-c", "fast-mode FFM metric read within 1.5x of C -O2", r <= 1.5 ? "met" : "NOT met",
                    String.format(Locale.ROOT, "dst_metric_raw patched fast %s ns vs C %s ns: %s%s",
                            num(fast.get().score()), num(c.get().value()), times(r), harnessAlone())));
        } else {
            t.add(notRun("read-vs-c", "fast-mode FFM metric read within 1.5x of C -O2",
                    fast.isEmpty() ? "metric-read not run" : "no C baseline: " + nativeMessage()));
        }
        if (fast.isPresent() && jextract.isPresent()) {
            JmhResult f = fast.get();
            JmhResult j = jextract.get();
            double r = f.score() / j.score();
            // "No slower" on the point estimates, with 10% for run-to-run noise; overlapping error bars are called out.
            boolean overlap = f.score() - errorOrZero(f) <= j.score() + errorOrZero(j);
            t.add(new Target("read-vs-jextract", "fast-mode metric read no slower than the jextract-style accessor (10% noise)",
                    r <= 1.10 ? "met" : "NOT met", String.format(Locale.ROOT, "%s ± %s ns vs %s ± %s ns: %s%s", num(f.score()),
                    num(errorOrZero(f)), num(j.score()), num(errorOrZero(j)), times(r),
                    r > 1.10 && overlap ? " (error bars overlap: rerun without --quick)" : "")));
        } else {
            t.add(notRun("read-vs-jextract", "fast-mode metric read no slower than the jextract-style accessor", "metric-read not run"));
        }
        if (fast.isPresent() && intArray.isPresent()) {
            double r = fast.get().score() / intArray.get().score();
            t.add(new Target("issue3-int-array", "issue 3: fast dst_metric_raw on shared read-only metrics within 2x of int[]",
                    r <= 2 ? "met" : "NOT met", String.format(Locale.ROOT, "%s ns vs %s ns: %s", num(fast.get().score()),
                    num(intArray.get().score()), times(r))));
        } else {
            t.add(notRun("issue3-int-array", "issue 3: fast dst_metric_raw on shared read-only metrics within 2x of int[]",
                    "metric-read not run"));
        }
        Optional<JmhResult> kr = find(FS, "kernelLayout_reader");
        Optional<JmhResult> cr = find(FS, "controlLayout_reader");
        Optional<JmhResult> kw = find(FS, "kernelLayout_writer");
        Optional<JmhResult> cw = find(FS, "controlLayout_writer");
        String fsText = "false sharing: control layout measurably slower than the kernel layout";
        if (kr.isPresent() && cr.isPresent()) {
            JmhResult k = kr.get();
            JmhResult ctl = cr.get();
            boolean met = ctl.score() + errorOrZero(ctl) < k.score() - errorOrZero(k);
            String writers = kw.isPresent() && cw.isPresent()
                    ? String.format(Locale.ROOT, "; writer %s -> %s ops/us (%s)", num(kw.get().score()), num(cw.get().score()),
                    times(cw.get().score() / kw.get().score()))
                    : "";
            t.add(new Target("false-sharing-java", fsText + " (Java)", met ? "met" : "NOT met", String.format(Locale.ROOT,
                    "reader %s ± %s -> %s ± %s ops/us (%s)%s", num(k.score()), num(errorOrZero(k)), num(ctl.score()),
                    num(errorOrZero(ctl)), times(ctl.score() / k.score()), writers)));
        } else {
            t.add(notRun("false-sharing-java", fsText + " (Java)", "false-sharing not run"));
        }
        Optional<NativeBaseline.Result> ckr = nativeResult("false_sharing.kernel.reader");
        Optional<NativeBaseline.Result> ccr = nativeResult("false_sharing.control.reader");
        if (ckr.isPresent() && ccr.isPresent()) {
            double r = ccr.get().value() / ckr.get().value();
            Optional<NativeBaseline.Result> ckw = nativeResult("false_sharing.kernel.writer");
            Optional<NativeBaseline.Result> ccw = nativeResult("false_sharing.control.writer");
            String writers = ckw.isPresent() && ccw.isPresent()
                    ? String.format(Locale.ROOT, "; writer %s -> %s ops/us (%s)", num(ckw.get().value()), num(ccw.get().value()),
                    times(ccw.get().value() / ckw.get().value()))
                    : "";
            t.add(new Target("false-sharing-c", fsText + " (C, > 5% slower)", r < 0.95 ? "met" : "NOT met",
                    String.format(Locale.ROOT, "reader %s -> %s ops/us (%s)%s", num(ckr.get().value()), num(ccr.get().value()),
                            times(r), writers)));
        } else {
            t.add(notRun("false-sharing-c", fsText + " (C)",
                    settings.parts().contains(BenchSuite.Part.FALSE_SHARING) ? "no C baseline: " + nativeMessage() : "false-sharing not run"));
        }
        if (!memory.isEmpty()) {
            long bad = memory.stream().filter(f -> !f.matchesPrediction() || !f.leakFree()).count();
            StringBuilder d = new StringBuilder();
            for (MemoryFootprint.Figure f : memory) {
                if (f.workload() == MemoryFootprint.Workload.ROUTING && f.entry() == MemoryFootprint.EntryStruct.RTABLE) {
                    d.append(d.isEmpty() ? "" : "; ").append(f.abi()).append(' ').append(f.kernel()).append(' ')
                            .append(MemoryFootprint.fmt(f.bytesPerEntry())).append(" B");
                }
            }
            t.add(new Target("memory", "memory per entry equals the layouts' prediction on both word sizes",
                    bad == 0 ? "met" : "NOT met", memory.size() - bad + " of " + memory.size()
                    + " figures exact and leak-free (rtable routing: " + d + ")"));
        } else {
            t.add(notRun("memory", "memory per entry equals the layouts' prediction on both word sizes", "memory not run"));
        }
        return t;
    }

    private String nativeMessage() {
        return nativeOutcome == null ? "not run" : nativeOutcome.message();
    }

    private static double errorOrZero(JmhResult r) {
        return Double.isNaN(r.error()) ? 0 : r.error();
    }

    private static Target notRun(String id, String text, String why) {
        return new Target(id, text, "not run", why);
    }

    /** Whether every deterministic check (memory equals the layouts' prediction, no leak) held. */
    public boolean deterministicChecksHold() {
        return memory.stream().allMatch(f -> f.matchesPrediction() && f.leakFree());
    }

    // ---- JSON ---------------------------------------------------------------------------------------

    /** The report as a JSON tree (maps and lists), for {@link #writeJson}. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "dstcow-bench/1");
        root.put("time", when.toString());
        root.put("environment", environment());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("quick", settings.quick());
        s.put("parts", settings.parts().stream().map(BenchSuite.Part::id).toList());
        root.put("settings", s);
        List<Map<String, Object>> j = new ArrayList<>();
        for (JmhResult r : jmh) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", r.benchClass());
            m.put("benchmark", r.method());
            m.put("mode", r.mode());
            m.put("score", finite(r.score()));
            m.put("error", finite(r.error()));
            m.put("unit", r.unit());
            m.put("forks", r.forks());
            m.put("iterations", r.iterations());
            j.add(m);
        }
        root.put("jmh", j);
        Map<String, Object> n = new LinkedHashMap<>();
        if (nativeOutcome != null) {
            n.put("ran", nativeOutcome.ran());
            n.put("message", nativeOutcome.message());
            n.put("info", nativeOutcome.info());
            List<Map<String, Object>> rs = new ArrayList<>();
            for (NativeBaseline.Result r : nativeOutcome.results().values()) {
                rs.add(Map.of("name", r.name(), "value", r.value(), "unit", r.unit()));
            }
            n.put("results", rs);
        } else {
            n.put("ran", false);
            n.put("message", "not selected");
        }
        root.put("native", n);
        List<Map<String, Object>> mem = new ArrayList<>();
        for (MemoryFootprint.Figure f : memory) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("abi", f.abi().id());
            m.put("kernel", f.kernel().id());
            m.put("workload", f.workload().id());
            m.put("entry", f.entry().id());
            m.put("entries", f.entries());
            m.put("structBytes", f.structBytes());
            m.put("objectBytes", f.objectBytes());
            m.put("bytesByCache", f.bytesByCache());
            m.put("bytesPerEntry", f.bytesPerEntry());
            m.put("bytesPerMillion", f.bytesPerMillion());
            m.put("predictedBytesPerEntry", f.predictedBytesPerEntry());
            m.put("matchesPrediction", f.matchesPrediction());
            m.put("leakFree", f.leakFree());
            mem.add(m);
        }
        root.put("memory", mem);
        List<Map<String, Object>> hp = new ArrayList<>();
        for (MemoryFootprint.HeapFigure h : heap) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mirror", h.mirror());
            m.put("workload", h.workload().id());
            m.put("entries", h.entries());
            m.put("bytesPerEntry", h.bytesPerEntry());
            m.put("instanceBytes", h.instanceBytes());
            m.put("metricsArrayBytes", h.metricsArrayBytes());
            hp.add(m);
        }
        root.put("heap", hp);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("question", r.question());
            m.put("measurement", r.label());
            m.put("value", r.value());
            m.put("error", r.error());
            m.put("unit", r.unit());
            m.put("c", r.c());
            m.put("javaOverC", r.javaOverC());
            m.put("ratios", r.ratios());
            rows.add(m);
        }
        root.put("table", rows);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (Target t : targets()) {
            ts.add(Map.of("id", t.id(), "target", t.text(), "status", t.status(), "detail", t.detail()));
        }
        root.put("targets", ts);
        return root;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Writes {@link #toJson()} to {@code file}, creating its directory. */
    public void writeJson(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    }
}
