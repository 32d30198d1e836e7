package dstcow.tests.groundtruth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record's layout as a compiler reports it: {@code sizeof}, {@code _Alignof} and, for every
 * member path ({@code rcu_head.next}; members of anonymous structs and unions by their own
 * name), what the compiler told us about it.
 *
 * @param name   {@code struct dst_entry}
 * @param size   {@code sizeof}
 * @param align  {@code _Alignof}
 * @param fields by member path, in the order the compiler reported them
 */
public record CompilerLayout(String name, long size, long align, Map<String, Field> fields) {

    /** Not reported by this oracle (clang's dump has no member sizes; constants have no bit offsets). */
    public static final long UNKNOWN = -1;

    public CompilerLayout {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * One member.
     *
     * @param path      the dotted member path
     * @param bitOffset bit offset from the start of the record, or {@link #UNKNOWN}
     * @param size      {@code sizeof} the member in bytes (never known for bitfields or flexible arrays), or {@link #UNKNOWN}
     * @param bitWidth  the bitfield width the compiler allocated, or {@link #UNKNOWN} (also for ordinary members)
     */
    public record Field(String path, long bitOffset, long size, long bitWidth) {

        /** Combines what two oracles said about the same member; a contradiction is an oracle bug. */
        Field merge(Field other) {
            return new Field(path, pick("bit offset", bitOffset, other.bitOffset), pick("size", size, other.size),
                    pick("bit width", bitWidth, other.bitWidth));
        }

        private long pick(String what, long a, long b) {
            if (a != UNKNOWN && b != UNKNOWN && a != b) {
                throw new IllegalStateException("the compiler's two reports disagree on the " + what + " of '" + path
                        + "': " + a + " vs " + b);
            }
            return a != UNKNOWN ? a : b;
        }
    }

    /** Combines two oracles' reports on the same record, checking they agree where both know. */
    public CompilerLayout merge(CompilerLayout other) {
        if (size != other.size || align != other.align) {
            throw new IllegalStateException("the compiler's two reports on " + name + " disagree: sizeof " + size + " vs "
                    + other.size + ", align " + align + " vs " + other.align);
        }
        if (!fields.keySet().equals(other.fields.keySet())) {
            throw new IllegalStateException("the compiler's two reports on " + name + " name different members: "
                    + fields.keySet() + " vs " + other.fields.keySet());
        }
        Map<String, Field> merged = new LinkedHashMap<>(fields);
        other.fields.forEach((path, f) -> merged.merge(path, f, Field::merge));
        return new CompilerLayout(name, size, align, merged);
    }
}
