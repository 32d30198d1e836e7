package dstcow.layout.model;

import dstcow.layout.ctype.CType;

import java.util.Objects;

/**
 * One member of a struct or union, as declared.
 *
 * @param name      the C name, or {@code null} for an anonymous struct/union member
 * @param type      its C type
 * @param bitWidth  the bitfield width, or {@code -1} for an ordinary member
 * @param aligned   a member alignment attribute ({@code __aligned(n)}, {@code ____cacheline_aligned_in_smp})
 * @param condition when the member exists ({@code #ifdef CONFIG_XFRM})
 */
public record Member(String name, CType type, int bitWidth, AlignSpec aligned, Cond condition) {

    public Member {
        Objects.requireNonNull(type, "type");
        aligned = aligned == null ? AlignSpec.NONE : aligned;
        condition = condition == null ? Cond.ALWAYS : condition;
        if (bitWidth < -1) {
            throw new IllegalArgumentException("bit width " + bitWidth + " of '" + name + "' is negative");
        }
    }

    public static Member of(String name, CType type) {
        return new Member(name, type, -1, AlignSpec.NONE, Cond.ALWAYS);
    }

    public static Member bits(String name, CType type, int width) {
        return new Member(name, type, width, AlignSpec.NONE, Cond.ALWAYS);
    }

    /** An anonymous union or struct member. */
    public static Member anonymous(RecordDef record) {
        return new Member(null, record.type(), -1, AlignSpec.NONE, Cond.ALWAYS);
    }

    public Member when(Cond cond) {
        return new Member(name, type, bitWidth, aligned, cond);
    }

    /** {@code #ifdef CONFIG_X}. */
    public Member ifdef(String config) {
        return when(Cond.ifdef(config));
    }

    /** The {@code #else} branch of {@code #ifdef CONFIG_X}. */
    public Member ifndef(String config) {
        return when(Cond.ifndef(config));
    }

    public Member aligned(AlignSpec spec) {
        return new Member(name, type, bitWidth, spec, condition);
    }

    public boolean bitfield() { return bitWidth >= 0; }

    public boolean anonymous() { return name == null; }
}
