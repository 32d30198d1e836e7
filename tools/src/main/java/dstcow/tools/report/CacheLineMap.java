package dstcow.tools.report;

import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG cache-line map of a struct before and after the patch: one row per cache line, each
 * member a block as wide as its bytes, holes hatched, {@code __refcnt}'s line outlined, the
 * read-mostly members ({@code input}, {@code output}, {@code ops}) and the writeable group
 * coloured, and a link from each moved member's old block to its new one.
 *
 * <p>Every block carries {@code data-field}, {@code data-offset}, {@code data-size} and its panel
 * carries {@code data-abi}/{@code data-version}, so tests (and curious users) can query the map.
 */
public final class CacheLineMap {

    private static final int ROW_WIDTH = 512;
    private static final int ROW_HEIGHT = 34;
    private static final int ROW_GAP = 8;
    private static final int LABEL = 92;
    private static final int PANEL_GAP = 170;
    private static final int TOP = 48;

    private CacheLineMap() {
    }

    /** A block drawn for one member (or hole) on one row. */
    private record Block(String field, long offset, long size, double x, double y, double w, String kind) {
    }

    /** Renders {@code before} and {@code after} side by side; either may be the same layout. */
    public static String render(RecordLayout before, String beforeLabel, RecordLayout after, String afterLabel) {
        int line = before.cacheLine();
        StringBuilder svg = new StringBuilder();
        long rows = Math.max(before.cacheLines(), after.cacheLines());
        int panelWidth = LABEL + ROW_WIDTH;
        int width = 2 * panelWidth + PANEL_GAP + 20;
        long height = TOP + rows * (ROW_HEIGHT + ROW_GAP) + 70;
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"clmap\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "data-struct=\"%s\" data-abi=\"%s\">%n",
                width, height, width, height, esc(after.def().cName()), after.config().abi().id()));
        svg.append("""
                <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
                <rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c33" stroke-width="2"/></pattern></defs>
                <style>text{font:11px monospace;fill:#222}.t{font:bold 13px sans-serif}.hole{fill:url(#hatch)}\
                .ro{fill:#9ecbf0}.wr{fill:#ffc27a}.met{fill:#a8e0a0}.other{fill:#e4e4e4}.refline{fill:none;stroke:#d11;stroke-width:2.5}\
                .blk{stroke:#555;stroke-width:.8}.link{fill:none;stroke:#7a4bd0;stroke-width:1.2;opacity:.6}.k64{stroke:#555;stroke-dasharray:3 3}.mv{fill:#7a4bd0}</style>
                """);
        Map<String, Block> left = panel(svg, before, beforeLabel, 10, "parent".equals(versionOf(beforeLabel)) ? "parent" : versionOf(beforeLabel));
        Map<String, Block> right = panel(svg, after, afterLabel, 10 + panelWidth + PANEL_GAP, versionOf(afterLabel));
        // Links run in the gap between the panels: each end sits at its block's row, at a height
        // that says where in the row the block starts, and a dot marks the moved block itself.
        double gapLeft = 10 + panelWidth + 4;
        double gapRight = 10 + panelWidth + PANEL_GAP - 4;
        for (Map.Entry<String, Block> e : right.entrySet()) {
            Block b = e.getValue();
            Block a = left.get(e.getKey());
            if (a == null || a.offset() == b.offset() || b.kind().equals("hole")) {
                continue;
            }
            double y1 = a.y() + 4 + (a.offset() % line) * (ROW_HEIGHT - 8.0) / line;
            double y2 = b.y() + 4 + (b.offset() % after.cacheLine()) * (ROW_HEIGHT - 8.0) / after.cacheLine();
            svg.append(String.format(Locale.ROOT,
                    "<path class=\"link\" data-moved=\"%s\" d=\"M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f\"><title>%s: %d -> %d</title></path>%n",
                    esc(e.getKey()), gapLeft, y1, gapLeft + 60, y1, gapRight - 60, y2, gapRight, y2, esc(e.getKey()), a.offset(), b.offset()));
            svg.append(String.format(Locale.ROOT, "<circle class=\"mv\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/><circle class=\"mv\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>%n",
                    a.x() + 3, a.y() + 4, b.x() + 3, b.y() + 4));
        }
        long legendY = height - 40;
        legend(svg, 10, legendY);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String versionOf(String label) {
        int colon = label.lastIndexOf(':');
        return colon < 0 ? label : label.substring(colon + 1);
    }

    private static Map<String, Block> panel(StringBuilder svg, RecordLayout l, String label, int x0, String version) {
        int line = l.cacheLine();
        double scale = (double) ROW_WIDTH / line;
        svg.append(String.format(Locale.ROOT, "<g class=\"panel\" data-abi=\"%s\" data-version=\"%s\" data-size=\"%d\">%n",
                l.config().abi().id(), esc(version), l.size()));
        svg.append(String.format(Locale.ROOT, "<text class=\"t\" x=\"%d\" y=\"24\">%s: %s, %d bytes, %d lines of %d</text>%n",
                x0, esc(label), esc(l.def().cName()), l.size(), l.cacheLines(), line));
        List<Block> blocks = new ArrayList<>();
        long end = 0;
        String prev = null;
        for (FieldLayout f : l.fields()) {
            long start = f.bitfield() ? f.bitOffset() / 8 : f.offset();
            if (prev != null && start > end) {
                blocks.add(new Block("hole after " + prev, end, start - end, 0, 0, 0, "hole"));
            }
            long size = Math.max(f.end(), start) - start;
            blocks.add(new Block(f.displayName(), start, size, 0, 0, 0, kind(f)));
            end = Math.max(end, f.end());
            prev = f.displayName();
        }
        if (l.size() > end) {
            blocks.add(new Block("tail padding", end, l.size() - end, 0, 0, 0, "hole"));
        }
        long refLine = l.find("__refcnt").map(r -> r.offset() / line).orElse(-1L);
        for (long row = 0; row < l.cacheLines(); row++) {
            double y = TOP + row * (ROW_HEIGHT + ROW_GAP);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">line %d @%d</text>%n", x0, y + 21, row, row * line));
            if (line > 64) {
                for (long k = 64; k < line; k += 64) {
                    double kx = x0 + LABEL + k * scale;
                    svg.append(String.format(Locale.ROOT, "<line class=\"k64\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                            kx, y - 3, kx, y + ROW_HEIGHT + 3));
                }
            }
        }
        Map<String, Block> placed = new LinkedHashMap<>();
        for (Block b : blocks) {
            // A member crossing a line boundary is drawn as one piece per line it touches.
            long off = b.offset();
            long remaining = b.size();
            boolean first = true;
            if (remaining == 0) {
                double y = TOP + (off / line) * (ROW_HEIGHT + ROW_GAP);
                double x = x0 + LABEL + (off % line) * scale;
                Block drawn = new Block(b.field(), b.offset(), 0, x, y, 2, b.kind());
                rect(svg, drawn, b, true);
                placed.putIfAbsent(b.field(), drawn);
                continue;
            }
            while (remaining > 0) {
                long row = off / line;
                long inRow = Math.min(remaining, line - off % line);
                double x = x0 + LABEL + (off % line) * scale;
                double y = TOP + row * (ROW_HEIGHT + ROW_GAP);
                Block drawn = new Block(b.field(), b.offset(), b.size(), x, y, inRow * scale, b.kind());
                rect(svg, drawn, b, first);
                if (first) {
                    placed.putIfAbsent(b.field(), drawn);
                }
                first = false;
                off += inRow;
                remaining -= inRow;
            }
        }
        if (refLine >= 0) {
            double y = TOP + refLine * (ROW_HEIGHT + ROW_GAP);
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"refline\" data-refcnt-line=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\"><title>__refcnt's line</title></rect>%n",
                    refLine, x0 + LABEL - 2.0, y - 2, ROW_WIDTH + 4, ROW_HEIGHT + 4));
        }
        svg.append("</g>\n");
        return placed;
    }

    private static void rect(StringBuilder svg, Block drawn, Block b, boolean labelled) {
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"blk %s\" data-field=\"%s\" data-offset=\"%d\" data-size=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\">"
                        + "<title>%s: offset %d, %d bytes</title></rect>%n",
                b.kind(), esc(b.field()), b.offset(), b.size(), drawn.x(), drawn.y(), Math.max(drawn.w(), 1.0), ROW_HEIGHT,
                esc(b.field()), b.offset(), b.size()));
        if (labelled && !b.kind().equals("hole")) {
            int chars = (int) (drawn.w() / 6.6);
            if (chars >= 3) {
                String name = b.field().length() > chars ? b.field().substring(0, chars - 1) + "~" : b.field();
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", drawn.x() + 2, drawn.y() + 21, esc(name)));
            }
        }
    }

    private static String kind(FieldLayout f) {
        String name = f.name();
        if (name == null) {
            return "other";
        }
        if (DstEntry.READ_MOSTLY.contains(name)) {
            return "ro";
        }
        if (DstEntry.WRITEABLE.contains(name)) {
            return "wr";
        }
        if (name.equals("_metrics")) {
            return "met";
        }
        return "other";
    }

    private static void legend(StringBuilder svg, int x, long y) {
        String[][] items = {{"ro", "read-mostly: input, output, ops"}, {"wr", "writeable group: __refcnt .. flags"},
                {"met", "_metrics"}, {"other", "other members"}, {"hole", "hole / padding"}};
        int cx = x;
        for (String[] item : items) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"blk %s\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", item[0], cx, y, cx + 18, y + 11, esc(item[1])));
            cx += 18 + item[1].length() * 7 + 16;
        }
        svg.append(String.format(Locale.ROOT, "<rect class=\"refline\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\"/><text x=\"%d\" y=\"%d\">"
                + "__refcnt's cache line</text>%n", cx, y, cx + 18, y + 11));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
