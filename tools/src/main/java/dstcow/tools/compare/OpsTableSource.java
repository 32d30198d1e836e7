package dstcow.tools.compare;

import dstcow.layout.model.KernelVersion;

import java.util.Collection;
import java.util.Map;

/**
 * Builds the Java side of ops-table parity: the {@code struct dst_ops} tables a port defines, as
 * they stand once its static initializers have run. The manifest names the implementation
 * ({@code @ops-tables}); it needs a public no-argument constructor.
 */
public interface OpsTableSource {

    /**
     * The tables of kernel {@code v} among {@code names}, by name; a name the port does not define
     * is left out.
     */
    Map<String, JavaOpsTable> tables(KernelVersion v, Collection<String> names);

    /** Instantiates the class a manifest names. */
    static OpsTableSource load(String className) {
        try {
            Class<?> c = Class.forName(className, true, OpsTableSource.class.getClassLoader());
            if (!OpsTableSource.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(className + " does not implement " + OpsTableSource.class.getName());
            }
            return (OpsTableSource) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate the ops-table source " + className + ": " + e, e);
        }
    }
}
