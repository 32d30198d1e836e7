package dstcow.ipv4.parity;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dst metrics accessor calls a ported kernel function makes, in the order they appear in its
 * text, read from the Java method's bytecode with {@code java.lang.classfile}: the call-site
 * parity check of DESIGN.md decision 8 ("the port calls the metrics accessors at the same places,
 * in the same order, as the kernel function does").
 *
 * <p>Why bytecode and not the trace: the dst layer's trace records writes, copies and COWs, but
 * not reads ({@code dst_mtu}, {@code dst_metric}), which are most of the sites. The bytecode holds
 * every call site once, in source order, whichever branch a run takes, which is exactly what a
 * comparison with the kernel text needs. Calls into helper methods of the port that carry the
 * same {@link KernelSource} symbol (a kernel-specific hook inside a shared function) are followed,
 * resolved in the concrete kernel class; other functions are not (they have their own list).
 */
public final class MetricAccessorCalls {
    private MetricAccessorCalls() {
    }

    /** Java method of the dst layer to kernel accessor name. */
    public static final Map<String, String> ACCESSORS = Map.ofEntries(
            Map.entry("dstMetricRaw", "dst_metric_raw"),
            Map.entry("dstMetric", "dst_metric"),
            Map.entry("dstMetricAdvmss", "dst_metric_advmss"),
            Map.entry("dstMetricSet", "dst_metric_set"),
            Map.entry("dstFeature", "dst_feature"),
            Map.entry("dstMtu", "dst_mtu"),
            Map.entry("dstMetricRtt", "dst_metric_rtt"),
            Map.entry("setDstMetricRtt", "set_dst_metric_rtt"),
            Map.entry("dstAllfrag", "dst_allfrag"),
            Map.entry("dstMetricLocked", "dst_metric_locked"),
            Map.entry("dstCopyMetrics", "dst_copy_metrics"),
            Map.entry("dstMetricsPtr", "dst_metrics_ptr"),
            Map.entry("dstImportMetrics", "dst_import_metrics"),
            Map.entry("dstInitMetrics", "dst_init_metrics"),
            Map.entry("dstMetricsWritePtr", "dst_metrics_write_ptr"),
            Map.entry("dstMetricsReadOnly", "dst_metrics_read_only"),
            Map.entry("DST_METRICS_PTR", "DST_METRICS_PTR"),
            Map.entry("__DST_METRICS_PTR", "__DST_METRICS_PTR"),
            Map.entry("dstDestroyMetricsGeneric", "dst_destroy_metrics_generic"),
            Map.entry("__dstDestroyMetricsGeneric", "__dst_destroy_metrics_generic"),
            Map.entry("dstCowMetricsGeneric", "dst_cow_metrics_generic"));

    private static final Set<String> DST_CLASSES = Set.of("dstcow/dst/DstKernel", "dstcow/dst/ParentDstKernel", "dstcow/dst/PatchedDstKernel");

    /**
     * The accessor calls of the Java method {@code method} as the kernel class {@code kernel}
     * runs it (the method may be declared in a superclass), in text order.
     *
     * @throws IllegalArgumentException if there is no such method with a {@link KernelSource}
     */
    public static List<String> of(Class<?> kernel, String method) {
        Method m = find(kernel, method);
        KernelSource src = m.getAnnotation(KernelSource.class);
        List<String> out = new ArrayList<>();
        scan(kernel, m, src.symbol(), out, 0);
        return out;
    }

    private static Method find(Class<?> kernel, String name) {
        for (Class<?> c = kernel; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.isAnnotationPresent(KernelSource.class)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException(kernel.getName() + " has no method " + name + " annotated with @KernelSource");
    }

    private static void scan(Class<?> kernel, Method m, String symbol, List<String> out, int depth) {
        if (depth > 8) {
            throw new IllegalStateException("hooks of " + symbol + " nest too deeply at " + m);
        }
        ClassModel cm = parse(m.getDeclaringClass());
        String desc = descriptor(m);
        MethodModel mm = cm.methods().stream()
                .filter(x -> x.methodName().stringValue().equals(m.getName()) && x.methodType().stringValue().equals(desc))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no bytecode for " + m));
        var code = mm.code().orElseThrow(() -> new IllegalStateException(m + " has no code (abstract?)"));
        for (CodeElement e : code) {
            if (!(e instanceof InvokeInstruction inv)) {
                continue;
            }
            String owner = inv.owner().asInternalName();
            String name = inv.name().stringValue();
            if (DST_CLASSES.contains(owner)) {
                String k = ACCESSORS.get(name);
                if (k != null) {
                    out.add(k);
                }
                continue;
            }
            Method target = resolve(kernel, owner, name, inv.typeSymbol().descriptorString());
            if (target != null) {
                KernelSource ts = target.getAnnotation(KernelSource.class);
                if (ts != null && ts.symbol().equals(symbol) && !target.equals(m)) {
                    scan(kernel, target, symbol, out, depth + 1);
                }
            }
        }
    }

    /** The method a call on {@code owner} dispatches to when the receiver is a {@code kernel}, if it belongs to the port's hierarchy. */
    private static Method resolve(Class<?> kernel, String owner, String name, String desc) {
        String ownerName = owner.replace('/', '.');
        boolean inHierarchy = false;
        for (Class<?> c = kernel; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(ownerName)) {
                inHierarchy = true;
                break;
            }
        }
        if (!inHierarchy) {
            return null;
        }
        for (Class<?> c = kernel; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method x : c.getDeclaredMethods()) {
                if (x.getName().equals(name) && descriptor(x).equals(desc) && !java.lang.reflect.Modifier.isAbstract(x.getModifiers())) {
                    return x;
                }
            }
        }
        return null;
    }

    private static String descriptor(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(p.descriptorString());
        }
        return b.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    private static ClassModel parse(Class<?> c) {
        String res = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("class file of " + c.getName() + " not found");
            }
            return ClassFile.of().parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code DstKernel} is on the class path with the accessors this class knows (a guard for tests). */
    public static boolean accessorsExist() {
        for (String n : ACCESSORS.keySet()) {
            boolean found = false;
            for (Method m : DstKernel.class.getMethods()) {
                if (m.getName().equals(n)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
