package dstcow.tools.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code struct dst_ops} as a Java port built it: each member it sets, with its value as C would
 * write it ({@code .family = AF_INET}, {@code .cow_metrics = ipv4_cow_metrics},
 * {@code .protocol = cpu_to_be16(ETH_P_IP)}, {@code .gc_thresh = 1024}).
 *
 * @param name    the table ({@code ipv4_dst_ops})
 * @param members the members set, in struct order
 * @param origin  how it was obtained, for the report ({@code emulated x86_64 kernel, .data})
 */
public record JavaOpsTable(String name, Map<String, String> members, String origin) {

    public JavaOpsTable {
        members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** As a C designated initializer, for the Java column. */
    public String toC() {
        StringBuilder b = new StringBuilder("struct dst_ops ").append(name).append(" = {\n");
        members.forEach((m, v) -> b.append("\t.").append(m).append(" = ").append(v).append(",\n"));
        return b.append("};").toString();
    }
}
