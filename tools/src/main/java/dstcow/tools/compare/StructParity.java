package dstcow.tools.compare;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.kernel.XfrmDst;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Cond;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Struct parity: a struct read from C against the layout model's definition of it. Members are
 * matched by name (anonymous structs and unions by their first member), then compared for order,
 * type spelling, bitfield width, {@code #if} condition and alignment attribute. A second check
 * lays the C struct out with the model's engine on every ABI and compares sizes and offsets.
 *
 * <p>Directions: "missing" means the C has it and the Java model does not (the port lacks it);
 * "extra" means the Java model has it and the C does not.
 */
public final class StructParity {

    /** Array sizes the kernel takes from headers outside the files read ({@code RTAX_MAX} from rtnetlink.h). */
    public static final Map<String, Long> KERNEL_CONSTANTS = Map.of(
            "RTAX_MAX", (long) DstEntry.RTAX_MAX,
            "XFRM_POLICY_TYPE_MAX", (long) XfrmDst.XFRM_POLICY_TYPE_MAX);

    /** Differences per layout configuration are listed up to this many lines, then counted. */
    private static final int MAX_LAYOUT_LINES = 40;

    private StructParity() {
    }

    // ---- members -----------------------------------------------------------------------------

    /** Compares members with {@link #KERNEL_CONSTANTS} for array sizes. */
    public static ParityResult compare(CStruct c, RecordDef model) {
        return compare(c, model, KERNEL_CONSTANTS);
    }

    /** Looks the struct up in a file (with the file's integer macros as constants); MISSING if it is not there. */
    public static ParityResult compare(CFile file, String tag, RecordDef model) {
        var found = file.struct(tag);
        if (found.isEmpty()) {
            return ParityResult.missing(tag, ParityResult.Kind.STRUCT, "no struct " + tag + " in " + file.name()
                    + " under the configuration read", file.name(), javaSide(model));
        }
        Map<String, Long> constants = new HashMap<>(file.constants());
        constants.putAll(KERNEL_CONSTANTS);
        return compare(found.get(), model, constants);
    }

    /**
     * Compares members: names, order, types (normalized spellings; typedef names must match as
     * written), bitfield widths, conditions (by truth table), alignment attributes, and the
     * record's kind and alignment. Array sizes are resolved through {@code constants}.
     */
    public static ParityResult compare(CStruct c, RecordDef model, Map<String, Long> constants) {
        List<ParityResult.Difference> out = new ArrayList<>();
        UnaryOperator<String> dims = dims(constants);
        if (!c.kind().equals(model.kind().keyword())) {
            out.add(diff(ParityResult.What.KIND, "", c.kind(), model.kind().keyword(),
                    "kind differs: " + c.cName() + " is a " + c.kind() + " in C but a " + model.kind().keyword() + " in Java"));
        }
        alignment("", c.attributes(), model.aligned(), constants, out, "the " + c.kind());
        members("", c.members(), model.members(), dims, constants, out);
        return ParityResult.of(symbol(c, model), ParityResult.Kind.STRUCT, out, cSide(c), javaSide(model));
    }

    private static String symbol(CStruct c, RecordDef model) {
        return c.name() != null ? c.name() : model.tagOrAnonymous();
    }

    private static String cSide(CStruct c) {
        return c.pos().file() + ":" + c.line();
    }

    private static String javaSide(RecordDef model) {
        return model.cName() + (model.source() == null ? "" : " (" + model.source() + ")");
    }

    private static ParityResult.Difference diff(ParityResult.What what, String member, String c, String java, String text) {
        return new ParityResult.Difference(what, member, c, java, text);
    }

    /** An integer for an array size written as a macro or expression, when {@code constants} know it. */
    static UnaryOperator<String> dims(Map<String, Long> constants) {
        return text -> {
            OptionalLong v = constant(text, constants, Map.of());
            return v.isPresent() ? Long.toString(v.getAsLong()) : text;
        };
    }

    private static OptionalLong constant(String text, Map<String, Long> constants, Map<String, Long> more) {
        try {
            PpExpr e = PpExpr.parse(text);
            for (String s : e.symbols()) {
                if (!constants.containsKey(s) && !more.containsKey(s)) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(e.eval(new PpExpr.Env() {
                @Override
                public boolean isDefined(String name) {
                    return constants.containsKey(name) || more.containsKey(name);
                }

                @Override
                public OptionalLong valueOf(String name) {
                    Long v = more.containsKey(name) ? more.get(name) : constants.get(name);
                    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
                }
            }));
        } catch (RuntimeException notConstant) {
            return OptionalLong.empty();
        }
    }

    private static String cKey(CMember m) {
        if (m.name() != null) {
            return m.name();
        }
        CStruct n = m.nested();
        return n == null ? ":" + m.bitWidth() : n.kind() + " {" + firstName(n) + ", ...}";
    }

    private static String firstName(CStruct s) {
        for (CMember m : s.members()) {
            if (m.name() != null) {
                return m.name();
            }
            if (m.nested() != null) {
                return firstName(m.nested());
            }
        }
        return "";
    }

    private static String jKey(Member m) {
        if (m.name() != null) {
            return m.name();
        }
        if (m.type() instanceof CType.Record r) {
            return r.def().kind().keyword() + " {" + firstName(r.def()) + ", ...}";
        }
        return ":" + m.bitWidth();
    }

    private static String firstName(RecordDef d) {
        for (Member m : d.members()) {
            if (m.name() != null) {
                return m.name();
            }
            if (m.type() instanceof CType.Record r) {
                return firstName(r.def());
            }
        }
        return "";
    }

    private static void members(String prefix, List<CMember> cs, List<Member> ms, UnaryOperator<String> dims,
                                Map<String, Long> constants, List<ParityResult.Difference> out) {
        Map<String, CMember> cByKey = new LinkedHashMap<>();
        for (CMember m : cs) {
            cByKey.putIfAbsent(cKey(m), m);
        }
        Map<String, Member> jByKey = new LinkedHashMap<>();
        for (Member m : ms) {
            jByKey.putIfAbsent(jKey(m), m);
        }
        for (var e : cByKey.entrySet()) {
            if (!jByKey.containsKey(e.getKey())) {
                CMember m = e.getValue();
                out.add(diff(ParityResult.What.MISSING, prefix + e.getKey(), m.declaration(), "",
                        "missing: `" + prefix + e.getKey() + "` (`" + m.declaration() + "`, C line " + m.line()
                                + ") is in the C struct but not in the Java model"));
            }
        }
        for (var e : jByKey.entrySet()) {
            if (!cByKey.containsKey(e.getKey())) {
                Member m = e.getValue();
                String decl = m.type().declare(m.name());
                out.add(diff(ParityResult.What.EXTRA, prefix + e.getKey(), "", decl,
                        "extra: `" + prefix + e.getKey() + "` (`" + decl + "`) is in the Java model but not in the C struct"));
            }
        }
        List<String> cOrder = cByKey.keySet().stream().filter(jByKey::containsKey).toList();
        List<String> jOrder = jByKey.keySet().stream().filter(cByKey::containsKey).toList();
        Set<String> kept = lcs(cOrder, jOrder);
        List<String> cAll = new ArrayList<>(cByKey.keySet());
        List<String> jAll = new ArrayList<>(jByKey.keySet());
        for (int i = 0; i < cOrder.size(); i++) {
            String key = cOrder.get(i);
            if (kept.contains(key)) {
                continue;
            }
            int ci = cAll.indexOf(key);
            int ji = jAll.indexOf(key);
            String afterC = ci == 0 ? "first" : "after `" + prefix + cAll.get(ci - 1) + "`";
            String afterJ = ji == 0 ? "first" : "after `" + prefix + jAll.get(ji - 1) + "`";
            out.add(diff(ParityResult.What.REORDERED, prefix + key, "member " + (ci + 1) + ", " + afterC,
                    "member " + (ji + 1) + ", " + afterJ,
                    "reordered: `" + prefix + key + "` is member " + (ci + 1) + " in C (line " + cByKey.get(key).line() + ", "
                            + afterC + ") but member " + (ji + 1) + " in Java (" + afterJ + ")"));
        }
        for (String key : cOrder) {
            compareMember(prefix + key, cByKey.get(key), jByKey.get(key), dims, constants, out);
        }
    }

    private static void compareMember(String path, CMember c, Member j, UnaryOperator<String> dims,
                                      Map<String, Long> constants, List<ParityResult.Difference> out) {
        String cType = c.type().spelling(dims);
        String jType = j.type().spelling();
        CStruct nested = c.nested();
        boolean jInline = j.type() instanceof CType.Record r && r.def().anonymous();
        if (!cType.equals(jType)) {
            out.add(diff(ParityResult.What.TYPE, path, cType, jType,
                    "type differs: `" + path + "` is `" + cType + "` in C (line " + c.line() + ") but `" + jType + "` in Java"));
        }
        if (nested != null && jInline) {
            RecordDef jd = ((CType.Record) j.type()).def();
            members(path + ".", nested.members(), jd.members(), dims, constants, out);
        }
        if (c.bitWidth() != j.bitWidth()) {
            String cw = c.bitfield() ? c.bitWidth() + " bits" : "not a bitfield";
            String jw = j.bitfield() ? j.bitWidth() + " bits" : "not a bitfield";
            out.add(diff(ParityResult.What.BITFIELD, path, cw, jw,
                    "bitfield differs: `" + path + "` is " + cw + " in C (line " + c.line() + ") but " + jw + " in Java"));
        }
        PpExpr jc = j.condition() instanceof Cond.Always ? PpExpr.TRUE : PpExpr.parse(j.condition().cExpr());
        if (!equivalent(c.condition().expr(), jc)) {
            String ct = c.condition().always() ? "always present" : "under `" + c.condition().text() + "`";
            String jt = jc == PpExpr.TRUE ? "always present" : "under `" + jc + "`";
            out.add(diff(ParityResult.What.CONDITION, path, c.condition().text(), jc == PpExpr.TRUE ? "" : jc.toString(),
                    "condition differs: `" + path + "` is " + ct + " in C (line " + c.line() + ") but " + jt + " in Java"));
        }
        alignment(path, c.attributes(), j.aligned(), constants, out, "`" + path + "`");
    }

    /** Longest common subsequence of two orders of the same keys: the members that are not "reordered". */
    private static Set<String> lcs(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] t = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        Set<String> out = new HashSet<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                out.add(a.get(i));
                i++;
                j++;
            } else if (t[i + 1][j] >= t[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    /**
     * Whether two conditions hold for exactly the same configurations, by truth table over the
     * symbols they name (at most 16; beyond that, by their text).
     */
    static boolean equivalent(PpExpr a, PpExpr b) {
        Set<String> symbols = new LinkedHashSet<>(a.symbols());
        symbols.addAll(b.symbols());
        if (symbols.size() > 16) {
            return a.toString().equals(b.toString());
        }
        List<String> names = new ArrayList<>(symbols);
        for (int mask = 0; mask < (1 << names.size()); mask++) {
            Set<String> on = new HashSet<>();
            for (int k = 0; k < names.size(); k++) {
                if ((mask & (1 << k)) != 0) {
                    on.add(names.get(k));
                }
            }
            PpExpr.Env env = new PpExpr.Env() {
                @Override
                public boolean isDefined(String name) { return on.contains(name); }

                @Override
                public OptionalLong valueOf(String name) { return on.contains(name) ? OptionalLong.of(1) : OptionalLong.empty(); }
            };
            try {
                if (a.holds(env) != b.holds(env)) {
                    return false;
                }
            } catch (PpExpr.EvalException e) {
                return a.toString().equals(b.toString());
            }
        }
        return true;
    }

    // ---- alignment attributes ----------------------------------------------------------------

    private static final Pattern ALIGNED = Pattern.compile(
            "(?:__attribute__|__attribute)\\(\\((?:__)?aligned(?:__)?\\((.*)\\)\\)\\)|__aligned\\((.*)\\)");

    /** An alignment attribute as the model's {@link AlignSpec}, or why it cannot be one. */
    record Alignment(AlignSpec spec, String unsupported) {
    }

    static Alignment alignment(List<String> attributes, Map<String, Long> constants) {
        AlignSpec spec = AlignSpec.NONE;
        for (String a : attributes) {
            String flat = a.replace(" ", "");
            Matcher m = ALIGNED.matcher(flat);
            if (flat.equals("____cacheline_aligned_in_smp") || flat.equals("__cacheline_aligned_in_smp")) {
                spec = AlignSpec.CACHELINE_IN_SMP;
            } else if (m.matches()) {
                String arg = m.group(1) != null ? m.group(1) : m.group(2);
                if (arg.equals("BITS_PER_LONG/8") || arg.equals("sizeof(long)") || arg.equals("sizeof(unsignedlong)")) {
                    spec = AlignSpec.LONG;
                } else {
                    OptionalLong v = constant(arg, constants, Map.of());
                    if (v.isEmpty() || v.getAsLong() <= 0 || Long.bitCount(v.getAsLong()) != 1) {
                        return new Alignment(null, a);
                    }
                    spec = AlignSpec.bytes((int) v.getAsLong());
                }
            } else if (flat.contains("packed") || flat.equals("____cacheline_aligned") || flat.equals("__cacheline_aligned")
                    || flat.equals("____cacheline_internodealigned_in_smp")) {
                return new Alignment(null, a);
            }
        }
        return new Alignment(spec, null);
    }

    private static void alignment(String path, List<String> attributes, AlignSpec model, Map<String, Long> constants,
                                  List<ParityResult.Difference> out, String what) {
        Alignment a = alignment(attributes, constants);
        String jt = describe(model);
        if (a.unsupported() != null) {
            out.add(diff(ParityResult.What.ATTRIBUTE, path, a.unsupported(), jt, "attribute differs: " + what + " has `"
                    + a.unsupported() + "` in C, which the model cannot express; Java has " + jt));
        } else if (!a.spec().equals(model)) {
            String ct = describe(a.spec());
            out.add(diff(ParityResult.What.ATTRIBUTE, path, ct, jt, "attribute differs: " + what + " has " + ct
                    + " in C but " + jt + " in Java"));
        }
    }

    private static String describe(AlignSpec s) {
        return switch (s) {
            case AlignSpec.None n -> "no alignment attribute";
            case AlignSpec.CachelineInSmp c -> "`____cacheline_aligned_in_smp`";
            case AlignSpec.Long l -> "`__aligned__(BITS_PER_LONG/8)`";
            case AlignSpec.Bytes b -> "`__aligned__(" + b.n() + ")`";
        };
    }

    // ---- layout ------------------------------------------------------------------------------

    /** Looks the struct up in a file (its integer macros are constants); MISSING if it is not there. */
    public static ParityResult compareLayout(CFile file, String tag, RecordDef model, KernelVersion version) {
        var found = file.struct(tag);
        if (found.isEmpty()) {
            return ParityResult.missing(tag, ParityResult.Kind.LAYOUT, "no struct " + tag + " in " + file.name()
                    + " under the configuration read", file.name(), javaSide(model));
        }
        Map<String, Long> constants = new HashMap<>(file.constants());
        constants.putAll(KERNEL_CONSTANTS);
        return compareLayout(found.get(), model, version, constants);
    }

    /** Layout parity with {@link #KERNEL_CONSTANTS}. */
    public static ParityResult compareLayout(CStruct c, RecordDef model, KernelVersion version) {
        return compareLayout(c, model, version, KERNEL_CONSTANTS);
    }

    /**
     * Lays the C struct out with the model's engine on every ABI, in the default configuration and
     * with each switchable symbol flipped, and compares {@code sizeof}, {@code _Alignof} and every
     * member's offset and size (through anonymous records) with the model's layout. Types the C
     * struct embeds by value are taken from the model of {@code version}.
     */
    public static ParityResult compareLayout(CStruct c, RecordDef model, KernelVersion version, Map<String, Long> constants) {
        ModelTypes types = ModelTypes.of(version, model);
        Map<String, List<String>> byMessage = new LinkedHashMap<>();
        Map<String, ParityResult.Difference> first = new LinkedHashMap<>();
        for (KernelConfig config : configs()) {
            String label = label(config);
            RecordDef cDef;
            try {
                cDef = toRecordDef(c, config, types, constants);
            } catch (IllegalArgumentException e) {
                return ParityResult.of(symbol(c, model), ParityResult.Kind.LAYOUT,
                        List.of(diff(ParityResult.What.UNAVAILABLE, "", "", "", "cannot lay out the C struct on " + label
                                + ": " + e.getMessage())), cSide(c), javaSide(model));
            }
            RecordLayout cl = LayoutEngine.layout(cDef, config);
            RecordLayout jl = LayoutEngine.layout(model, config);
            for (ParityResult.Difference d : layoutDiffs(cl, jl)) {
                byMessage.computeIfAbsent(d.text(), k -> new ArrayList<>()).add(label);
                first.putIfAbsent(d.text(), d);
            }
        }
        int total = configs().size();
        List<ParityResult.Difference> out = new ArrayList<>();
        for (var e : byMessage.entrySet()) {
            if (out.size() == MAX_LAYOUT_LINES) {
                out.add(diff(ParityResult.What.LAYOUT, "", "", "", "... and " + (byMessage.size() - MAX_LAYOUT_LINES)
                        + " more layout differences"));
                break;
            }
            String on = where(e.getValue(), total);
            ParityResult.Difference d = first.get(e.getKey());
            out.add(diff(d.what(), d.member(), d.c(), d.java(), e.getKey() + " " + on));
        }
        return ParityResult.of(symbol(c, model), ParityResult.Kind.LAYOUT, out, cSide(c), javaSide(model));
    }

    /**
     * Where a layout difference shows, compactly: "on every ABI and configuration", or per ABI
     * either the ABI alone (all its configurations) or the ABI with the configurations listed.
     */
    private static String where(List<String> labels, int total) {
        if (labels.size() == total) {
            return "on every ABI and configuration";
        }
        Map<String, List<String>> all = byAbi(configs().stream().map(StructParity::label).toList());
        Map<String, List<String>> hit = byAbi(labels);
        List<String> parts = new ArrayList<>();
        for (var e : hit.entrySet()) {
            List<String> every = all.get(e.getKey());
            List<String> some = e.getValue();
            if (some.size() == every.size()) {
                parts.add(e.getKey());
            } else if (some.size() * 2 > every.size()) {
                List<String> rest = every.stream().filter(c -> !some.contains(c)).toList();
                parts.add(e.getKey() + " except [" + String.join("; ", rest) + "]");
            } else {
                parts.add(e.getKey() + " [" + String.join("; ", some) + "]");
            }
        }
        return "on " + String.join(", ", parts);
    }

    private static Map<String, List<String>> byAbi(List<String> labels) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String l : labels) {
            int sp = l.indexOf(' ');
            out.computeIfAbsent(sp < 0 ? l : l.substring(0, sp), k -> new ArrayList<>()).add(sp < 0 ? "default" : l.substring(sp + 1));
        }
        return out;
    }

    /** Every ABI's default configuration, and each with one switchable symbol flipped. */
    static List<KernelConfig> configs() {
        List<KernelConfig> out = new ArrayList<>();
        for (Abi abi : Abi.values()) {
            KernelConfig d = KernelConfig.defaults(abi);
            out.add(d);
            for (String s : KernelConfig.switchable()) {
                out.add(d.with(s, !d.enabled(s)));
            }
        }
        return out;
    }

    private static String label(KernelConfig config) {
        String diff = config.diffFromDefaults();
        return config.abi().id() + (diff.equals("default") ? "" : " " + diff);
    }

    private static List<ParityResult.Difference> layoutDiffs(RecordLayout c, RecordLayout j) {
        List<ParityResult.Difference> out = new ArrayList<>();
        if (c.size() != j.size()) {
            out.add(diff(ParityResult.What.LAYOUT, "", Long.toString(c.size()), Long.toString(j.size()),
                    "sizeof differs: C " + c.size() + ", Java " + j.size()));
        }
        if (c.align() != j.align()) {
            out.add(diff(ParityResult.What.LAYOUT, "", Long.toString(c.align()), Long.toString(j.align()),
                    "alignment differs: C " + c.align() + ", Java " + j.align()));
        }
        Map<String, long[]> cf = new LinkedHashMap<>();
        flatten(c, "", 0, cf);
        Map<String, long[]> jf = new LinkedHashMap<>();
        flatten(j, "", 0, jf);
        for (var e : jf.entrySet()) {
            long[] cv = cf.get(e.getKey());
            long[] jv = e.getValue();
            if (cv == null) {
                out.add(diff(ParityResult.What.LAYOUT, e.getKey(), "", Long.toString(jv[0]),
                        "`" + e.getKey() + "` is laid out only in Java (offset " + jv[0] + ")"));
            } else if (cv[0] != jv[0] || cv[2] != jv[2]) {
                out.add(diff(ParityResult.What.LAYOUT, e.getKey(), Long.toString(cv[0]), Long.toString(jv[0]),
                        "offset of `" + e.getKey() + "` differs: C " + position(cv) + ", Java " + position(jv)));
            } else if (cv[1] != jv[1]) {
                out.add(diff(ParityResult.What.LAYOUT, e.getKey(), Long.toString(cv[1]), Long.toString(jv[1]),
                        "size of `" + e.getKey() + "` differs: C " + cv[1] + ", Java " + jv[1]));
            }
        }
        for (var e : cf.entrySet()) {
            if (!jf.containsKey(e.getKey())) {
                out.add(diff(ParityResult.What.LAYOUT, e.getKey(), Long.toString(e.getValue()[0]), "",
                        "`" + e.getKey() + "` is laid out only in C (offset " + e.getValue()[0] + ")"));
            }
        }
        return out;
    }

    private static String position(long[] v) {
        return v[2] >= 0 ? v[0] + " (bit " + v[2] + ")" : Long.toString(v[0]);
    }

    /** Member path to {offset, size, bit offset or -1}, looking through anonymous records as C does. */
    private static void flatten(RecordLayout l, String prefix, long base, Map<String, long[]> out) {
        for (FieldLayout f : l.fields()) {
            if (f.name() == null) {
                if (f.nested() != null) {
                    flatten(f.nested(), prefix, base + f.offset(), out);
                }
                continue;
            }
            String path = prefix + f.name();
            out.put(path, new long[] {base + f.offset(), f.size(), f.bitfield() ? base * 8 + f.bitOffset() : -1});
            if (f.nested() != null && f.type() instanceof CType.Record r && r.def().anonymous()) {
                flatten(f.nested(), path + ".", base + f.offset(), out);
            }
        }
    }

    // ---- C struct to model record ------------------------------------------------------------

    /**
     * The C struct as a model record for one configuration: members whose condition does not hold
     * are left out (the rest carry no condition), types are resolved through {@code types}, array
     * sizes through {@code constants}, {@code BITS_PER_LONG} and the ABI. Throws
     * {@link IllegalArgumentException} naming the member when something cannot be laid out.
     */
    public static RecordDef toRecordDef(CStruct c, KernelConfig config, ModelTypes types, Map<String, Long> constants) {
        Map<String, Long> values = new HashMap<>(constants);
        values.put("BITS_PER_LONG", config.abi().longSize() * 8L);
        return convert(c, config, types, values);
    }

    private static RecordDef convert(CStruct c, KernelConfig config, ModelTypes types, Map<String, Long> values) {
        Map<String, Boolean> symbols = CReader.symbols(config);
        PpExpr.Env env = new PpExpr.Env() {
            @Override
            public boolean isDefined(String name) { return Boolean.TRUE.equals(symbols.get(name)) || values.containsKey(name); }

            @Override
            public OptionalLong valueOf(String name) {
                if (values.containsKey(name)) {
                    return OptionalLong.of(values.get(name));
                }
                return Boolean.TRUE.equals(symbols.get(name)) ? OptionalLong.of(1) : OptionalLong.empty();
            }
        };
        List<Member> members = new ArrayList<>();
        for (CMember m : c.members()) {
            if (!m.condition().always()) {
                try {
                    if (!m.condition().expr().holds(env)) {
                        continue;
                    }
                } catch (PpExpr.EvalException e) {
                    throw new IllegalArgumentException("condition of `" + m.name() + "` (C line " + m.line() + "): " + e.getMessage());
                }
            }
            String what = "`" + (m.name() == null ? "anonymous " + (m.nested() == null ? "member" : m.nested().kind()) : m.name())
                    + "` (C line " + m.line() + ")";
            CType t = resolve(m.type(), true, config, types, values, what);
            Alignment a = alignment(m.attributes(), values);
            if (a.unsupported() != null) {
                throw new IllegalArgumentException(what + " has attribute " + a.unsupported() + ", which the layout model cannot express");
            }
            members.add(new Member(m.name(), t, m.bitWidth(), a.spec(), Cond.ALWAYS));
        }
        Alignment ra = alignment(c.attributes(), values);
        if (ra.unsupported() != null) {
            throw new IllegalArgumentException(c.cName() + " has attribute " + ra.unsupported() + ", which the layout model cannot express");
        }
        return new RecordDef(c.union() ? RecordDef.Kind.UNION : RecordDef.Kind.STRUCT, c.name(), members, ra.spec(), null);
    }

    private static final Map<String, IntKind> INTS = new HashMap<>();

    static {
        for (IntKind k : IntKind.values()) {
            INTS.put(k.spelling(), k);
        }
    }

    private static CType resolve(CDeclType t, boolean byValue, KernelConfig config, ModelTypes types, Map<String, Long> values,
                                 String what) {
        return switch (t) {
            case CDeclType.Named n -> named(n, byValue, types, what);
            case CDeclType.Pointer p -> {
                if (p.target() instanceof CDeclType.Function f) {
                    List<CType> params = new ArrayList<>();
                    for (CDeclType q : f.params()) {
                        params.add(resolve(q, false, config, types, values, what));
                    }
                    yield new CType.FunctionPointer(resolve(f.returns(), false, config, types, values, what), params);
                }
                yield CType.ptr(resolve(p.target(), false, config, types, values, what));
            }
            case CDeclType.Array a -> {
                int length;
                if (a.dim().isEmpty()) {
                    length = CType.Array.FLEXIBLE;
                } else {
                    OptionalLong v = constant(a.dim(), values, Map.of());
                    if (v.isEmpty()) {
                        throw new IllegalArgumentException("array size `" + a.dim() + "` of " + what
                                + " is not a known constant; known: " + String.join(", ", new java.util.TreeSet<>(values.keySet())));
                    }
                    length = (int) v.getAsLong();
                }
                yield CType.array(resolve(a.element(), byValue, config, types, values, what), length);
            }
            case CDeclType.Function f -> throw new IllegalArgumentException(what + " is declared as a function, not a member");
            case CDeclType.Record r -> convert(r.def(), config, types, values).type();
        };
    }

    private static CType named(CDeclType.Named n, boolean byValue, ModelTypes types, String what) {
        String name = n.name();
        if (name.equals("void")) {
            return new CType.Void();
        }
        IntKind k = INTS.get(name);
        if (k != null) {
            return CType.of(k);
        }
        String keyword = n.recordKeyword();
        if (keyword != null) {
            String tag = n.recordTag();
            if (keyword.equals("enum")) {
                return CType.of(IntKind.INT);
            }
            var def = types.record(tag);
            if (def.isPresent()) {
                return def.get().type();
            }
            if (byValue) {
                throw new IllegalArgumentException(what + " embeds " + name + " by value, and the model does not define it");
            }
            return new CType.Opaque(keyword.equals("union") ? RecordDef.Kind.UNION : RecordDef.Kind.STRUCT, tag);
        }
        var td = types.typedef(name);
        if (td.isPresent()) {
            return td.get();
        }
        if (byValue) {
            throw new IllegalArgumentException(what + " has type `" + name + "`, which the model does not define");
        }
        // Behind a pointer only the pointer's size matters: an unknown typedef stands for itself.
        return new CType.Typedef(name, new CType.Opaque(RecordDef.Kind.STRUCT, name));
    }
}
