package dstcow.layout.check;

import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Every assertion on every ABI x config x kernel version. The configs are all combinations of
 * the symbols that change {@code struct dst_entry} ({@link #SWITCHED}); {@code CONFIG_64BIT}
 * comes with the ABI.
 */
public final class CheckMatrix {

    /** The config symbols dst_entry tests, besides CONFIG_64BIT. */
    public static final List<String> SWITCHED = List.of("CONFIG_XFRM", "CONFIG_IP_ROUTE_CLASSID");

    /** One layout and the outcome of each of its assertions. */
    public record Row(Abi abi, KernelVersion version, KernelConfig config, RecordLayout layout,
                      List<Assertion> assertions, List<Assertion.Outcome> outcomes) {
        public boolean gatingHold() {
            for (int i = 0; i < assertions.size(); i++) {
                if (assertions.get(i).gating() && !outcomes.get(i).holds()) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Row> rows;

    private CheckMatrix(List<Row> rows) {
        this.rows = rows;
    }

    public static CheckMatrix run(List<Abi> abis, List<KernelVersion> versions) {
        return run(abis, versions, (v, abi) -> DstEntry.of(v));
    }

    /** Runs the matrix over a chosen definition per version (tests use it to remove the pad). */
    public static CheckMatrix run(List<Abi> abis, List<KernelVersion> versions, BiFunction<KernelVersion, Abi, RecordDef> defs) {
        List<Row> rows = new ArrayList<>();
        for (KernelVersion v : versions) {
            for (Abi abi : abis) {
                for (KernelConfig c : combinations(abi)) {
                    RecordDef def = defs.apply(v, abi);
                    RecordLayout l = LayoutEngine.layout(def, c);
                    List<Assertion> as = KernelAssertions.forStruct(def, v);
                    List<Assertion.Outcome> os = as.stream().map(a -> a.evaluate(l)).toList();
                    rows.add(new Row(abi, v, c, l, as, os));
                }
            }
        }
        return new CheckMatrix(rows);
    }

    /** The default config with every combination of {@link #SWITCHED}. */
    public static List<KernelConfig> combinations(Abi abi) {
        List<KernelConfig> out = new ArrayList<>();
        out.add(KernelConfig.defaults(abi));
        for (String symbol : SWITCHED) {
            List<KernelConfig> more = new ArrayList<>();
            for (KernelConfig c : out) {
                more.add(c.with(symbol, !c.enabled(symbol)));
            }
            out.addAll(more);
        }
        return out;
    }

    public List<Row> rows() { return rows; }

    public boolean allGatingHold() {
        return rows.stream().allMatch(Row::gatingHold);
    }

    /** The matrix as text: one row per layout, one column per assertion, then failures and notes. */
    public String print() {
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> r.assertions().forEach(a -> ids.add(a.id())));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-10s %-8s %-44s %5s %7s", "abi", "kernel", "config", "size", "refcnt"));
        for (String id : ids) {
            out.append(String.format(" %-14s", id));
        }
        out.append('\n');
        List<String> failures = new ArrayList<>();
        java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> noteCounts = new java.util.HashMap<>();
        int gating = 0;
        int gatingOk = 0;
        for (Row r : rows) {
            out.append(String.format("%-10s %-8s %-44s %5d %7d", r.abi(), r.version(), r.config().diffFromDefaults(),
                    r.layout().size(), r.layout().offsetOf("__refcnt")));
            for (String id : ids) {
                String cell = "-";
                for (int i = 0; i < r.assertions().size(); i++) {
                    Assertion a = r.assertions().get(i);
                    if (a.id().equals(id)) {
                        Assertion.Outcome o = r.outcomes().get(i);
                        if (a.gating()) {
                            gating++;
                            if (o.holds()) {
                                gatingOk++;
                            } else {
                                failures.add(r.version() + ": " + o.message());
                            }
                            cell = o.holds() ? "ok" : "FAIL";
                        } else {
                            cell = o.holds() ? "holds" : "no (report)";
                            if (!o.holds()) {
                                String key = r.version() + " " + r.abi() + " " + a.id();
                                notes.putIfAbsent(key, r.version() + " " + a.id() + ": " + o.message());
                                noteCounts.merge(key, 1, Integer::sum);
                            }
                        }
                    }
                }
                out.append(String.format(" %-14s", cell));
            }
            out.append('\n');
        }
        if (!notes.isEmpty()) {
            out.append("\nAt the architecture's real L1 line size (reported, not failed):\n");
            notes.forEach((key, n) -> out.append("  note: ").append(n)
                    .append(noteCounts.get(key) > 1 ? " [and " + (noteCounts.get(key) - 1) + " more configs]" : "").append('\n'));
        }
        if (!failures.isEmpty()) {
            out.append("\nFailures:\n");
            failures.forEach(f -> out.append("  FAIL ").append(f).append('\n'));
        }
        out.append(String.format("%n%d layouts, %d gating assertions: %d hold, %d fail%n", rows.size(), gating, gatingOk,
                gating - gatingOk));
        return out.toString();
    }
}
