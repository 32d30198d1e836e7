package dstcow.tools.bench;

import dstcow.tools.cli.BenchCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dstcow bench}'s argument errors. The command is run through picocli with the same
 * exception mapping as {@code dstcow.tools.Main} (an {@link IllegalArgumentException} is exit 2
 * with its message); none of these runs a benchmark.
 */
class BenchCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("dstcow bench: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownBenchmarkNameListsTheAllowedOnes() {
        Result r = run("--only", "metric-raed");
        assertEquals(2, r.code());
        assertEquals("dstcow bench: --only: unknown benchmark 'metric-raed'; allowed: metric-read, write-path, false-sharing, memory\n",
                r.err());
        assertEquals("", r.out(), "nothing runs before the arguments are checked");
    }

    @Test
    void anUnknownNameInACommaListIsCaughtToo() {
        Result r = run("--only", "memory,nope", "--quick");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown benchmark 'nope'; allowed: metric-read, write-path, false-sharing, memory"), r.err());
    }

    @Test
    void anEmptyNameIsAnError() {
        Result r = run("--only", "memory,");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--only: empty benchmark name in 'memory,'"), r.err());
    }

    @Test
    void theOutputMustBeAJsonFile() {
        Result r = run("--only", "memory", "--out", "results.txt");
        assertEquals(2, r.code());
        assertEquals("dstcow bench: --out 'results.txt' is not allowed: give a file name ending in .json\n", r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Result r = run("--fast");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--fast'"), r.err());
    }

    @Test
    void listNamesEveryBenchmark() {
        Result r = run("--list");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("metric-read", "write-path", "false-sharing", "memory")) {
            assertTrue(r.out().contains(name + " "), r.out());
        }
    }

    @Test
    void helpMentionsTheOptions() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String opt : List.of("--quick", "--only=NAME", "--out=FILE.json")) {
            assertTrue(r.out().contains(opt), r.out());
        }
    }

    @Test
    void selectionKeepsRunOrderAndDefaultsToAll() {
        assertEquals(List.of(BenchSuite.Part.values()), BenchSuite.select(List.of()));
        assertEquals(List.of(BenchSuite.Part.METRIC_READ, BenchSuite.Part.MEMORY), BenchSuite.select(List.of("memory", "metric-read")));
        assertEquals(List.of(BenchSuite.Part.WRITE_PATH), BenchSuite.select(List.of("Write-Path", "write-path")));
        assertThrows(IllegalArgumentException.class, () -> BenchSuite.select(List.of("all")));
    }

    @Test
    void theDefaultOutputIsResultsJsonUnderBench() {
        Path p = BenchSuite.outputFile(null);
        assertEquals(Path.of("bench", "results.json"), p.subpath(p.getNameCount() - 2, p.getNameCount()));
        assertEquals(Path.of("x.json"), BenchSuite.outputFile("x.json"));
    }
}
