package dstcow.tools.compare;

import dstcow.dst.KernelSource;
import dstcow.layout.model.KernelVersion;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every Java element that carries a {@link KernelSource} in the scanned packages, and the
 * counterparts of a kernel symbol among them.
 *
 * <h2>Counterpart, parts, duplicates</h2>
 * A kernel function may be ported by one method plus pieces of it: the lines only one kernel has,
 * split into an override ({@code PatchedDstKernel.dstAllocInitMetrics} is {@code dst_alloc}'s line
 * 185), or a check done once at build time ({@code dst_hold}'s {@code BUILD_BUG_ON}). All carry the
 * symbol. The <em>counterpart</em> of a symbol in a kernel is the one element left when, among
 * the elements annotated with the symbol and the kernel, one keeps those of the symbol's kind
 * (methods for functions and macros, fields for constants), then the public ones if any, then drops
 * the methods another of them calls in that kernel. The others are its <em>parts</em>. More than
 * one left is a duplicate: two elements claim to be the same kernel function.
 */
public final class JavaPorts {

    /**
     * One annotated element.
     *
     * @param element the method, constructor, field or class
     * @param source  its annotation
     */
    public record Port(AnnotatedElement element, KernelSource source) {

        public boolean in(KernelVersion v) { return List.of(source.kernels()).contains(v); }

        public Class<?> declaringClass() {
            return element instanceof Member m ? m.getDeclaringClass() : (Class<?>) element;
        }

        public boolean isPublic() {
            int mod = element instanceof Member m ? m.getModifiers() : ((Class<?>) element).getModifiers();
            return Modifier.isPublic(mod);
        }

        public boolean isMethod() { return element instanceof Executable; }

        public boolean isField() { return element instanceof Field; }

        /** {@code PatchedDstKernel.dstMetricsWritePtr(long)}, {@code DstKernel.DST_HOST}, {@code Rtax}. */
        public String javaName() {
            String cls = simpleName(declaringClass());
            return switch (element) {
                case Method m -> cls + "." + m.getName() + params(m);
                case Constructor<?> c -> cls + params(c);
                case Field f -> cls + "." + f.getName();
                default -> cls;
            };
        }

        /** The declaration as reflection shows it, for when the source is not at hand. */
        public String signature() {
            return switch (element) {
                case Method m -> m.toGenericString();
                case Constructor<?> c -> c.toGenericString();
                case Field f -> f.toGenericString();
                case Class<?> c -> c.toGenericString();
                default -> element.toString();
            };
        }

        @Override
        public String toString() { return javaName(); }
    }

    /**
     * The counterpart of one symbol in one kernel.
     *
     * @param symbol     the kernel symbol
     * @param kernel     the kernel
     * @param all        every element annotated with the symbol for the kernel
     * @param primary    the counterpart, or {@code null} when there is none or more than one
     * @param parts      the pieces of it
     * @param duplicates the candidates when more than one is left (empty otherwise)
     */
    public record Counterpart(String symbol, KernelVersion kernel, List<Port> all, Port primary, List<Port> parts,
                              List<Port> duplicates) {
        public boolean missing() { return all.isEmpty(); }

        public boolean duplicated() { return !duplicates.isEmpty(); }

        /** The primary first, then the parts. */
        public List<Port> ordered() {
            List<Port> out = new ArrayList<>();
            if (primary != null) {
                out.add(primary);
            }
            out.addAll(parts);
            if (primary == null) {
                out.addAll(duplicates);
            }
            return out;
        }
    }

    private final List<String> packages;
    private final ClassLoader loader;
    private final List<Port> ports;
    private final List<String> problems;

    private JavaPorts(List<String> packages, ClassLoader loader, List<Port> ports, List<String> problems) {
        this.packages = List.copyOf(packages);
        this.loader = loader;
        this.ports = List.copyOf(ports);
        this.problems = List.copyOf(problems);
    }

    /** Scans the packages (and their sub-packages) on the class path of {@code loader}. */
    public static JavaPorts scan(List<String> packages, ClassLoader loader) {
        List<Port> ports = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String className : classNames(packages, loader)) {
            Class<?> c;
            try {
                c = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(className + ": " + e);
                continue;
            }
            try {
                collect(c, ports);
            } catch (LinkageError e) {
                problems.add(className + ": " + e);
            }
        }
        ports.sort(Comparator.comparing(Port::javaName));
        return new JavaPorts(packages, loader, ports, problems);
    }

    /** Scans the packages a manifest names, with the class loader of this class. */
    public static JavaPorts scan(Manifest manifest) {
        return scan(manifest.scan(), JavaPorts.class.getClassLoader());
    }

    private static void collect(Class<?> c, List<Port> out) {
        add(c, out);
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isBridge() && !m.isSynthetic()) {
                add(m, out);
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            add(k, out);
        }
        for (Field f : c.getDeclaredFields()) {
            if (!f.isSynthetic()) {
                add(f, out);
            }
        }
    }

    private static void add(AnnotatedElement e, List<Port> out) {
        KernelSource s = e.getAnnotation(KernelSource.class);
        if (s != null) {
            out.add(new Port(e, s));
        }
    }

    public List<String> packages() { return packages; }

    public ClassLoader loader() { return loader; }

    public List<Port> all() { return ports; }

    /** Classes that were found but could not be loaded or inspected. */
    public List<String> problems() { return problems; }

    /** The elements annotated with {@code symbol} for kernel {@code v}. */
    public List<Port> annotated(String symbol, KernelVersion v) {
        return ports.stream().filter(p -> p.source().symbol().equals(symbol) && p.in(v)).toList();
    }

    /** The counterpart of {@code symbol} in kernel {@code v}, its parts, or the duplicates. */
    public Counterpart counterpart(String symbol, Manifest.Kind kind, KernelVersion v) {
        List<Port> all = annotated(symbol, v);
        if (all.isEmpty()) {
            return new Counterpart(symbol, v, all, null, List.of(), List.of());
        }
        List<Port> candidates = switch (kind) {
            case FUNCTION, MACRO -> all.stream().filter(Port::isMethod).toList();
            case CONSTANT -> all.stream().filter(Port::isField).toList();
            default -> all;
        };
        if (candidates.isEmpty()) {
            candidates = all;
        }
        List<Port> pub = candidates.stream().filter(Port::isPublic).toList();
        if (!pub.isEmpty()) {
            candidates = pub;
        }
        Set<AnnotatedElement> reached = new LinkedHashSet<>();
        for (Port p : all) {
            if (p.element() instanceof Executable e) {
                for (JavaBytecode.Invoke inv : JavaBytecode.invokes(e)) {
                    JavaBytecode.target(inv, loader).map(t -> JavaBytecode.forKernel(t, v)).ifPresent(t -> {
                        if (t != e) {
                            reached.add(t);
                        }
                    });
                }
            }
        }
        List<Port> left = candidates.stream().filter(p -> !reached.contains(p.element())).toList();
        if (left.isEmpty()) {
            left = candidates;
        }
        if (left.size() > 1) {
            return new Counterpart(symbol, v, all, null, List.of(), left);
        }
        Port primary = left.getFirst();
        List<Port> parts = all.stream().filter(p -> p != primary).toList();
        return new Counterpart(symbol, v, all, primary, parts, List.of());
    }

    // ---- finding the classes -----------------------------------------------------------------------

    /** The binary names of the classes in the packages and their sub-packages, from directories and jars. */
    static Set<String> classNames(List<String> packages, ClassLoader loader) {
        Set<String> out = new TreeSet<>();
        for (String pkg : packages) {
            String dir = pkg.replace('.', '/');
            Enumeration<URL> urls;
            try {
                urls = loader.getResources(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list package " + pkg + ": " + e.getMessage(), e);
            }
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try {
                    switch (url.getProtocol()) {
                        case "file" -> fromDirectory(Path.of(url.toURI()), pkg, out);
                        case "jar" -> fromJar(url, dir, out);
                        default -> {
                        }
                    }
                } catch (IOException | URISyntaxException e) {
                    throw new IllegalStateException("cannot list " + url + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static void fromDirectory(Path root, String pkg, Set<String> out) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String rel = root.relativize(p).toString().replace(File.separatorChar, '.');
                add(pkg + "." + rel.substring(0, rel.length() - ".class".length()), out);
            });
        }
    }

    private static void fromJar(URL url, String dir, Set<String> out) throws IOException {
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.startsWith(dir + "/") && n.endsWith(".class")) {
                    add(n.substring(0, n.length() - ".class".length()).replace('/', '.'), out);
                }
            }
        }
    }

    private static void add(String className, Set<String> out) {
        if (!className.endsWith("package-info") && !className.endsWith("module-info")) {
            out.add(className);
        }
    }

    // ---- names ----------------------------------------------------------------------------------------

    /** {@code Outer.Inner} for nested classes. */
    static String simpleName(Class<?> c) {
        String n = c.getName();
        int dot = n.lastIndexOf('.');
        return n.substring(dot + 1).replace('$', '.');
    }

    private static String params(Executable e) {
        StringBuilder b = new StringBuilder("(");
        Class<?>[] ps = e.getParameterTypes();
        for (int i = 0; i < ps.length; i++) {
            b.append(i == 0 ? "" : ", ").append(ps[i].getSimpleName());
        }
        return b.append(')').toString();
    }

    /** Elements of a map of symbol to ports, for messages. */
    static String list(List<Port> ports) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Port p : ports) {
            m.put(p.javaName(), p.source().kernels().length == 2 ? "" : " [" + p.source().kernels()[0] + "]");
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, s) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(s));
        return b.toString();
    }
}
