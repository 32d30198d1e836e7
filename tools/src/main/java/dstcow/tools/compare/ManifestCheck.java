package dstcow.tools.compare;

import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every symbol of a manifest has exactly one Java counterpart in each kernel that has
 * it: an element carrying {@link dstcow.dst.KernelSource} for the symbol and the kernel (see
 * {@link JavaPorts} for counterparts and their parts), or for a struct an entry of
 * {@link KernelStructs}. It also reports annotations that claim a kernel the manifest says lacks
 * the symbol, and annotations naming another file than the manifest.
 */
public final class ManifestCheck {

    public enum What {
        /** No Java counterpart for a symbol in a kernel that has it. */
        MISSING,
        /** Two or more elements claim to be the counterpart. */
        DUPLICATE,
        /** A counterpart for a kernel the manifest says does not have the symbol. */
        WRONG_KERNEL,
        /** The annotation names another kernel file than the manifest. */
        WRONG_FILE;

        public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /**
     * One problem.
     *
     * @param what   its kind
     * @param entry  the manifest entry
     * @param kernel the kernel it is about
     * @param text   the readable line
     */
    public record Problem(What what, Manifest.Entry entry, KernelVersion kernel, String text) {
        @Override
        public String toString() { return text; }
    }

    private ManifestCheck() {
    }

    /** Every problem, in manifest order. */
    public static List<Problem> check(Manifest manifest, JavaPorts ports) {
        List<Problem> out = new ArrayList<>();
        for (Manifest.Entry e : manifest.entries()) {
            for (KernelVersion v : KernelVersion.values()) {
                if (e.kind() == Manifest.Kind.STRUCT) {
                    if (e.in(v) && !hasStruct(e.symbol())) {
                        out.add(new Problem(What.MISSING, e, v, e.symbol() + " [" + v + "]: no struct " + e.symbol()
                                + " in dstcow.layout.kernel.KernelStructs (it has: " + KernelStructs.allowed() + ")"));
                    }
                    continue;
                }
                JavaPorts.Counterpart c = ports.counterpart(e.symbol(), e.kind(), v);
                if (!e.in(v)) {
                    if (!c.missing()) {
                        out.add(new Problem(What.WRONG_KERNEL, e, v, e.symbol() + " [" + v + "]: " + JavaPorts.list(c.all())
                                + " claim the " + v + " kernel, but only the " + e.kernelsId() + " kernel has "
                                + e.symbol() + " (" + e.file() + "); fix the annotation's kernels()"));
                    }
                    continue;
                }
                if (c.missing()) {
                    out.add(new Problem(What.MISSING, e, v, e.symbol() + " [" + v + "]: no Java element carries "
                            + "@KernelSource(symbol = \"" + e.symbol() + "\") for the " + v + " kernel (" + e.kind().id() + " in "
                            + e.file() + ", KERNEL.md " + e.where() + ")"));
                } else if (c.duplicated()) {
                    out.add(new Problem(What.DUPLICATE, e, v, e.symbol() + " [" + v + "]: " + c.duplicates().size()
                            + " counterparts: " + JavaPorts.list(c.duplicates())));
                }
                for (JavaPorts.Port p : c.all()) {
                    if (!p.source().file().equals(e.file())) {
                        out.add(new Problem(What.WRONG_FILE, e, v, e.symbol() + " [" + v + "]: " + p.javaName() + " says file \""
                                + p.source().file() + "\", the manifest " + e.file()));
                    }
                }
            }
        }
        return out;
    }

    private static boolean hasStruct(String name) {
        try {
            KernelStructs.entry(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The symbols with a problem, sorted. */
    public static Set<String> symbols(List<Problem> problems) {
        Set<String> out = new TreeSet<>();
        for (Problem p : problems) {
            out.add(p.entry().symbol());
        }
        return out;
    }

    /** One line per problem. */
    public static String toText(List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        for (Problem p : problems) {
            b.append(p.what().id()).append(": ").append(p.text()).append('\n');
        }
        return b.toString();
    }
}
