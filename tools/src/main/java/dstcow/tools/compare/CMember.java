package dstcow.tools.compare;

import java.util.List;

/**
 * One member of a parsed C struct or union, in declaration order.
 *
 * @param name       the member name, or {@code null} for an anonymous struct/union (or an unnamed bitfield)
 * @param type       the declared type
 * @param bitWidth   the bitfield width, or -1
 * @param attributes attributes as written ({@code ____cacheline_aligned_in_smp},
 *                   {@code __attribute__((__aligned__(8)))}), in order
 * @param condition  the {@code #if} condition inside the enclosing struct body that it sits under
 * @param pos        where its name (or, when anonymous, its first token) is
 */
public record CMember(String name, CDeclType type, int bitWidth, List<String> attributes, CCondition condition,
                      SourcePos pos) {

    public CMember {
        attributes = List.copyOf(attributes);
    }

    public int line() { return pos.line(); }

    public boolean anonymous() { return name == null; }

    public boolean bitfield() { return bitWidth >= 0; }

    /** The type as written, whitespace normalized, qualifiers kept: {@code struct rtable __rcu *}. */
    public String typeText() { return type.written(); }

    /** The type in canonical spelling, for comparison: qualifiers and parameter names dropped. */
    public String comparableType() { return type.spelling(); }

    /** The body of an inline struct or union member, or {@code null}. */
    public CStruct nested() { return type instanceof CDeclType.Record r ? r.def() : null; }

    /** The array sizes as written, outermost first ({@code [RTAX_MAX]} gives {@code RTAX_MAX}); empty when not an array. */
    public List<String> arrayDims() {
        java.util.ArrayList<String> dims = new java.util.ArrayList<>();
        CDeclType t = type;
        while (t instanceof CDeclType.Array a) {
            dims.add(a.dim());
            t = a.element();
        }
        return dims;
    }

    /** The declaration as written, qualifiers kept: {@code int (*input)(struct sk_buff *)}, {@code u8 flags:4}. */
    public String declaration() {
        String s = name == null ? type.written() : type.declaration(name);
        return bitfield() ? s + ":" + bitWidth : s;
    }
}
