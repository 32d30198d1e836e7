package dstcow.tools.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a run's figures are judged against issues 3 and 6: thresholds, and each harness's own cost beside the C ratio. */
class BenchTargetsTest {

    private static BenchReport report(double fast, double jextract, double intArray, double empty, double c, double cEmpty) {
        BenchReport r = new BenchReport(new BenchSuite.Settings(true, List.of(BenchSuite.Part.METRIC_READ), false));
        r.jmh().add(jmh("dstMetricRaw_patched_fast", fast));
        r.jmh().add(jmh("jextract_patched", jextract));
        r.jmh().add(jmh("baseline_intArray", intArray));
        r.jmh().add(jmh("baseline_empty", empty));
        r.setNative(NativeBaseline.parse("RESULT metric_raw.patched " + c + " ns/op\nRESULT empty " + cEmpty + " ns/op\n"));
        return r;
    }

    private static BenchReport.JmhResult jmh(String method, double score) {
        return new BenchReport.JmhResult("MetricReadBench", method, "avgt", score, 0.01, "ns/op", 1, 5);
    }

    private static Map<String, BenchReport.Target> targets(BenchReport r) {
        return r.targets().stream().collect(java.util.stream.Collectors.toMap(BenchReport.Target::id, t -> t));
    }

    @Test
    void eachTargetIsJudgedOnTheRawFiguresAndTheCComparisonShowsWhatEachHarnessCostsAlone() {
        Map<String, BenchReport.Target> t = targets(report(1.60, 1.70, 0.80, 0.60, 0.55, 0.25));
        assertEquals("met", t.get("issue3-int-array").status(), t.get("issue3-int-array").detail());
        assertEquals("met", t.get("read-vs-jextract").status());
        BenchReport.Target c = t.get("read-vs-c");
        assertEquals("NOT met", c.status());
        assertEquals("dst_metric_raw patched fast 1.600 ns vs C 0.550 ns: 2.91x (an empty op: JMH 0.600 ns, C 0.250 ns)", c.detail());
    }

    @Test
    void justOverEachThresholdIsNotMet() {
        Map<String, BenchReport.Target> t = targets(report(1.61, 1.46, 0.80, 0.60, 1.07, 0.25));
        assertEquals("NOT met", t.get("issue3-int-array").status(), "2.01x int[]");
        assertEquals("NOT met", t.get("read-vs-jextract").status(), "1.10x plus a little");
        assertEquals("NOT met", t.get("read-vs-c").status(), "1.505x C");
        t = targets(report(1.60, 1.46, 0.80, 0.60, 1.07, 0.25));
        assertEquals("met", t.get("issue3-int-array").status(), "exactly 2x");
        assertEquals("met", t.get("read-vs-c").status(), "1.495x C");
    }
}
