package dstcow.tools.report;

import java.util.List;
import java.util.Locale;

/** A small, dependency-free SVG line chart: axes with ticks, one polyline and legend entry per series. */
public final class SvgChart {

    /** One line: a name, a colour and its points (x ascending). */
    public record Series(String name, String color, double[] xs, double[] ys) {
    }

    private static final int W = 560;
    private static final int H = 300;
    private static final int L = 70;
    private static final int R = 20;
    private static final int T = 36;
    private static final int B = 48;

    private SvgChart() {
    }

    public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        double xmin = Double.MAX_VALUE, xmax = -Double.MAX_VALUE, ymax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                xmin = Math.min(xmin, s.xs()[i]);
                xmax = Math.max(xmax, s.xs()[i]);
                ymax = Math.max(ymax, s.ys()[i]);
            }
        }
        if (xmax <= xmin) {
            xmax = xmin + 1;
        }
        ymax = niceCeil(ymax == 0 ? 1 : ymax);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" data-title=\"%s\">%n", W, H, W, H, CacheLineMap.esc(title)));
        svg.append("<style>text{font:11px sans-serif;fill:#222}.ttl{font:bold 13px sans-serif}.ax{stroke:#444}.grid{stroke:#ddd}</style>\n");
        svg.append(String.format(Locale.ROOT, "<text class=\"ttl\" x=\"%d\" y=\"20\">%s</text>%n", L, CacheLineMap.esc(title)));
        int pw = W - L - R;
        int ph = H - T - B;
        for (int i = 0; i <= 4; i++) {
            double v = ymax * i / 4;
            double y = T + ph - ph * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L, y, L + pw, y, L - 6, y + 4, num(v)));
        }
        for (int i = 0; i <= 4; i++) {
            double v = xmin + (xmax - xmin) * i / 4;
            double x = L + pw * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, T + ph + 16, num(v)));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/><line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                L, T, L, T + ph, L, T + ph, L + pw, T + ph));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", L + pw / 2, H - 8, CacheLineMap.esc(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                T + ph / 2, T + ph / 2, CacheLineMap.esc(yLabel)));
        int legendX = L + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) {
                double x = L + pw * (s.xs()[i] - xmin) / (xmax - xmin);
                double y = T + ph - ph * s.ys()[i] / ymax;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s, %s</title></circle>%n",
                        x, y, s.color(), CacheLineMap.esc(s.name()), num(s.xs()[i]), num(s.ys()[i])));
            }
            svg.append(String.format(Locale.ROOT, "<polyline data-series=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    CacheLineMap.esc(s.name()), s.color(), pts.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    legendX, T + 6, s.color(), legendX + 16, T + 11, CacheLineMap.esc(s.name())));
            legendX += 26 + s.name().length() * 7;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String num(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
