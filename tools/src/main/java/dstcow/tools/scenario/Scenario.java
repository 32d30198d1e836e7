package dstcow.tools.scenario;

import dstcow.layout.model.KernelVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed scenario: lines of words, each with its line number and the column of every word.
 * A line may start with {@code [parent]} or {@code [patched]} to run on that kernel only.
 *
 * @param name  the file name (or built-in name) errors cite
 * @param lines the non-blank, non-comment lines
 */
public record Scenario(String name, List<Line> lines) {

    /** The built-in scenarios, shipped as resources; {@code redirect-cow} shows a finding in checked memory. */
    public static final List<String> BUILT_IN = List.of("routing", "pmtu", "tcp", "ipsec", "redirect", "blackhole", "redirect-cow");

    /** One line: its words, where each starts (1-based column), and the kernel it is limited to. */
    public record Line(int number, List<String> words, List<Integer> columns, KernelVersion only) {
        public String word(int i) { return words.get(i); }

        public int column(int i) { return i < columns.size() ? columns.get(i) : (columns.isEmpty() ? 1 : columns.getLast()); }

        public int size() { return words.size(); }

        public String text() { return String.join(" ", words); }
    }

    /** A built-in by name, or a file path; the error lists the built-ins. */
    public static Scenario load(String fileOrName) throws IOException {
        if (BUILT_IN.contains(fileOrName)) {
            try (InputStream in = Scenario.class.getResourceAsStream("/dstcow/scenarios/" + fileOrName + ".dcs")) {
                if (in == null) {
                    throw new IOException("built-in scenario " + fileOrName + " is missing from the jar");
                }
                return parse(fileOrName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Path p = Path.of(fileOrName);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no scenario '" + fileOrName + "': not a file, and not a built-in ("
                    + String.join(", ", BUILT_IN) + ")");
        }
        return parse(p.getFileName().toString(), Files.readString(p));
    }

    public static Scenario parse(String name, String text) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int n = 0; n < raw.length; n++) {
            String s = raw[n];
            int hash = s.indexOf('#');
            if (hash >= 0) {
                s = s.substring(0, hash);
            }
            List<String> words = new ArrayList<>();
            List<Integer> cols = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    words.add(s.substring(start, i));
                    cols.add(start + 1);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            KernelVersion only = null;
            String first = words.getFirst();
            if (first.startsWith("[") && first.endsWith("]")) {
                String k = first.substring(1, first.length() - 1).toLowerCase(Locale.ROOT);
                try {
                    only = KernelVersion.parse(k);
                } catch (IllegalArgumentException e) {
                    throw new ScenarioError(name, n + 1, cols.getFirst(), "'" + first + "' is not a kernel tag; expected [parent] or [patched]");
                }
                words.removeFirst();
                cols.removeFirst();
                if (words.isEmpty()) {
                    throw new ScenarioError(name, n + 1, cols.isEmpty() ? 1 : cols.getFirst(), "expected a command after " + first);
                }
            }
            out.add(new Line(n + 1, List.copyOf(words), List.copyOf(cols), only));
        }
        return new Scenario(name, List.copyOf(out));
    }
}
