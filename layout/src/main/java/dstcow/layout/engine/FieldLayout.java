package dstcow.layout.engine;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.Member;

/**
 * Where one member landed.
 *
 * @param member    the declaration
 * @param offset    byte offset from the start of the enclosing record (for a bitfield: the byte
 *                  holding its first bit)
 * @param bitOffset bit offset from the start of the enclosing record (offset * 8 for ordinary members)
 * @param size      bytes the member occupies (for a bitfield: its declared type's size, as pahole prints)
 * @param align     the alignment the member was placed with (type alignment raised by attributes)
 * @param nested    the layout of an embedded struct or union, or {@code null}
 */
public record FieldLayout(Member member, long offset, long bitOffset, long size, long align, RecordLayout nested) {

    /** The C name, or {@code null} for an anonymous struct/union member. */
    public String name() { return member.name(); }

    public CType type() { return member.type(); }

    public boolean bitfield() { return member.bitfield(); }

    public int bitWidth() { return member.bitWidth(); }

    /** First byte after the member (for bitfields: after its last bit, rounded up). */
    public long end() {
        if (bitfield()) {
            return (bitOffset + member.bitWidth() + 7) / 8;
        }
        return offset + size;
    }

    /** Which {@code cacheLine}-byte line the member starts in, given the record's base offset. */
    public long cacheLine(long base, int cacheLine) {
        return (base + offset) / cacheLine;
    }

    /** A readable name even for anonymous members: {@code union {...}}. */
    public String displayName() {
        return name() != null ? name() : (nested != null ? nested.def().kind().keyword() + " {...}" : "?");
    }
}
