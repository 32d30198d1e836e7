package dstcow.layout.model;

import dstcow.layout.ctype.CType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A C struct or union declared as data: members in declaration order with their C types and
 * {@code #ifdef} conditions. Offsets are never part of a definition; the engine computes them.
 *
 * @param kind    struct or union
 * @param tag     the C tag ({@code dst_entry}), or {@code null} for an anonymous record
 * @param members the members in kernel order, conditional ones included
 * @param aligned an alignment attribute on the whole record ({@code __attribute__((aligned(n)))})
 * @param source  where the kernel declares it, or {@code null} for records made up by tests
 */
public record RecordDef(Kind kind, String tag, List<Member> members, AlignSpec aligned, KernelSource source) {

    public enum Kind {
        STRUCT("struct"), UNION("union");

        private final String keyword;

        Kind(String keyword) { this.keyword = keyword; }

        public String keyword() { return keyword; }
    }

    public RecordDef {
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
        aligned = aligned == null ? AlignSpec.NONE : aligned;
    }

    public static RecordDef struct(String tag, KernelSource source, Member... members) {
        return new RecordDef(Kind.STRUCT, tag, List.of(members), AlignSpec.NONE, source);
    }

    public static RecordDef union(String tag, KernelSource source, Member... members) {
        return new RecordDef(Kind.UNION, tag, List.of(members), AlignSpec.NONE, source);
    }

    /** An anonymous union or struct, used as an unnamed member ({@code union { ... };}). */
    public static RecordDef anonymous(Kind kind, Member... members) {
        return new RecordDef(kind, null, List.of(members), AlignSpec.NONE, null);
    }

    public boolean anonymous() { return tag == null; }

    public String tagOrAnonymous() { return tag == null ? "{...}" : tag; }

    /** {@code struct dst_entry}. */
    public String cName() { return kind.keyword() + " " + tagOrAnonymous(); }

    public RecordDef withAligned(AlignSpec spec) {
        return new RecordDef(kind, tag, members, spec, source);
    }

    /** This record as a C type, for embedding or pointing to. */
    public CType.Record type() { return new CType.Record(this); }

    /**
     * A copy without the named top-level member: how a test removes
     * {@code __pad_to_align_refcnt} to show the guard firing.
     */
    public RecordDef without(String memberName) {
        return filtered(m -> !memberName.equals(m.name()), memberName);
    }

    private RecordDef filtered(Predicate<Member> keep, String what) {
        List<Member> kept = new ArrayList<>();
        for (Member m : members) {
            if (keep.test(m)) {
                kept.add(m);
            }
        }
        if (kept.size() == members.size()) {
            throw new IllegalArgumentException(cName() + " has no member '" + what + "'");
        }
        return new RecordDef(kind, tag, kept, aligned, source);
    }

    @Override
    public String toString() { return cName(); }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
