package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the engine's layout of a record with the compiler's, member path by member path:
 * bit offset, {@code sizeof} and bitfield width of every member, and the record's
 * {@code sizeof} and {@code _Alignof}. Every value the compiler reported is checked; a member
 * one side has and the other lacks is a mismatch too.
 */
public final class LayoutComparison {
    private LayoutComparison() {
    }

    /**
     * One disagreement.
     *
     * @param abi      the ABI
     * @param record   {@code struct fz12}
     * @param path     the member path, or empty for the record itself
     * @param what     {@code bit offset}, {@code size}, {@code bit width}, {@code sizeof}, {@code align} or {@code present}
     * @param engine   the engine's value ({@code -1}: the engine has no such member)
     * @param compiler the compiler's value ({@code -1}: the compiler has no such member)
     */
    public record Mismatch(Abi abi, String record, String path, String what, long engine, long compiler) {
        @Override
        public String toString() {
            String where = abi + " " + record + (path.isEmpty() ? "" : " ." + path);
            return where + ": " + what + ": engine " + describe(engine) + ", compiler " + describe(compiler);
        }

        private String describe(long v) {
            if (what.equals("present")) {
                return v < 0 ? "absent" : "present";
            }
            if (what.equals("bit offset") && v >= 0) {
                return v + " (byte " + v / 8 + (v % 8 == 0 ? "" : " bit " + v % 8) + ")";
            }
            return String.valueOf(v);
        }
    }

    /** What the engine says about one member path. */
    record EngineField(String path, long bitOffset, long size, boolean bitfield, int bitWidth, boolean flexible) {
    }

    public static List<Mismatch> compare(RecordLayout engine, CompilerLayout compiler) {
        Abi abi = engine.config().abi();
        String name = engine.name();
        List<Mismatch> out = new ArrayList<>();
        if (engine.size() != compiler.size()) {
            out.add(new Mismatch(abi, name, "", "sizeof", engine.size(), compiler.size()));
        }
        if (engine.align() != compiler.align()) {
            out.add(new Mismatch(abi, name, "", "align", engine.align(), compiler.align()));
        }
        Map<String, EngineField> mine = flatten(engine);
        Set<String> paths = new LinkedHashSet<>(mine.keySet());
        paths.addAll(compiler.fields().keySet());
        for (String path : paths) {
            EngineField e = mine.get(path);
            CompilerLayout.Field c = compiler.fields().get(path);
            if (e == null || c == null) {
                out.add(new Mismatch(abi, name, path, "present", e == null ? -1 : 1, c == null ? -1 : 1));
                continue;
            }
            if (c.bitOffset() != CompilerLayout.UNKNOWN && c.bitOffset() != e.bitOffset()) {
                out.add(new Mismatch(abi, name, path, "bit offset", e.bitOffset(), c.bitOffset()));
            }
            if (!e.bitfield() && !e.flexible() && c.size() != CompilerLayout.UNKNOWN && c.size() != e.size()) {
                out.add(new Mismatch(abi, name, path, "size", e.size(), c.size()));
            }
            if (c.bitWidth() != CompilerLayout.UNKNOWN && (!e.bitfield() || c.bitWidth() != e.bitWidth())) {
                out.add(new Mismatch(abi, name, path, "bit width", e.bitfield() ? e.bitWidth() : -1, c.bitWidth()));
            }
        }
        return out;
    }

    /** The engine's members by path, offsets from the start of {@code layout}. */
    static Map<String, EngineField> flatten(RecordLayout layout) {
        Map<String, EngineField> out = new LinkedHashMap<>();
        flatten(layout, "", 0, out);
        return out;
    }

    private static void flatten(RecordLayout layout, String prefix, long baseBits, Map<String, EngineField> out) {
        for (FieldLayout f : layout.fields()) {
            long bits = baseBits + f.bitOffset();
            if (f.name() == null) {
                if (f.nested() != null) {
                    flatten(f.nested(), prefix, bits, out);
                }
                continue;
            }
            String path = prefix + f.name();
            boolean flexible = f.type().resolved() instanceof CType.Array a && a.flexible();
            out.put(path, new EngineField(path, bits, f.size(), f.bitfield(), f.bitWidth(), flexible));
            if (f.nested() != null) {
                flatten(f.nested(), path + ".", bits, out);
            }
        }
    }

    /** A failure message: the mismatches, then the C source that reproduces them. */
    public static String report(List<Mismatch> mismatches, String cSource) {
        StringBuilder sb = new StringBuilder();
        sb.append(mismatches.size()).append(mismatches.size() == 1 ? " mismatch" : " mismatches")
                .append(" between the layout engine and the compiler:\n");
        for (Mismatch m : mismatches) {
            sb.append("  ").append(m).append('\n');
        }
        sb.append("--- C source ---\n").append(cSource);
        return sb.toString();
    }
}
