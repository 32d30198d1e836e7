package dstcow.tools.compare;

import dstcow.dst.KernelSource;
import dstcow.layout.model.KernelVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytecode of ported methods, read with the JDK's {@code java.lang.classfile} API: the invoke
 * instructions in order, each with the Java source line it was compiled from, and the method each
 * one reaches in a given kernel. The ports are sealed hierarchies ({@code DstKernel} permits
 * {@code ParentDstKernel} and {@code PatchedDstKernel}); a call through the base class reaches the
 * override whose {@link KernelSource} names that kernel.
 */
public final class JavaBytecode {

    private static final Map<Class<?>, Optional<ClassModel>> MODELS = new ConcurrentHashMap<>();

    private JavaBytecode() {
    }

    /**
     * One invoke instruction.
     *
     * @param owner      the class named by the instruction, binary name ({@code dstcow.dst.DstKernel})
     * @param name       the method name
     * @param descriptor the method descriptor ({@code (JII)V})
     * @param opcode     invokevirtual, invokestatic, invokeinterface or invokespecial
     * @param line       the Java source line, or -1 without line numbers
     * @param lastString the last string constant loaded before the call (a {@code DstOps.Builder} member or symbol name), or {@code null}
     */
    public record Invoke(String owner, String name, String descriptor, Opcode opcode, int line, String lastString) {
        public boolean isInterface() { return opcode == Opcode.INVOKEINTERFACE; }
    }

    /** The parsed class file of {@code c}, if its bytes can be found through its class loader. */
    public static Optional<ClassModel> model(Class<?> c) {
        return MODELS.computeIfAbsent(c, JavaBytecode::load);
    }

    private static Optional<ClassModel> load(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(ClassFile.of().parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + c.getName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code (JII)V} for a method or constructor. */
    public static String descriptor(Executable e) {
        Class<?> ret = e instanceof Method m ? m.getReturnType() : void.class;
        return MethodType.methodType(ret, e.getParameterTypes()).toMethodDescriptorString();
    }

    private static String internalName(Executable e) {
        return e instanceof Constructor<?> ? "<init>" : e.getName();
    }

    /** The invoke instructions of a method or constructor, in bytecode order; empty when it has no code. */
    public static List<Invoke> invokes(Executable e) {
        Optional<ClassModel> cm = model(e.getDeclaringClass());
        if (cm.isEmpty()) {
            return List.of();
        }
        String name = internalName(e);
        String desc = descriptor(e);
        for (MethodModel mm : cm.get().methods()) {
            if (mm.methodName().equalsString(name) && mm.methodType().equalsString(desc)) {
                return mm.code().map(JavaBytecode::invokes).orElse(List.of());
            }
        }
        return List.of();
    }

    private static List<Invoke> invokes(Iterable<CodeElement> code) {
        List<Invoke> out = new ArrayList<>();
        int line = -1;
        String lastString = null;
        for (CodeElement el : code) {
            switch (el) {
                case LineNumber ln -> line = ln.line();
                case ConstantInstruction ci when ci.constantValue() instanceof String s -> lastString = s;
                case InvokeInstruction ii -> {
                    out.add(new Invoke(ii.owner().asInternalName().replace('/', '.'), ii.name().stringValue(),
                            ii.type().stringValue(), ii.opcode(), line, lastString));
                    lastString = null;
                }
                default -> {
                }
            }
        }
        return out;
    }

    /** The class an invoke names, loaded without initializing it, or empty (arrays, classes not on the class path). */
    public static Optional<Class<?>> owner(Invoke inv, ClassLoader loader) {
        if (inv.owner().startsWith("[")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(inv.owner(), false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The method or constructor an invoke names, as Java resolves it (the class, then its supertypes). */
    public static Optional<Executable> target(Invoke inv, ClassLoader loader) {
        Optional<Class<?>> owner = owner(inv, loader);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        if (inv.name().equals("<init>")) {
            for (Constructor<?> c : declared(owner.get(), Class::getDeclaredConstructors)) {
                if (descriptor(c).equals(inv.descriptor())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
        return findMethod(owner.get(), inv.name(), inv.descriptor());
    }

    private static Optional<Executable> findMethod(Class<?> c, String name, String desc) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : declared(k, Class::getDeclaredMethods)) {
                if (!m.isBridge() && m.getName().equals(name) && descriptor(m).equals(desc)) {
                    return Optional.of(m);
                }
            }
        }
        for (Class<?> i : c.getInterfaces()) {
            Optional<Executable> found = findMethod(i, name, desc);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The method a call to {@code m} runs in kernel {@code v}: an override in a permitted subclass
     * whose {@link KernelSource} names {@code v}, else {@code m} itself.
     */
    public static Executable forKernel(Executable m, KernelVersion v) {
        if (!(m instanceof Method method) || Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
            return m;
        }
        Optional<Method> o = override(method.getDeclaringClass(), method, v);
        return o.isPresent() ? o.get() : m;
    }

    private static Optional<Method> override(Class<?> c, Method m, KernelVersion v) {
        Class<?>[] subs = c.getPermittedSubclasses();
        if (subs == null) {
            return Optional.empty();
        }
        for (Class<?> s : subs) {
            for (Method d : declared(s, Class::getDeclaredMethods)) {
                if (!d.isBridge() && d.getName().equals(m.getName()) && Arrays.equals(d.getParameterTypes(), m.getParameterTypes())) {
                    KernelSource ks = d.getAnnotation(KernelSource.class);
                    if (ks != null && List.of(ks.kernels()).contains(v)) {
                        return Optional.of(d);
                    }
                }
            }
            Optional<Method> deeper = override(s, m, v);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    private static <T> List<T> declared(Class<?> c, java.util.function.Function<Class<?>, T[]> f) {
        try {
            return List.of(f.apply(c));
        } catch (LinkageError | SecurityException e) {
            return List.of();
        }
    }
}
