package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one parity check of one kernel symbol: the C side against the Java side.
 * {@code dstcow compare} prints these as text, HTML or JSON and exits 1 unless all match.
 *
 * @param symbol      the kernel symbol ({@code dst_entry}, {@code ipv4_dst_ops})
 * @param kind        what was compared
 * @param status      the verdict
 * @param differences what differs, one readable line each; empty exactly when the status is MATCH
 * @param cSide       where the C definition is ({@code include/net/dst.h:39}), or what was looked for
 * @param javaSide    what the Java side is ({@code KernelStructs dst_entry patched})
 */
public record ParityResult(String symbol, Kind kind, Status status, List<Difference> differences, String cSide,
                           String javaSide) {

    public enum Kind {
        /** Struct members: names, order, types, conditions. */
        STRUCT,
        /** Struct layout on every ABI: sizes, alignments, offsets. */
        LAYOUT,
        /** Members set in a designated-initializer ops table. */
        OPS_TABLE,
        /** The sequence of metrics accessor calls in a function body. */
        CALLS,
        /** The integer value of a constant ({@code #define DST_METRICS_READ_ONLY 0x1UL}). */
        CONSTANT,
        /** Exactly one Java element is the counterpart of the kernel symbol. */
        COUNTERPART;

        public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    public enum Status {
        MATCH, DIFFER,
        /** One side has no such symbol, so nothing could be compared. */
        MISSING;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /** What kind of difference a line reports. */
    public enum What {
        /** In the C, not in the Java. */
        MISSING,
        /** In the Java, not in the C. */
        EXTRA,
        REORDERED,
        TYPE,
        BITFIELD,
        CONDITION,
        ATTRIBUTE,
        /** A different ops-table value (function). */
        VALUE,
        /** Struct versus union, or a record-level attribute. */
        KIND,
        /** Size, alignment or offset on some ABI. */
        LAYOUT,
        /** The C side could not be compared at all (not found, not laid out). */
        UNAVAILABLE;

        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * One difference.
     *
     * @param what   its kind
     * @param member the member or table entry it is about (a dotted path inside anonymous records), or empty
     * @param c      the C side of it, or empty
     * @param java   the Java side of it, or empty
     * @param text   the readable line
     */
    public record Difference(What what, String member, String c, String java, String text) {
        @Override
        public String toString() { return text; }
    }

    public ParityResult {
        differences = List.copyOf(differences);
        if (status == Status.MATCH && !differences.isEmpty()) {
            throw new IllegalArgumentException(symbol + ": status MATCH with " + differences.size() + " differences");
        }
        if (status == Status.DIFFER && differences.isEmpty()) {
            throw new IllegalArgumentException(symbol + ": status DIFFER without a difference");
        }
    }

    /** MATCH when there are no differences, DIFFER otherwise. */
    public static ParityResult of(String symbol, Kind kind, List<Difference> differences, String cSide, String javaSide) {
        return new ParityResult(symbol, kind, differences.isEmpty() ? Status.MATCH : Status.DIFFER, differences, cSide, javaSide);
    }

    /** Nothing to compare: {@code reason} says which side lacks the symbol. */
    public static ParityResult missing(String symbol, Kind kind, String reason, String cSide, String javaSide) {
        return new ParityResult(symbol, kind, Status.MISSING,
                List.of(new Difference(What.UNAVAILABLE, "", "", "", reason)), cSide, javaSide);
    }

    public boolean matches() { return status == Status.MATCH; }

    /** The differences as readable lines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Difference d : differences) {
            out.add(d.text());
        }
        return out;
    }

    /** The differences of one kind. */
    public List<Difference> of(What what) {
        return differences.stream().filter(d -> d.what() == what).toList();
    }

    /** {@code MATCH   struct dst_entry  include/net/dst.h:39 vs KernelStructs dst_entry patched}, then one indented line per difference. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-7s %-9s %s  (C: %s; Java: %s)", status, kind.id(), symbol, cSide, javaSide));
        for (Difference d : differences) {
            sb.append("\n        ").append(d.text());
        }
        return sb.toString();
    }

    /** One JSON object, for machines. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "symbol", symbol).append(',');
        field(sb, "kind", kind.id()).append(',');
        field(sb, "status", status.id()).append(',');
        field(sb, "c", cSide).append(',');
        field(sb, "java", javaSide).append(",\"differences\":[");
        for (int i = 0; i < differences.size(); i++) {
            Difference d = differences.get(i);
            sb.append(i == 0 ? "{" : ",{");
            field(sb, "what", d.what().id()).append(',');
            field(sb, "member", d.member()).append(',');
            field(sb, "c", d.c()).append(',');
            field(sb, "java", d.java()).append(',');
            field(sb, "text", d.text()).append('}');
        }
        return sb.append("]}").toString();
    }

    /** The summary line: symbols compared, matching, differing, missing. */
    public static String summary(List<ParityResult> results) {
        long match = results.stream().filter(r -> r.status == Status.MATCH).count();
        long differ = results.stream().filter(r -> r.status == Status.DIFFER).count();
        long missing = results.stream().filter(r -> r.status == Status.MISSING).count();
        return results.size() + " compared, " + match + " matching, " + differ + " differing, " + missing + " missing";
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    @Override
    public String toString() { return toText(); }
}
