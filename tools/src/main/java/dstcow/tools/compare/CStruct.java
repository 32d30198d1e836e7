package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A struct or union definition read from C, with its members in order.
 *
 * @param kind       {@code struct} or {@code union}
 * @param name       the tag, or {@code null} for an anonymous struct/union
 * @param members    the members in order, conditional ones included (each knows whether its condition held)
 * @param attributes attributes written after the closing brace (or before the tag)
 * @param defines    {@code #define} lines inside the body, which the kernel uses to name flag bits
 * @param pos        where the {@code struct} keyword is
 * @param endLine    the line of the closing brace
 * @param text       the original source lines of the definition
 */
public record CStruct(String kind, String name, List<CMember> members, List<String> attributes, List<CMacro> defines,
                      SourcePos pos, int endLine, String text) {

    public CStruct {
        members = List.copyOf(members);
        attributes = List.copyOf(attributes);
        defines = List.copyOf(defines);
    }

    public int line() { return pos.line(); }

    public boolean union() { return kind.equals("union"); }

    /** A direct member by name (anonymous members are looked through, as in C). */
    public Optional<CMember> member(String memberName) {
        for (CMember m : members) {
            if (memberName.equals(m.name())) {
                return Optional.of(m);
            }
            if (m.anonymous() && m.nested() != null) {
                Optional<CMember> inner = m.nested().member(memberName);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** The member names, in order, anonymous members' names flattened in. */
    public List<String> memberNames() {
        List<String> out = new ArrayList<>();
        for (CMember m : members) {
            if (m.name() != null) {
                out.add(m.name());
            } else if (m.nested() != null) {
                out.addAll(m.nested().memberNames());
            }
        }
        return out;
    }

    /** {@code struct dst_entry}. */
    public String cName() { return kind + " " + (name == null ? "{...}" : name); }

    @Override
    public String toString() { return cName() + " at " + pos; }
}
