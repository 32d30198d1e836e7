package dstcow.layout.model;

import dstcow.layout.abi.Abi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The kernel configuration symbols the structs in scope test, for one ABI.
 * {@code CONFIG_64BIT} follows the ABI and cannot be set; the others default to a typical
 * distribution kernel of early 2011 and can be switched.
 */
public final class KernelConfig {

    /** Every symbol a struct definition may test, with what it means for the layout. */
    public static final Map<String, String> KNOWN;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CONFIG_64BIT", "from the ABI: 64-bit long and pointers; adds dst_entry.__pad_to_align_refcnt");
        m.put("CONFIG_XFRM", "IPsec: dst_entry.xfrm instead of __pad1");
        m.put("CONFIG_IP_ROUTE_CLASSID", "routing realms: dst_entry.tclassid instead of __pad2, fib_nh.nh_tclassid");
        m.put("CONFIG_SMP", "SMP kernel: ____cacheline_aligned_in_smp aligns dst_ops.pcpuc_entries, real spinlocks");
        m.put("CONFIG_IP_ROUTE_MULTIPATH", "multipath routes: fib_nh.nh_weight/nh_power, fib_info.fib_power");
        m.put("CONFIG_XFRM_SUB_POLICY", "IPsec sub-policies: xfrm_dst.origin and .partner");
        m.put("CONFIG_HOTPLUG_CPU", "CPU hotplug: percpu_counter.list");
        m.put("CONFIG_GENERIC_LOCKBREAK", "spinlocks carry break_lock (SMP && PREEMPT on arm, powerpc, s390)");
        KNOWN = Collections.unmodifiableMap(m);
    }

    private final Abi abi;
    private final Map<String, Boolean> values;

    private KernelConfig(Abi abi, Map<String, Boolean> values) {
        this.abi = abi;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The default configuration on an ABI (m68k has no SMP; every other symbol is on). */
    public static KernelConfig defaults(Abi abi) {
        Map<String, Boolean> v = new LinkedHashMap<>();
        v.put("CONFIG_64BIT", abi.is64Bit());
        v.put("CONFIG_XFRM", true);
        v.put("CONFIG_IP_ROUTE_CLASSID", true);
        v.put("CONFIG_SMP", abi != Abi.M68K);
        v.put("CONFIG_IP_ROUTE_MULTIPATH", true);
        v.put("CONFIG_XFRM_SUB_POLICY", false);
        v.put("CONFIG_HOTPLUG_CPU", abi != Abi.M68K);
        v.put("CONFIG_GENERIC_LOCKBREAK", false);
        return new KernelConfig(abi, v);
    }

    public Abi abi() { return abi; }

    public boolean enabled(String symbol) {
        Boolean b = values.get(symbol);
        if (b == null) {
            throw unknown(symbol);
        }
        return b;
    }

    /** A copy with one symbol switched; {@code CONFIG_64BIT} may only be set to what the ABI says. */
    public KernelConfig with(String symbol, boolean on) {
        String name = normalize(symbol);
        requireKnown(name);
        if (name.equals("CONFIG_64BIT") && on != abi.is64Bit()) {
            throw new IllegalArgumentException("CONFIG_64BIT=" + (on ? "y" : "n") + " contradicts ABI " + abi
                    + " (which is " + (abi.is64Bit() ? "64" : "32") + "-bit): CONFIG_64BIT follows the ABI; pick a "
                    + (on ? "64-bit ABI such as x86_64" : "32-bit ABI such as i386") + " instead");
        }
        Map<String, Boolean> v = new LinkedHashMap<>(values);
        v.put(name, on);
        return new KernelConfig(abi, v);
    }

    /** Parses {@code NAME=y|n} (the {@code CONFIG_} prefix is optional) and applies it. */
    public KernelConfig with(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("config '" + assignment + "' is not NAME=y|n; known names: " + allowed());
        }
        String value = assignment.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
        boolean on = switch (value) {
            case "y", "yes", "1", "true" -> true;
            case "n", "no", "0", "false" -> false;
            default -> throw new IllegalArgumentException("config value '" + assignment.substring(eq + 1)
                    + "' in '" + assignment + "' is not y or n");
        };
        return with(assignment.substring(0, eq).trim(), on);
    }

    /** The symbols a user may switch (all but CONFIG_64BIT). */
    public static List<String> switchable() {
        List<String> l = new ArrayList<>(KNOWN.keySet());
        l.remove("CONFIG_64BIT");
        return l;
    }

    static void requireKnown(String symbol) {
        if (!KNOWN.containsKey(symbol)) {
            throw unknown(symbol);
        }
    }

    private static IllegalArgumentException unknown(String symbol) {
        return new IllegalArgumentException("unknown config '" + symbol + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return String.join(", ", KNOWN.keySet());
    }

    private static String normalize(String symbol) {
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        return s.startsWith("CONFIG_") ? s : "CONFIG_" + s;
    }

    /** The switched-off symbols and the ABI-derived ones, compact: {@code 64BIT XFRM -SMP}. */
    public String shortText() {
        return values.entrySet().stream()
                .map(e -> (e.getValue() ? "" : "-") + e.getKey().substring("CONFIG_".length()))
                .collect(Collectors.joining(" "));
    }

    /** Only what differs from {@link #defaults(Abi)}, or "default". */
    public String diffFromDefaults() {
        KernelConfig d = defaults(abi);
        String s = values.entrySet().stream()
                .filter(e -> !e.getValue().equals(d.values.get(e.getKey())))
                .map(e -> e.getKey() + "=" + (e.getValue() ? "y" : "n"))
                .collect(Collectors.joining(","));
        return s.isEmpty() ? "default" : s;
    }

    public Map<String, Boolean> values() { return values; }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelConfig k && k.abi == abi && k.values.equals(values);
    }

    @Override
    public int hashCode() { return Objects.hash(abi, values); }

    @Override
    public String toString() { return abi + "[" + diffFromDefaults() + "]"; }
}
