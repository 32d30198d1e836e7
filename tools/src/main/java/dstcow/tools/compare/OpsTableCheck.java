package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ops-table parity against a built Java table: the members the C sets, in its designated
 * initializer or by an assignment {@code table.member = ...;} at init time in the same file
 * ({@code ip_rt_init} sets {@code ipv4_dst_ops.kmem_cachep} and {@code .gc_thresh}), against the
 * members set in the Java table. Function members and {@code family}/{@code protocol} must also
 * have the same value; other values (sizes, caches) are computed at init time and are compared
 * for presence only.
 *
 * <p>Directions as in {@link OpsTableParity}: "missing" is set in C and not in Java, "extra" the
 * other way round.
 */
public final class OpsTableCheck {

    private OpsTableCheck() {
    }

    /**
     * @param c        the initializer
     * @param assigned the init-time assignments of the table found in its file
     * @param java     the Java table
     */
    public static ParityResult compare(CInitializer c, List<CDefinition.Assignment> assigned, JavaOpsTable java) {
        record Set(String value, int line, boolean initializer) {
        }
        Map<String, Set> set = new LinkedHashMap<>();
        Map<String, CInitEntry> notCompiled = new LinkedHashMap<>();
        for (CInitEntry e : c.entries()) {
            if (e.member() == null) {
                continue;
            }
            if (e.active()) {
                set.put(e.member(), new Set(e.identifier() != null ? e.identifier() : e.value(), e.line(), true));
            } else {
                notCompiled.put(e.member(), e);
            }
        }
        for (CDefinition.Assignment a : assigned) {
            // Set at init time, over the initializer's value if any: computed, compared for presence only.
            set.put(a.member(), new Set(a.value(), a.line(), false));
        }
        List<ParityResult.Difference> out = new ArrayList<>();
        for (var e : set.entrySet()) {
            String member = e.getKey();
            Set s = e.getValue();
            String jv = java.members().get(member);
            String where = s.initializer() ? "C line " + s.line() : "C line " + s.line() + ", at init time";
            if (jv == null) {
                out.add(new ParityResult.Difference(ParityResult.What.MISSING, member, s.value(), "",
                        "missing: ." + member + " = " + s.value() + " (" + where + ") is set in C but not in the Java table"));
            } else if (s.initializer() && valued(member, s.value()) && !same(s.value(), jv)) {
                out.add(new ParityResult.Difference(ParityResult.What.VALUE, member, s.value(), jv,
                        "value differs: ." + member + " is " + s.value() + " in C (" + where + ") but " + jv + " in Java"));
            }
        }
        for (var j : java.members().entrySet()) {
            if (set.containsKey(j.getKey())) {
                continue;
            }
            CInitEntry inactive = notCompiled.get(j.getKey());
            String why = inactive == null ? "" : " (C sets it only under `" + inactive.condition().text() + "`, line "
                    + inactive.line() + ", which does not hold)";
            out.add(new ParityResult.Difference(ParityResult.What.EXTRA, j.getKey(), "", j.getValue(),
                    "extra: ." + j.getKey() + " = " + j.getValue() + " is set in the Java table but not in C" + why));
        }
        return ParityResult.of(c.name(), ParityResult.Kind.OPS_TABLE, out, c.pos().file() + ":" + c.line(),
                java.name() + " (" + java.origin() + ")");
    }

    /** Whether a C value is a constant the Java value must equal: a name ({@code ipv4_dst_check}), {@code cpu_to_be16(...)}, a number. */
    private static boolean valued(String member, String value) {
        return value.matches("&?[A-Za-z_]\\w*") || value.matches("cpu_to_be16\\s*\\(\\s*\\w+\\s*\\)") || value.matches("\\d+");
    }

    private static boolean same(String c, String java) {
        String a = c.startsWith("&") ? c.substring(1) : c;
        return a.replace(" ", "").equals(java.replace(" ", ""));
    }
}
