package dstcow.tools.report;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the report in headless Chromium (Debian's package), keeps a screenshot, and checks the
 * DOM Chromium built: every ABI has a parent and a patched map whose {@code __refcnt} and
 * {@code _metrics} blocks sit at the offsets the layout engine gives.
 */
class ReportBrowserTest {

    @TempDir
    static Path dir;
    static Report.Written written;

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(p, name))) {
                    return Path.of(p, name).toString();
                }
            }
        }
        return null;
    }

    @BeforeAll
    static void writeReport() throws Exception {
        written = Report.write(dir, Abi.X86_64, dir.resolve("no-bench.json"), dir.resolve("no-compare.json"));
    }

    private static String run(List<String> args, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        return Files.readString(out);
    }

    @Test
    void mapsCarryTheExpectedFieldBlocksForEveryAbi() throws Exception {
        Assumptions.assumeTrue(chromium() != null, "chromium not found on PATH: apt-get install chromium");
        String dom = run(List.of("--dump-dom", written.file().toUri().toString()), dir.resolve("dom.html"));
        assertTrue(dom.contains("<h1>dstcow: Linux 62fa8a846d7d"), "Chromium did not render the report:\n" + dom.substring(0, Math.min(500, dom.length())));
        for (Abi abi : Abi.values()) {
            KernelConfig c = KernelConfig.defaults(abi);
            for (String version : List.of("parent", "patched")) {
                var layout = LayoutEngine.layout(version.equals("parent") ? DstEntry.PARENT : DstEntry.PATCHED, c);
                Matcher panel = Pattern.compile("<g class=\"panel\" data-abi=\"" + abi.id() + "\" data-version=\"" + version
                        + "\" data-size=\"(\\d+)\">(.*?)</g>", Pattern.DOTALL).matcher(dom);
                assertTrue(panel.find(), "no " + version + " map for " + abi);
                assertEquals(layout.size(), Long.parseLong(panel.group(1)), abi + " " + version + " size");
                for (String field : List.of("__refcnt", "_metrics", "input", "ops")) {
                    String block = "data-field=\"" + field + "\" data-offset=\"" + layout.offsetOf(field) + "\"";
                    assertTrue(panel.group(2).contains(block), abi + " " + version + ": no block " + block);
                }
                assertTrue(panel.group(2).contains("data-refcnt-line=\"" + layout.offsetOf("__refcnt") / abi.l1CacheBytes() + "\""),
                        abi + " " + version + ": __refcnt's line is not marked");
            }
        }
        assertTrue(dom.contains("data-moved=\"flags\""), "the moved flags member is not linked");
        assertEquals(4, Pattern.compile("<svg [^>]*class=\"chart\"").matcher(dom).results().count(), "simulation charts");
    }

    @Test
    void screenshotIsTaken() throws Exception {
        Assumptions.assumeTrue(chromium() != null, "chromium not found on PATH: apt-get install chromium");
        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(List.of("--window-size=1500,2400", "--screenshot=" + png, written.file().toUri().toString()), dir.resolve("shot.out"));
        assertTrue(Files.size(png) > 50_000, "screenshot " + png + " is only " + Files.size(png) + " bytes");
    }
}
