package dstcow.dst;

import dstcow.layout.model.KernelVersion;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Java counterparts of kernel symbols in a set of classes, read from their
 * {@link KernelSource} annotations: what each module's manifest test checks (every symbol its
 * issue lists is ported, in the kernels that have it, and public ports carry the kernel's name).
 */
public final class KernelPorts {

    /**
     * One annotated method or field.
     *
     * @param symbol   the kernel symbol it ports
     * @param javaName the Java member's name
     * @param source   its annotation
     * @param isPublic whether the member is public
     * @param method   whether it is a method (rather than a field)
     */
    public record Port(String symbol, String javaName, KernelSource source, boolean isPublic, boolean method) {
    }

    private final List<Port> ports;

    private KernelPorts(List<Port> ports) {
        this.ports = List.copyOf(ports);
    }

    /** Every annotated method and field declared by {@code classes}. */
    public static KernelPorts scan(Collection<Class<?>> classes) {
        List<Port> out = new ArrayList<>();
        for (Class<?> c : classes) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(c.getDeclaredMethods()));
            elements.addAll(List.of(c.getDeclaredFields()));
            for (AnnotatedElement e : elements) {
                KernelSource s = e.getAnnotation(KernelSource.class);
                if (s != null) {
                    Member m = (Member) e;
                    out.add(new Port(s.symbol(), m.getName(), s, Modifier.isPublic(m.getModifiers()), e instanceof Method));
                }
            }
        }
        return new KernelPorts(out);
    }

    public List<Port> ports() { return ports; }

    /**
     * The symbols whose counterparts do not cover exactly the expected kernels, as readable lines
     * ({@code "dst_alloc covers [PATCHED], expected [PARENT, PATCHED]"}); empty when all are right.
     */
    public List<String> coverageErrors(List<String> both, List<String> patchedOnly, List<String> parentOnly) {
        List<String> wrong = new ArrayList<>();
        List<String> all = new ArrayList<>(both);
        all.addAll(patchedOnly);
        all.addAll(parentOnly);
        for (String symbol : all) {
            Set<KernelVersion> covered = EnumSet.noneOf(KernelVersion.class);
            ports.stream().filter(p -> p.symbol().equals(symbol)).forEach(p -> covered.addAll(List.of(p.source().kernels())));
            Set<KernelVersion> expected = patchedOnly.contains(symbol) ? EnumSet.of(KernelVersion.PATCHED)
                    : parentOnly.contains(symbol) ? EnumSet.of(KernelVersion.PARENT) : EnumSet.allOf(KernelVersion.class);
            if (!covered.equals(expected)) {
                wrong.add(symbol + " covers " + covered + ", expected " + expected);
            }
        }
        return wrong;
    }

    /**
     * The Java name a kernel symbol's port takes: camelCase after any leading underscores
     * ({@code __mkroute_input} to {@code __mkrouteInput}); all-capitals macros keep their name.
     */
    public static String camel(String symbol) {
        if (symbol.toUpperCase(Locale.ROOT).equals(symbol)) {
            return symbol;
        }
        int lead = 0;
        while (lead < symbol.length() && symbol.charAt(lead) == '_') {
            lead++;
        }
        String[] parts = symbol.substring(lead).split("_");
        StringBuilder b = new StringBuilder(symbol.substring(0, lead)).append(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        return b.toString();
    }
}
