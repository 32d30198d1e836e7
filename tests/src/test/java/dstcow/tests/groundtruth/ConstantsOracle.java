package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layouts read back from constants the compiler itself evaluates, so it works with any C
 * compiler for the ABI: clang, or a GCC cross compiler that has no layout dump
 * ({@code m68k-linux-gnu-gcc}). One array holds, plus one (so no entry is zero and the
 * compiler never abbreviates it), {@code sizeof} and {@code _Alignof} of every record and
 * {@code offsetof} and {@code sizeof} of every member path that is not a bitfield
 * ({@code sizeof} is skipped for flexible arrays):
 * <pre>
 * unsigned int __dstcow_k[] = {
 *     sizeof(struct dst_entry) + 1,
 *     _Alignof(struct dst_entry) + 1,
 *     __builtin_offsetof(struct dst_entry, rcu_head.next) + 1,
 *     sizeof(((struct dst_entry *)0)->rcu_head.next) + 1,
 *     ...
 * };
 * </pre>
 * GCC compiles it with {@code -S} (we read the {@code .long}/{@code .4byte} lines after the
 * label), clang with {@code -S -emit-llvm} (we read the {@code i32} list).
 *
 * <p>Bitfields have no {@code offsetof}. With GCC we place them another way: for each one a
 * global of the record type initialised with only that bitfield set to all ones
 * ({@code struct t __dstcow_b3 = { .a.flags = -1 };}); the set bits in its assembled bytes, in
 * the ABI's allocation order (from the most significant bit of each byte on big-endian
 * targets), are the bitfield's position and width. Clang's layout dump ({@link ClangOracle})
 * gives bitfield positions directly.
 */
public final class ConstantsOracle {

    private static final Pattern LLVM_ARRAY = Pattern.compile(
            "@__dstcow_k = [^\\[]*\\[(\\d+) x i32\\] \\[([^\\]]*)\\]");

    private final Compiler compiler;

    public ConstantsOracle(Compiler compiler) {
        this.compiler = compiler;
    }

    public Compiler compiler() { return compiler; }

    private enum What { SIZEOF, ALIGNOF, OFFSETOF, MEMBER_SIZE }

    private record Query(RecordDef def, What what, String path) {
    }

    private record Probe(RecordDef def, String path) {
    }

    /**
     * Compiles {@code source} (which must define every record) with {@link #compiler()} and
     * returns each record's layout by tag. Members absent under {@code config} are not asked.
     */
    public Map<String, CompilerLayout> layouts(String source, List<RecordDef> records, KernelConfig config) {
        Abi abi = config.abi();
        if (abi != compiler.abi()) {
            throw new IllegalArgumentException("config is for " + abi + " but the compiler for " + compiler.abi());
        }
        List<Query> queries = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        Map<RecordDef, List<MemberPaths.Path>> paths = new LinkedHashMap<>();
        for (RecordDef def : records) {
            if (def.tag() == null) {
                throw new IllegalArgumentException("a record without a tag cannot be named in C: " + def);
            }
            queries.add(new Query(def, What.SIZEOF, null));
            queries.add(new Query(def, What.ALIGNOF, null));
            List<MemberPaths.Path> ps = MemberPaths.of(def, config);
            paths.put(def, ps);
            for (MemberPaths.Path p : ps) {
                if (p.bitfield()) {
                    probes.add(new Probe(def, p.path()));
                    continue;
                }
                queries.add(new Query(def, What.OFFSETOF, p.path()));
                if (!p.flexible()) {
                    queries.add(new Query(def, What.MEMBER_SIZE, p.path()));
                }
            }
        }
        String full = source + "\n" + program(queries, compiler.gcc() ? probes : List.of());
        long[] values;
        Map<String, byte[]> data;
        if (compiler.gcc()) {
            data = compiler.run(full, List.of("-S", "-w", "-o", "input.s"), r -> AsmData.symbols(r.read("input.s"), abi));
            byte[] k = data.get("__dstcow_k");
            if (k == null) {
                throw new IllegalStateException(compiler + " emitted no __dstcow_k; symbols: " + data.keySet());
            }
            values = AsmData.u32s(k, abi);
        } else {
            data = Map.of();
            values = compiler.run(full, List.of("-S", "-emit-llvm", "-w", "-o", "input.ll"), r -> llvmArray(r.read("input.ll")));
        }
        if (values.length != queries.size()) {
            throw new IllegalStateException(compiler + " gave " + values.length + " constants for " + queries.size() + " queries");
        }

        Map<RecordDef, long[]> sizeAlign = new LinkedHashMap<>();
        Map<RecordDef, Map<String, CompilerLayout.Field>> fields = new LinkedHashMap<>();
        for (RecordDef def : records) {
            sizeAlign.put(def, new long[2]);
            fields.put(def, new LinkedHashMap<>());
        }
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            if (values[i] == 0) {
                throw new IllegalStateException("constant " + i + " (" + q + ") is 0, but every entry is value + 1");
            }
            long v = values[i] - 1;
            Map<String, CompilerLayout.Field> fs = fields.get(q.def());
            switch (q.what()) {
                case SIZEOF -> sizeAlign.get(q.def())[0] = v;
                case ALIGNOF -> sizeAlign.get(q.def())[1] = v;
                case OFFSETOF -> fs.merge(q.path(), new CompilerLayout.Field(q.path(), v * 8, CompilerLayout.UNKNOWN,
                        CompilerLayout.UNKNOWN), CompilerLayout.Field::merge);
                case MEMBER_SIZE -> fs.merge(q.path(), new CompilerLayout.Field(q.path(), CompilerLayout.UNKNOWN, v,
                        CompilerLayout.UNKNOWN), CompilerLayout.Field::merge);
            }
        }
        for (int i = 0; i < (compiler.gcc() ? probes.size() : 0); i++) {
            Probe p = probes.get(i);
            byte[] bytes = data.get("__dstcow_b" + i);
            if (bytes == null) {
                throw new IllegalStateException(compiler + " emitted no __dstcow_b" + i + " (" + p.def().cName() + "." + p.path() + ")");
            }
            long[] pos = setBits(bytes, abi, p.def().cName() + "." + p.path());
            fields.get(p.def()).put(p.path(), new CompilerLayout.Field(p.path(), pos[0], CompilerLayout.UNKNOWN, pos[1]));
        }

