package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;

import java.util.List;
import java.util.Locale;

/**
 * What {@code dstcow compare} found for one manifest symbol: the C definition, the Java port, the
 * parity checks, and the line pairs where the two correspond.
 *
 * @param entry     the manifest entry
 * @param kernel    the kernel compared
 * @param status    the verdict
 * @param cTitle    what the C column shows ({@code include/net/dst.h:120-127, static inline function})
 * @param cLines    the C column (empty when the C was not read)
 * @param cAbsent   why there is no C column ({@code include/net/flow.h is not in /tmp/linux}), or {@code null}
 * @param javaTitle what the Java column shows
 * @param javaLines the Java column
 * @param checks    the parity checks run, in order
 * @param cCalls    the C metrics accessor calls (functions and macros), or {@code null}
 * @param javaCalls the Java metrics accessor calls, or {@code null}
 * @param anchors   the rows to pair, in order: (index in {@code cLines}, index in {@code javaLines}, weight); weight
 *                  1000 for what a check established (a signature, a matched accessor call, a member), 1 for a
 *                  weak pairing made for the eye (another call of the same name)
 */
public record SymbolReport(Manifest.Entry entry, KernelVersion kernel, Status status, String cTitle, List<Line> cLines,
                           String cAbsent, String javaTitle, List<Line> javaLines, List<ParityResult> checks,
                           List<MetricsCalls.Call> cCalls, List<MetricsCalls.Call> javaCalls, List<int[]> anchors) {

    public SymbolReport {
        cLines = List.copyOf(cLines);
        javaLines = List.copyOf(javaLines);
        checks = List.copyOf(checks);
        cCalls = cCalls == null ? null : List.copyOf(cCalls);
        javaCalls = javaCalls == null ? null : List.copyOf(javaCalls);
        anchors = List.copyOf(anchors);
    }

    public enum Status {
        MATCH, DIFFER,
        /** The C definition or the Java counterpart is not there. */
        MISSING,
        /** Only the Java side was shown: no kernel tree was given. */
        UNCHECKED;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /** How a line takes part in the comparison. */
    public enum Mark {
        NONE,
        /** It corresponds to a line on the other side (a signature, a matched accessor call, a member). */
        ANCHOR,
        /** Something the C has there and the Java does not (a missing call or member). */
        C_ONLY,
        /** Something the Java has there and the C does not (an extra call or member). */
        JAVA_ONLY,
        /** Something both have, with different values (an ops member set to another function). */
        DIFFERS;

        public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /**
     * One line of a column.
     *
     * @param number its line in {@code file}, or -1 for a line the tool adds (a heading, the built ops table)
     * @param file   the file it is from ({@code dst/src/main/java/dstcow/dst/PatchedDstKernel.java}), or {@code null}
     * @param text   the text, tabs kept
     * @param mark   its part in the comparison
     */
    public record Line(int number, String file, String text, Mark mark) {
        public Line withMark(Mark m) { return new Line(number, file, text, m); }
    }

    public String symbol() { return entry.symbol(); }
}
