package dstcow.tools.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A variable defined with a brace initializer, as the kernel writes its ops tables:
 * {@code static struct dst_ops ipv4_dst_ops = { .family = AF_INET, .gc = rt_garbage_collect, ... };}
 *
 * @param name      the variable name
 * @param type      the declaration before the name, as written ({@code static struct dst_ops})
 * @param structTag the struct tag in {@code type}, or {@code null}
 * @param array     whether the variable is an array ({@code ipv4_route_table[]})
 * @param entries   the entries at the top level of the braces, in order, conditional ones included
 * @param pos       where the definition starts
 * @param endLine   the line of the closing {@code ;}
 * @param text      the original source lines
 */
public record CInitializer(String name, String type, String structTag, boolean array, List<CInitEntry> entries,
                           SourcePos pos, int endLine, String text) {

    public CInitializer {
        entries = List.copyOf(entries);
    }

    public int line() { return pos.line(); }

    /** Designated member to value, for the entries compiled under the configuration. */
    public Map<String, String> values() {
        Map<String, String> out = new LinkedHashMap<>();
        for (CInitEntry e : entries) {
            if (e.member() != null && e.active()) {
                out.put(e.member(), e.value());
            }
        }
        return out;
    }

    /** The entry compiled for {@code member}, if the initializer sets it. */
    public Optional<CInitEntry> entry(String member) {
        return entries.stream().filter(e -> member.equals(e.member()) && e.active()).findFirst();
    }
}
