package dstcow.ipv4.struct;

import dstcow.layout.engine.RecordLayout;

import java.util.Optional;

/**
 * Offsets of nested members by dotted path ({@code fl.nl_u.ip4_u.daddr} inside
 * {@code struct rtable}), summed one member at a time, plus {@link #offsetOrAbsent} for members a
 * kernel version or config leaves out ({@code rtable.fi} in the parent, {@code dst_entry.xfrm}
 * without {@code CONFIG_XFRM}). {@link RecordLayout#offsetOf(String)} gives the same answers since
 * the layout module's dotted-path fix; the module's tests hold the two to that
 * ({@code MemberPathTest}). Errors name the member where the path breaks and the members there.
 */
public final class MemberPath {
    private MemberPath() {
    }

    /** {@code offsetof(record, a.b.c)}; fails with the members of the record where the path breaks. */
    public static long offsetOf(RecordLayout record, String path) {
        long offset = 0;
        RecordLayout current = record;
        for (String part : path.split("\\.")) {
            if (current == null) {
                throw new IllegalArgumentException(record.name() + ": '" + path + "' goes through a member that is not a struct or union");
            }
            Optional<RecordLayout.Located> at = current.find(part);
            if (at.isEmpty()) {
                throw new IllegalArgumentException(record.name() + " on " + record.config().abi() + " has no member '" + path
                        + "' (stopped at '" + part + "' in " + current.name() + "; members: " + String.join(", ", current.memberNames()) + ")");
            }
            offset += at.get().offset();
            current = at.get().field().nested();
        }
        return offset;
    }

    /** Like {@link #offsetOf} but -1 when the path does not exist (a member absent in this kernel or config). */
    public static long offsetOrAbsent(RecordLayout record, String path) {
        long offset = 0;
        RecordLayout current = record;
        for (String part : path.split("\\.")) {
            if (current == null) {
                return -1;
            }
            Optional<RecordLayout.Located> at = current.find(part);
            if (at.isEmpty()) {
                return -1;
            }
            offset += at.get().offset();
            current = at.get().field().nested();
        }
        return offset;
    }
}
