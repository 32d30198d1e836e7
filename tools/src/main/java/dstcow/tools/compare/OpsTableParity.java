package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Ops-table parity: the members a C designated initializer sets
 * ({@code .cow_metrics = ipv4_cow_metrics}) against the Java side's table of member to kernel
 * function name. Entries under an {@code #if} that does not hold for the configuration the file
 * was read with are not compiled, so they do not count as set.
 *
 * <p>Directions: "missing" means C sets the member and the Java table does not; "extra" means the
 * Java table sets a member that C does not.
 */
public final class OpsTableParity {

    private OpsTableParity() {
    }

    /** Compares every member either side sets. */
    public static ParityResult compare(CInitializer c, Map<String, String> java) {
        return compare(c, java, m -> true, "Java ops table");
    }

    /** Looks the table up in a file; MISSING if the file does not define it under its configuration. */
    public static ParityResult compare(CFile file, String variable, Map<String, String> java) {
        var found = file.initializer(variable);
        if (found.isEmpty()) {
            return ParityResult.missing(variable, ParityResult.Kind.OPS_TABLE, "no initialized variable " + variable + " in "
                    + file.name() + " under the configuration read", file.name(), "Java ops table");
        }
        return compare(found.get(), java);
    }

    /**
     * Compares the members {@code members} accepts (the function-pointer members, say, when the
     * Java table lists only functions); {@code javaSide} names the Java table in the result.
     */
    public static ParityResult compare(CInitializer c, Map<String, String> java, Predicate<String> members, String javaSide) {
        Map<String, CInitEntry> set = new LinkedHashMap<>();
        Map<String, CInitEntry> notCompiled = new LinkedHashMap<>();
        for (CInitEntry e : c.entries()) {
            if (e.member() == null || !members.test(e.member())) {
                continue;
            }
            (e.active() ? set : notCompiled).put(e.member(), e);
        }
        List<ParityResult.Difference> out = new ArrayList<>();
        for (CInitEntry e : set.values()) {
            String jv = java.get(e.member());
            String cv = e.identifier() != null ? e.identifier() : e.value();
            if (jv == null) {
                out.add(new ParityResult.Difference(ParityResult.What.MISSING, e.member(), cv, "",
                        "missing: ." + e.member() + " = " + e.value() + " (C line " + e.line()
                                + ") is set in C but not in the Java table"));
            } else if (!sameValue(e, jv)) {
                out.add(new ParityResult.Difference(ParityResult.What.VALUE, e.member(), cv, jv,
                        "value differs: ." + e.member() + " is " + e.value() + " in C (line " + e.line() + ") but " + jv + " in Java"));
            }
        }
        for (var j : java.entrySet()) {
            if (!members.test(j.getKey()) || set.containsKey(j.getKey())) {
                continue;
            }
            CInitEntry inactive = notCompiled.get(j.getKey());
            String why = inactive == null ? "" : " (C sets it only under `" + inactive.condition().text() + "`, line "
                    + inactive.line() + ", which does not hold)";
            out.add(new ParityResult.Difference(ParityResult.What.EXTRA, j.getKey(), "", j.getValue(),
                    "extra: ." + j.getKey() + " = " + j.getValue() + " is set in the Java table but not in C" + why));
        }
        return ParityResult.of(c.name(), ParityResult.Kind.OPS_TABLE, out, c.pos().file() + ":" + c.line(), javaSide);
    }

    private static boolean sameValue(CInitEntry e, String java) {
        if (e.identifier() != null) {
            return e.identifier().equals(java.strip().startsWith("&") ? java.strip().substring(1).strip() : java.strip());
        }
        return e.value().replace(" ", "").equals(java.replace(" ", ""));
    }
}
