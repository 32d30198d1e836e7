package dstcow.tools.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * JMH's output for {@code dstcow bench}: one line per benchmark with its score, instead of
 * JMH's full log (which {@code --verbose} passes through). The last lines JMH printed are kept
 * so that a failing benchmark's error can be shown.
 */
final class ProgressFormat implements OutputFormat {
    private static final int KEEP = 60;

    private final PrintWriter out;
    private final boolean verbose;
    private final Deque<String> recent = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private int started;
    private long startNanos;

    ProgressFormat(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** The last lines JMH and the forked VMs printed, for an error message. */
    String recentOutput() {
        synchronized (recent) {
            return recent.isEmpty() ? "" : "\n--- last JMH output ---\n" + String.join("\n", recent);
        }
    }

    private void keep(String text) {
        synchronized (recent) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    recent.addLast(line);
                    if (recent.size() > KEEP) {
                        recent.removeFirst();
                    }
                }
            }
        }
        if (verbose) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        startNanos = System.nanoTime();
        String b = params.getBenchmark();
        String name = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
        out.printf("  [%2d] %-52s ", started, name);
        out.flush();
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result == null) {
            out.println("failed");
        } else {
            Result<?> r = result.getPrimaryResult();
            StringBuilder line = new StringBuilder(String.format("%10.3f ± %.3f %s", r.getScore(), r.getScoreError(), r.getScoreUnit()));
            if (result.getParams().getThreadGroups().length > 1) {
                for (Result<?> s : result.getSecondaryResults().values()) {
                    line.append(String.format("  %s %.1f", s.getLabel(), s.getScore()));
                }
            }
            out.printf("%s  (%.0f s)%n", line, (System.nanoTime() - startNanos) / 1e9);
        }
        out.flush();
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
    }

    @Override
    public void startRun() {
    }

    @Override
    public void endRun(Collection<RunResult> result) {
    }

    @Override
    public void print(String s) {
        keep(s);
    }

    @Override
    public void println(String s) {
        keep(s + "\n");
    }

    @Override
    public void verbosePrintln(String s) {
        keep(s + "\n");
    }

    @Override
    public void write(int b) {
        synchronized (partial) {
            partial.append((char) b);
            if (b == '\n') {
                keep(partial.toString());
                partial.setLength(0);
            }
        }
    }

    @Override
    public void write(byte[] b) {
        keep(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
