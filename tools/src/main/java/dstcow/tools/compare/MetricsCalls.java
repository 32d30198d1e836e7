package dstcow.tools.compare;

import dstcow.dst.KernelSource;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.model.KernelVersion;

import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Metrics-call parity: the metrics accessors a kernel function calls, in order, against those
 * its Java port calls, read from the port's bytecode.
 *
 * <h2>What counts as a metrics accessor</h2>
 * Every {@code dst_metric*} function, and the others of include/net/dst.h and net/core/dst.c that
 * touch {@code _metrics}: {@link #ACCESSORS}. A call through {@code dst->ops->cow_metrics} counts
 * as {@code ->cow_metrics}, an indirect call; other ops calls ({@code ->default_mtu}) are not
 * metrics accessors.
 *
 * <h2>The Java side</h2>
 * The invoke instructions of the counterpart (see {@link JavaPorts}), in bytecode order. Each
 * target is resolved for the kernel compared (a call through {@code DstKernel} reaches the
 * {@code PatchedDstKernel} override in the patched kernel); a target carrying {@link KernelSource}
 * for a metrics accessor is that accessor; a target carrying the compared symbol itself is a part
 * of the port and its calls are taken in place; anything else is not looked into, as the C side
 * does not look into the functions it calls. A call through a {@link FnTypes} interface is an
 * indirect ops call: {@code FnTypes.CowMetrics.cowMetrics} is {@code ->cow_metrics}, which is
 * how the dst module does {@code dst->ops->cow_metrics(dst, p)}
 * ({@code opsFunction(dst, ..., FnTypes.CowMetrics.class, ...).cowMetrics(dst, p)}).
 */
public final class MetricsCalls {

    /** The metrics accessors besides the {@code dst_metric*} family, as the kernel names them. */
    public static final Set<String> ACCESSORS = Set.of(
            "dst_mtu", "dst_feature", "dst_allfrag", "set_dst_metric_rtt",
            "dst_init_metrics", "dst_copy_metrics", "dst_import_metrics",
            "dst_metrics_ptr", "dst_metrics_write_ptr", "dst_metrics_read_only",
            "DST_METRICS_PTR", "__DST_METRICS_PTR",
            "dst_destroy_metrics_generic", "__dst_destroy_metrics_generic", "dst_cow_metrics_generic");

    /** The {@code struct dst_ops} members whose indirect calls are metrics accessors. */
    public static final Set<String> INDIRECT = Set.of("cow_metrics");

    private static final int MAX_DEPTH = 8;

    private MetricsCalls() {
    }

    /**
     * One accessor call.
     *
     * @param name     the kernel name ({@code dst_metric_set}, {@code cow_metrics})
     * @param indirect whether it goes through an ops pointer
     * @param line     the source line (C: in the kernel file; Java: in {@code in}'s source file), or -1
     * @param in       Java: the method the call is in (the counterpart or one of its parts); C: {@code null}
     */
    public record Call(String name, boolean indirect, int line, Executable in) {
        /** {@code ->cow_metrics} or {@code dst_mtu}. */
        public String label() { return (indirect ? "->" : "") + name; }

        @Override
        public String toString() { return label(); }
    }

    public static boolean isAccessor(String name, boolean indirect) {
        if (indirect) {
            return INDIRECT.contains(name);
        }
        return name.startsWith("dst_metric") || ACCESSORS.contains(name);
    }

    /** The accessor calls of a C function or macro body, in source order. */
    public static List<Call> ofC(List<CCall> calls) {
        List<Call> out = new ArrayList<>();
        for (CCall c : calls) {
            if (isAccessor(c.name(), c.indirect())) {
                out.add(new Call(c.name(), c.indirect(), c.line(), null));
            }
        }
        return out;
    }

    /** The accessor calls of a Java counterpart in kernel {@code v}, its parts' calls taken in place. */
    public static List<Call> ofJava(JavaPorts.Counterpart cp, KernelVersion v, ClassLoader loader) {
        List<Call> out = new ArrayList<>();
        if (cp.primary() != null && cp.primary().element() instanceof Executable e) {
            walk(e, cp.symbol(), v, loader, out, new HashSet<>(), 0);
        }
        return out;
    }

    private static void walk(Executable m, String symbol, KernelVersion v, ClassLoader loader, List<Call> out,
                             Set<Executable> onPath, int depth) {
        if (depth > MAX_DEPTH || !onPath.add(m)) {
            return;
        }
        for (JavaBytecode.Invoke inv : JavaBytecode.invokes(m)) {
            Optional<String> member = opsMember(inv, loader);
            if (member.isPresent()) {
                if (isAccessor(member.get(), true)) {
                    out.add(new Call(member.get(), true, inv.line(), m));
                }
                continue;
            }
            Optional<Executable> t = JavaBytecode.target(inv, loader).map(x -> JavaBytecode.forKernel(x, v));
            if (t.isEmpty()) {
                continue;
            }
            KernelSource ks = t.get().getAnnotation(KernelSource.class);
            if (ks == null || !List.of(ks.kernels()).contains(v)) {
                continue;
            }
            if (ks.symbol().equals(symbol)) {
                walk(t.get(), symbol, v, loader, out, onPath, depth + 1);
            } else if (isAccessor(ks.symbol(), false)) {
                out.add(new Call(ks.symbol(), false, inv.line(), m));
            }
        }
        onPath.remove(m);
    }

    private static final Map<String, String> FN_TYPES = new HashMap<>();

    static {
        for (String m : List.of("gc", "check", "default_advmss", "default_mtu", "cow_metrics", "destroy", "ifdown",
                "negative_advice", "link_failure", "update_pmtu", "local_out")) {
            Class<?> c = FnTypes.ofDstOpsMember(m);
            if (c != null) {
                FN_TYPES.put(c.getName(), m);
            }
        }
    }

    /** The {@code struct dst_ops} member an interface call through a {@link FnTypes} type stands for. */
    private static Optional<String> opsMember(JavaBytecode.Invoke inv, ClassLoader loader) {
        if (!inv.isInterface()) {
            return Optional.empty();
        }
        return Optional.ofNullable(FN_TYPES.get(inv.owner()));
    }

    // ---- parity --------------------------------------------------------------------------------------

    /**
     * The outcome of comparing two call sequences.
     *
     * @param result  the parity result
     * @param matched pairs of (C call, Java call) in the longest common subsequence, in order
     * @param cOnly   C calls without a Java counterpart call
     * @param javaOnly Java calls without a C counterpart call
     */
    public record Outcome(ParityResult result, List<Call[]> matched, List<Call> cOnly, List<Call> javaOnly) {
    }

    /**
     * Compares the sequences: the longest common subsequence pairs calls up; a call left over on
     * both sides is REORDERED, one left over in C only is MISSING (the port does not make it), in
     * Java only EXTRA.
     */
    public static Outcome compare(String symbol, List<Call> c, List<Call> java, String cSide, String javaSide) {
        int n = c.size();
        int m = java.size();
        int[][] l = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                l[i][j] = same(c.get(i), java.get(j)) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
            }
        }
        List<Call[]> matched = new ArrayList<>();
        List<Call> cOnly = new ArrayList<>();
        List<Call> jOnly = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (same(c.get(i), java.get(j))) {
                matched.add(new Call[] {c.get(i), java.get(j)});
                i++;
                j++;
            } else if (l[i + 1][j] >= l[i][j + 1]) {
                cOnly.add(c.get(i++));
            } else {
                jOnly.add(java.get(j++));
            }
        }
        while (i < n) {
            cOnly.add(c.get(i++));
        }
        while (j < m) {
            jOnly.add(java.get(j++));
        }
        List<ParityResult.Difference> out = new ArrayList<>();
        List<Call> javaLeft = new ArrayList<>(jOnly);
        for (Call cc : cOnly) {
            Call moved = javaLeft.stream().filter(x -> same(cc, x)).findFirst().orElse(null);
            if (moved != null) {
                javaLeft.remove(moved);
                out.add(new ParityResult.Difference(ParityResult.What.REORDERED, cc.label(), at("C line", cc), at("Java line", moved),
                        "reordered: " + cc.label() + "() at C line " + cc.line() + " is called at another place in the Java order"
                                + javaAt(moved)));
            } else {
                out.add(new ParityResult.Difference(ParityResult.What.MISSING, cc.label(), at("C line", cc), "",
                        "missing: " + cc.label() + "() at C line " + cc.line() + " has no matching call in Java"));
            }
        }
        for (Call jc : javaLeft) {
            out.add(new ParityResult.Difference(ParityResult.What.EXTRA, jc.label(), "", at("Java line", jc),
                    "extra: Java calls " + jc.label() + "()" + javaAt(jc) + ", which the C does not call there"));
        }
        return new Outcome(ParityResult.of(symbol, ParityResult.Kind.CALLS, out, cSide, javaSide), matched, cOnly, jOnly);
    }

    private static boolean same(Call a, Call b) {
        return a.indirect() == b.indirect() && a.name().equals(b.name());
    }

    private static String at(String what, Call c) {
        return what + " " + c.line();
    }

    private static String javaAt(Call c) {
        if (c.in() == null) {
            return "";
        }
        return " (" + JavaPorts.simpleName(c.in().getDeclaringClass()) + "." + c.in().getName() + (c.line() > 0 ? ", line " + c.line() : "") + ")";
    }

    /** {@code [->cow_metrics, __DST_METRICS_PTR]}. */
    public static String labels(List<Call> calls) {
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            out.add(c.label());
        }
        return out.toString();
    }
}
