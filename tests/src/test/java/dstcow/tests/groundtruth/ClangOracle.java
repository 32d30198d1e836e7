package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layouts as clang computes them for a target triple, read from
 * {@code clang -fsyntax-only -Xclang -fdump-record-layouts}: {@code sizeof}, {@code _Alignof} and
 * the bit offset of every member, bitfields included ({@code 26:0-2} is byte 26, bits 0 to 2).
 * The dump has no member sizes; {@link ConstantsOracle} supplies those.
 *
 * <p>The dump looks like this; indentation is nesting, and an unnamed member's line ends in a
 * space where the name would be:
 * <pre>
 *          0 | struct dst_entry
 *          0 |   struct rcu_head rcu_head
 *          0 |     struct rcu_head * next
 *        160 |   union dst_entry::(anonymous at input.c:67:2)
 *        160 |     struct dst_entry * next
 *            | [sizeof=168, align=8]
 * </pre>
 */
public final class ClangOracle {
    private ClangOracle() {
    }

    private static final String BLOCK = "*** Dumping AST Record Layout";
    private static final Pattern LINE = Pattern.compile("^\\s*(\\S*) \\| (.*)$");
    private static final Pattern BITS = Pattern.compile("(\\d+):(\\d+)-(\\d+)");
    private static final Pattern SIZEOF = Pattern.compile("\\bsizeof=(\\d+)");
    private static final Pattern ALIGN = Pattern.compile("\\balign=(\\d+)");

    /**
     * Compiles {@code source} (which must define every {@code struct <tag>} named) for the ABI's
     * triple and returns each struct's layout by tag.
     */
    public static Map<String, CompilerLayout> layouts(String source, List<String> structTags, Abi abi) {
        return layoutsOf(source, structTags.stream().map(tag -> "struct " + tag).toList(), abi);
    }

    /** Like {@link #layouts(String, List, Abi)}, for records of the model (structs or unions). */
    public static Map<String, CompilerLayout> layoutsOfRecords(String source, List<RecordDef> records, Abi abi) {
        for (RecordDef def : records) {
            if (def.tag() == null) {
                throw new IllegalArgumentException("a record without a tag cannot be named in C: " + def);
            }
        }
        return layoutsOf(source, records.stream().map(RecordDef::cName).toList(), abi);
    }

    /**
     * The layouts of the named records ({@code struct dst_entry}, {@code union u}) by tag. Clang
     * only lays out records that are used, so a {@code sizeof} per record is appended.
     */
    private static Map<String, CompilerLayout> layoutsOf(String source, List<String> cNames, Abi abi) {
        Compiler clang = Compiler.clang(abi);
        String full = withForcedLayouts(source, cNames);
        String dump = clang.run(full, List.of("-fsyntax-only", "-w", "-Xclang", "-fdump-record-layouts"), Compiler.Run::stdout);
        Map<String, CompilerLayout> byName = parse(dump);
        Map<String, CompilerLayout> out = new LinkedHashMap<>();
        for (String cName : cNames) {
            CompilerLayout l = byName.get(cName);
            if (l == null) {
                throw new IllegalStateException("clang (" + clang + ") dumped no layout for " + cName + "; it dumped: "
                        + byName.keySet());
            }
            out.put(cName.substring(cName.indexOf(' ') + 1), l);
        }
        return out;
    }

    /** {@code source} plus {@code int __dstcow_sz_<tag> = sizeof(struct <tag>);} for each record. */
    static String withForcedLayouts(String source, List<String> cNames) {
        StringBuilder sb = new StringBuilder(source).append("\n/* dstcow: force clang to lay these out */\n");
        Set<String> done = new HashSet<>();
        for (String cName : cNames) {
            if (done.add(cName)) {
                sb.append("int __dstcow_sz_").append(cName.substring(cName.indexOf(' ') + 1)).append(" = sizeof(").append(cName)
                        .append(");\n");
            }
        }
        return sb.toString();
    }

    /** Parses a whole dump into layouts keyed by the dumped record name ({@code struct dst_entry}). */
    static Map<String, CompilerLayout> parse(String dump) {
        Map<String, CompilerLayout> out = new LinkedHashMap<>();
        int at = dump.indexOf(BLOCK);
        while (at >= 0) {
            int next = dump.indexOf(BLOCK, at + BLOCK.length());
            String block = dump.substring(at + BLOCK.length(), next < 0 ? dump.length() : next);
            CompilerLayout l = parseBlock(block);
            out.putIfAbsent(l.name(), l);
            at = next;
        }
        return out;
    }

    private static CompilerLayout parseBlock(String block) {
        String name = null;
        long size = -1;
        long align = -1;
        Map<String, CompilerLayout.Field> fields = new LinkedHashMap<>();
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        for (String line : block.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String offsetText = m.group(1);
            String rest = m.group(2);
            if (offsetText.isEmpty()) {
                Matcher s = SIZEOF.matcher(rest);
                Matcher a = ALIGN.matcher(rest);
                if (s.find() && a.find()) {
                    size = Long.parseLong(s.group(1));
                    align = Long.parseLong(a.group(1));
                }
                continue;
            }
            int spaces = 0;
            while (spaces < rest.length() && rest.charAt(spaces) == ' ') {
                spaces++;
            }
            if (spaces % 2 != 0) {
                throw new IllegalStateException("unexpected indentation in clang's layout dump: '" + line + "'");
            }
            int depth = spaces / 2;
            String text = rest.substring(spaces);
            if (depth == 0) {
                name = text.strip();
                continue;
            }
            // "type name", or "type " for an unnamed struct/union member.
            String memberName = text.endsWith(" ") ? "" : text.substring(text.lastIndexOf(' ') + 1);
            String prefix = prefixes.get(depth - 1);
            while (prefixes.size() <= depth) {
                prefixes.add("");
            }
            if (memberName.isEmpty()) {
                prefixes.set(depth, prefix);
                continue;
            }
            String path = prefix + memberName;
            prefixes.set(depth, path + ".");
            long bitOffset;
            long width = CompilerLayout.UNKNOWN;
            Matcher b = BITS.matcher(offsetText);
            if (b.matches()) {
                long first = Long.parseLong(b.group(2));
                long last = Long.parseLong(b.group(3));
                bitOffset = Long.parseLong(b.group(1)) * 8 + first;
                width = last - first + 1;
            } else {
                bitOffset = Long.parseLong(offsetText) * 8;
            }
            if (fields.put(path, new CompilerLayout.Field(path, bitOffset, CompilerLayout.UNKNOWN, width)) != null) {
                throw new IllegalStateException("member path '" + path + "' appears twice in clang's dump of " + name);
            }
        }
        if (name == null || size < 0) {
            throw new IllegalStateException("cannot read clang layout dump block:\n" + block);
        }
        return new CompilerLayout(name, size, align, fields);
    }
}
