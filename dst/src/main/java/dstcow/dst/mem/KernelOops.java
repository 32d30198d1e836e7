package dstcow.dst.mem;

/**
 * An emulated kernel oops: what a KASAN kernel would print, as an exception. The message reads
 * <pre>
 * &lt;title&gt; in &lt;function&gt;: &lt;access&gt; of size &lt;n&gt; at 0x&lt;address&gt;: &lt;what is there&gt;
 * </pre>
 * for example {@code use-after-free in dst_metric_raw: read of size 4 at 0xffff880000021044:
 * 4 bytes into freed kmalloc-64 object 0xffff880000021040 (56 bytes, allocated by
 * dst_cow_metrics_generic, freed by __dst_destroy_metrics_generic)}. Addresses are printed
 * with the ABI's pointer width. The oops is also recorded in the memory's {@link Trace}.
 */
public final class KernelOops extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final OopsKind kind;
    private final long address;
    private final Access access;
    private final int size;
    private final String function;
    private final String object;

    KernelOops(OopsKind kind, long address, Access access, int size, String function, String object, int pointerSize) {
        super(format(kind, address, access, size, function, object, pointerSize));
        this.kind = kind;
        this.address = address;
        this.access = access;
        this.size = size;
        this.function = function;
        this.object = object;
    }

    private static String format(OopsKind kind, long address, Access access, int size, String function, String object,
                                 int pointerSize) {
        StringBuilder b = new StringBuilder(kind.title()).append(" in ").append(function).append(": ");
        b.append(access.verb());
        if (access != Access.FREE && access != Access.CALL) {
            b.append(" of size ").append(size);
        }
        b.append(access == Access.CALL ? " to " : " at ").append(Hex.addr(address, pointerSize));
        if (object != null && !object.isEmpty()) {
            b.append(": ").append(object);
        }
        return b.toString();
    }

    public OopsKind kind() { return kind; }

    /** The faulting address (for a call: the function pointer's value). */
    public long address() { return address; }

    public Access access() { return access; }

    /** Bytes accessed (0 for frees and calls). */
    public int size() { return size; }

    /** The kernel function that made the access. */
    public String function() { return function; }

    /** What the address hit, as a phrase: the object, its size and who allocated and freed it. */
    public String object() { return object; }
}
