package dstcow.layout.print;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares pahole-format texts the way {@code diff -w -B} would, plus one pahole quirk: pahole
 * 1.24 reading clang's DWARF prints an anonymous union a second time, right after the member, as
 * a nested type definition whose closing {@code };} has no {@code /* offset size *}{@code /}
 * comment. Those re-printed blocks carry no layout and are dropped.
 */
public final class PaholeText {
    private PaholeText() {
    }

    /** Lines with all white space removed, blank lines dropped, re-printed anonymous types dropped. */
    public static List<String> normalize(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String l = raw.replaceAll("\\s+", "");
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if ((l.equals("union{") || l.equals("struct{")) && !out.isEmpty() && out.getLast().startsWith("};/*")) {
                int depth = 0;
                int j = i;
                for (; j < lines.size(); j++) {
                    String m = lines.get(j);
                    if (m.endsWith("{")) {
                        depth++;
                    }
                    if (m.startsWith("}")) {
                        depth--;
                        if (depth == 0) {
                            break;
                        }
                    }
                }
                if (j < lines.size() && lines.get(j).equals("};")) {
                    i = j;
                    continue;
                }
            }
            out.add(l);
        }
        return out;
    }

    /** The first differing line pair as text, or {@code null} when the two are the same. */
    public static String firstDifference(String expected, String actual) {
        List<String> a = normalize(expected);
        List<String> b = normalize(actual);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < b.size() ? b.get(i) : "<end>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": pahole has '" + x + "', dstcow has '" + y + "'";
            }
        }
        return null;
    }
}