        Map<String, CompilerLayout> out = new LinkedHashMap<>();
        for (RecordDef def : records) {
            // Report members in declaration order, as the model lists them.
            Map<String, CompilerLayout.Field> ordered = new LinkedHashMap<>();
            Map<String, CompilerLayout.Field> fs = fields.get(def);
            for (MemberPaths.Path p : paths.get(def)) {
                // Bitfields without a probe (clang) are listed with nothing known about them.
                ordered.put(p.path(), fs.getOrDefault(p.path(), new CompilerLayout.Field(p.path(), CompilerLayout.UNKNOWN,
                        CompilerLayout.UNKNOWN, CompilerLayout.UNKNOWN)));
            }
            long[] sa = sizeAlign.get(def);
            out.put(def.tag(), new CompilerLayout(def.cName(), sa[0], sa[1], ordered));
        }
        return out;
    }

    /** The C text that makes the compiler evaluate the queries (and, for GCC, place the bitfields). */
    private static String program(List<Query> queries, List<Probe> probes) {
        StringBuilder sb = new StringBuilder("/* dstcow: constants for the ground truth, each value + 1 */\n");
        sb.append("unsigned int __dstcow_k[] = {\n");
        for (Query q : queries) {
            String name = q.def().cName();
            sb.append('\t').append(switch (q.what()) {
                case SIZEOF -> "sizeof(" + name + ")";
                case ALIGNOF -> "_Alignof(" + name + ")";
                case OFFSETOF -> "__builtin_offsetof(" + name + ", " + q.path() + ")";
                case MEMBER_SIZE -> "sizeof(((" + name + " *)0)->" + q.path() + ")";
            }).append(" + 1,\n");
        }
        sb.append("};\n");
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            sb.append(p.def().cName()).append(" __dstcow_b").append(i).append(" = { .").append(p.path()).append(" = -1 };\n");
        }
        return sb.toString();
    }

    private static long[] llvmArray(String ir) {
        Matcher m = LLVM_ARRAY.matcher(ir);
        if (!m.find()) {
            throw new IllegalStateException("no '@__dstcow_k = ... [N x i32] [...]' in clang's IR");
        }
        String[] items = m.group(2).split(",");
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            if (!item.startsWith("i32 ")) {
                throw new IllegalStateException("unexpected IR array element '" + item + "'");
            }
            out[i] = Long.parseLong(item.substring(4).strip()) & 0xffff_ffffL;
        }
        if (out.length != Integer.parseInt(m.group(1))) {
            throw new IllegalStateException("IR array declares " + m.group(1) + " elements but lists " + out.length);
        }
        return out;
    }

    /** First set bit and number of set bits, in allocation order; the bits must be contiguous. */
    static long[] setBits(byte[] bytes, Abi abi, String what) {
        long first = -1;
        long count = 0;
        long last = -1;
        for (long bit = 0; bit < bytes.length * 8L; bit++) {
            int b = bytes[(int) (bit / 8)] & 0xff;
            int shift = abi.bigEndian() ? 7 - (int) (bit % 8) : (int) (bit % 8);
            if (((b >> shift) & 1) != 0) {
                if (first < 0) {
                    first = bit;
                }
                last = bit;
                count++;
            }
        }
        if (first < 0 || last - first + 1 != count) {
            throw new IllegalStateException("bitfield probe for " + what + " on " + abi + " set no contiguous run of bits: first "
                    + first + ", last " + last + ", count " + count);
        }
        return new long[] {first, count};
    }
}
