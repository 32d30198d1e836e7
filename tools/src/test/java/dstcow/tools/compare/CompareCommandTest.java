package dstcow.tools.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dstcow.tools.Main;
import dstcow.tools.cli.CompareCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code dstcow compare} as a user meets it, over the fixture tree: the three formats, the exit
 * codes, {@code --rev} through git, and the message for each bad input.
 */
class CompareCommandTest {

    record Result(int code, String out, String err) {
    }

    private static final String TREE = CompareFixtures.tree().toString();
    private static final String MANIFEST = CompareFixtures.manifestFile().toString();

    /**
     * Runs the command with the handlers of {@link Main#run}: bad input (an IllegalArgumentException)
     * is exit 2 with {@code dstcow compare: message}. Once Main registers the command, through Main itself.
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code;
        if (new CommandLine(new Main()).getSubcommands().containsKey("compare")) {
            List<String> all = new ArrayList<>(List.of("compare"));
            all.addAll(List.of(args));
            code = Main.run(all.toArray(String[]::new), o, e);
        } else {
            CommandLine cl = new CommandLine(new CompareCommand());
            cl.setOut(o);
            cl.setErr(e);
            cl.setExecutionExceptionHandler((ex, c, p) -> {
                if (ex instanceof IllegalArgumentException) {
                    c.getErr().println("dstcow compare: " + ex.getMessage());
                    return Main.EXIT_USAGE;
                }
                throw ex;
            });
            cl.setParameterExceptionHandler((ex, a) -> {
                ex.getCommandLine().getErr().println("dstcow compare: " + ex.getMessage());
                return Main.EXIT_USAGE;
            });
            code = cl.execute(args);
        }
        return new Result(code, out.toString(), err.toString());
    }

    private static Result fixture(String... more) {
        List<String> a = new ArrayList<>(List.of("--manifest", MANIFEST, "--kernel-tree", TREE));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    // ---- formats --------------------------------------------------------------------------------------

    @Test
    void textShowsTwoColumnsFittedToTheTerminalAndEndsWithTheSummary() {
        Result r = fixture();
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("# dstcow compare | JDK "), r.out());
        assertTrue(r.out().contains("\n== pkt_update_pmtu  [function, net/pkt/pkt_route.c, patched]  MATCH ="), r.out());
        assertTrue(r.out().contains("\n== pkt_clone_metrics  [function, net/pkt/pkt_route.c, patched]  DIFFER ="), r.out());
        // The matched store: the C line, '=', the Java line of the part that makes the call.
        assertTrue(r.out().matches("(?s).*\\n  22         dst_metric_set\\(dst, RTAX_MTU, mtu\\); +=  +\\d+     k\\.dstMetricSet\\(dst, RTAX_MTU, mtu\\);\\n.*"),
                r.out());
        // The call the port forgot: '<'.
        assertTrue(r.out().matches("(?s).*\\n  27         dst_copy_metrics\\(new, old\\); +<.*"), r.out());
        assertTrue(r.out().contains("missing: dst_copy_metrics() at C line 27 has no matching call in Java"), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("14 symbols compared, 7 matching, 5 differing, 2 missing", lines.getLast());
        int width = TextReport.width(System.getenv("COLUMNS"));
        for (String l : lines) {
            if (l.contains(" | ") || l.contains(" = ") || l.contains(" < ") || l.contains(" > ")) {
                assertTrue(l.length() <= width, "wider than " + width + ": " + l);
            }
        }
    }

    @Test
    void jsonIsForMachines() throws IOException {
        Result r = fixture("--format", "json");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("# dstcow compare | JDK "), "the environment line goes to stderr for json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("patched", root.get("kernel").asText());
        JsonNode summary = root.get("summary");
        assertEquals(14, summary.get("symbols").asInt());
        assertEquals(7, summary.get("matching").asInt());
        assertEquals(5, summary.get("differing").asInt());
        assertEquals(2, summary.get("missing").asInt());
        assertEquals(1, summary.get("exitCode").asInt());
        JsonNode advmss = null;
        for (JsonNode s : root.get("symbols")) {
            if (s.get("symbol").asText().equals("pkt_set_advmss")) {
                advmss = s;
            }
        }
        assertEquals("differ", advmss.get("status").asText());
        assertEquals("dst_metric_set", advmss.get("metricsCalls").get("c").get(0).get("name").asText());
        assertEquals(2, advmss.get("metricsCalls").get("java").size());
        JsonNode calls = advmss.get("checks").get(0);
        assertEquals("calls", calls.get("kind").asText());
        assertEquals("extra", calls.get("differences").get(0).get("what").asText());
        assertEquals("static void pkt_set_advmss(struct dst_entry *dst, u32 advmss)", advmss.get("c").get("lines").get(0).get("text").asText());
        assertFalse(advmss.get("pairs").isEmpty());
    }

    @Test
    void htmlIsOneSelfContainedPageWithBothColumns() {
        Result r = fixture("--format", "html");
        assertEquals(1, r.code(), r.err());
        String h = r.out();
        assertTrue(h.startsWith("<!DOCTYPE html>"), h);
        assertTrue(h.strip().endsWith("</html>"), h);
        assertFalse(h.contains("<script") || h.contains("<link") || h.contains("src=\"http"), "self-contained");
        assertTrue(h.contains("<th colspan=\"2\">C: net/pkt/pkt_route.c:16-23, static function</th>"), h);
        assertTrue(h.contains("<th colspan=\"2\">Java: PktRoute.pktUpdatePmtu(long, int)  tools/src/test/java/dstcow/tools/compare/fixture/PktRoute.java:"), h);
        assertTrue(h.contains("<td class=\"code anchor\">\tdst_metric_set(dst, RTAX_MTU, mtu);</td>"), h);
        assertTrue(h.contains("<td class=\"code c-only\">\tdst_copy_metrics(new, old);</td>"), h);
        assertTrue(h.contains("return dst-&gt;ops-&gt;cow_metrics(dst, p);"), "escaped");
        assertTrue(h.contains("14 symbols compared, 7 matching, 5 differing, 2 missing"), h);
    }

    @Test
    void onlyMatchingSymbolsExitZeroAndOutWritesAFile(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("compare.html");
        Result r = fixture("--symbol", "pkt_mtu", "--symbol", "list_head", "--symbol", "pkt_dst_ops", "--kernel", "patched",
                "--format", "html", "--out", page.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        r = fixture("--symbol", "pkt_mtu", "--symbol", "list_head", "--format", "html", "--out", page.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("wrote " + page), r.out());
        assertTrue(r.out().strip().endsWith("2 symbols compared, 2 matching, 0 differing, 0 missing"), r.out());
        assertTrue(Files.readString(page).contains("<h2>pkt_mtu <span class=\"badge match\">match</span></h2>"));
    }

    @Test
    void withoutAKernelTreeItShowsTheJavaSideAndWhereTheCLives() {
        Result r = run("--manifest", MANIFEST, "--symbol", "pkt_mtu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("C     C not read (no --kernel-tree): pkt_mtu is in include/net/pkt_route.h at commit "), r.out());
        assertTrue(r.out().contains("public int pktMtu(long dst) {"), r.out());
        assertTrue(r.out().strip().endsWith("\n1 symbol listed, Java side only (no --kernel-tree, so no parity checked); 0 without a Java counterpart"),
                r.out());
    }

    @Test
    void listShowsTheManifest() {
        Result r = run("--list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dst_metrics_write_ptr          function include/net/dst.h          patched §5"), r.out());
    }

    // ---- --rev through git --------------------------------------------------------------------------------

    private static boolean hasGit() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=dstcow", "-c", "user.email=dstcow@example.org"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static Path copyTree(Path to) throws IOException {
        Path from = CompareFixtures.tree();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    @Test
    void revReadsTheCommitNotTheWorkingTree(@TempDir Path dir) throws Exception {
        assumeTrue(hasGit(), "git is not on the PATH: --rev cannot be tried");
        Path repo = copyTree(dir.resolve("linux"));
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "pkt");
        // In the working tree, pkt_clone_metrics loses its dst_copy_metrics: the fixture port then matches it.
        Path c = repo.resolve("net/pkt/pkt_route.c");
        Files.writeString(c, Files.readString(c).replace("\tdst_copy_metrics(new, old);\n", ""));

        Result work = run("--manifest", MANIFEST, "--kernel-tree", repo.toString(), "--symbol", "pkt_clone_metrics");
        assertEquals(0, work.code(), work.out());
        Result head = run("--manifest", MANIFEST, "--kernel-tree", repo.toString(), "--rev", "HEAD", "--symbol", "pkt_clone_metrics");
        assertEquals(1, head.code(), head.out());
        assertTrue(head.out().contains("missing: dst_copy_metrics() at C line 27 has no matching call in Java"), head.out());
        assertTrue(head.out().contains("# C: " + repo + " at HEAD ("), head.out());

        Result bad = run("--manifest", MANIFEST, "--kernel-tree", repo.toString(), "--rev", "nosuchbranch");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("dstcow compare: --rev nosuchbranch is not a commit in " + repo), bad.err());
    }

    @Test
    void revNeedsAGitRepository(@TempDir Path dir) throws Exception {
        assumeTrue(hasGit(), "git is not on the PATH");
        Path plain = copyTree(dir.resolve("plain"));
        Result r = run("--manifest", MANIFEST, "--kernel-tree", plain.toString(), "--rev", "HEAD");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().startsWith("dstcow compare: --rev HEAD needs --kernel-tree to be a git repository, but " + plain + " is not one (git: "),
                r.err());
        assertTrue(r.err().strip().endsWith("; drop --rev to read the working tree"), r.err());
    }

    // ---- bad input ------------------------------------------------------------------------------------

    @Test
    void badInputIsExitTwoWithWhatIsAllowed() {
        assertBad("dstcow compare: --format 'xml' is not allowed; allowed: text, html, json", "--format", "xml");
        assertBad("dstcow compare: --kernel: unknown kernel version 'both'; allowed: parent, patched", "--kernel", "both");
        assertBad("dstcow compare: --kernel-tree /nonexistent/linux is not a directory; give a Linux source tree (a directory with include/net/dst.h)",
                "--kernel-tree", "/nonexistent/linux");
        assertBad("dstcow compare: --rev 62fa8a84 needs --kernel-tree DIR: the git repository to read it from", "--rev", "62fa8a84");
        assertBad("dstcow compare: --out /nonexistent/dir/x.html: directory /nonexistent/dir does not exist", "--out", "/nonexistent/dir/x.html");
        assertBad("dstcow compare: --symbol 'dst_nope' is not in the manifest; allowed: " + Manifest.standard().allowed(), "--symbol", "dst_nope");
        assertBad("dstcow compare: --symbol dst_metrics_write_ptr is only in the patched kernel, not the parent one (include/net/dst.h); "
                + "use --kernel patched", "--kernel", "parent", "--symbol", "dst_metrics_write_ptr");
        Result r = run("--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    }

    private static void assertBad(String message, String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(message, r.err().lines().findFirst().orElse(""));
    }

    @Test
    void whenMainRegistersTheCommandItIsReachableThere() {
        assumeTrue(new CommandLine(new Main()).getSubcommands().containsKey("compare"),
                "Main does not register 'compare' yet: the tests ran the command directly with Main's handlers");
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"compare", "--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        assertTrue(out.toString().contains("--kernel-tree=DIR"), out.toString());
    }
}
