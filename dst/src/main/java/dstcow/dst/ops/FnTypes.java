package dstcow.dst.ops;

/**
 * The C function-pointer types of {@code struct dst_ops} and {@code struct dst_entry}, as Java
 * functional interfaces. A kernel function is registered in the
 * {@link dstcow.dst.mem.SymbolTable} as an instance of one of these; a call through a native
 * function pointer resolves it with the type the call site expects, so calling a function of
 * the wrong type is an oops, not a {@link ClassCastException}.
 *
 * <p>Pointers are emulated addresses ({@code long}); {@code u32}/{@code unsigned int} are
 * {@code int} bits.
 */
public final class FnTypes {
    private FnTypes() {
    }

    /** {@code int (*gc)(struct dst_ops *ops)}. */
    @FunctionalInterface
    public interface Gc {
        int gc(long ops);
    }

    /** {@code struct dst_entry *(*check)(struct dst_entry *, __u32 cookie)}. */
    @FunctionalInterface
    public interface Check {
        long check(long dst, int cookie);
    }

    /** {@code unsigned int (*default_advmss)(const struct dst_entry *)}. */
    @FunctionalInterface
    public interface DefaultAdvmss {
        int defaultAdvmss(long dst);
    }

    /** {@code unsigned int (*default_mtu)(const struct dst_entry *)}. */
    @FunctionalInterface
    public interface DefaultMtu {
        int defaultMtu(long dst);
    }

    /** {@code u32 *(*cow_metrics)(struct dst_entry *, unsigned long)} (62fa8a84): returns a writable array or NULL. */
    @FunctionalInterface
    public interface CowMetrics {
        long cowMetrics(long dst, long old);
    }

    /** {@code void (*destroy)(struct dst_entry *)}. */
    @FunctionalInterface
    public interface Destroy {
        void destroy(long dst);
    }

    /** {@code void (*ifdown)(struct dst_entry *, struct net_device *dev, int how)}. */
    @FunctionalInterface
    public interface Ifdown {
        void ifdown(long dst, long dev, int how);
    }

    /** {@code struct dst_entry *(*negative_advice)(struct dst_entry *)}. */
    @FunctionalInterface
    public interface NegativeAdvice {
        long negativeAdvice(long dst);
    }

    /** {@code void (*link_failure)(struct sk_buff *)}. */
    @FunctionalInterface
    public interface LinkFailure {
        void linkFailure(long skb);
    }

    /** {@code void (*update_pmtu)(struct dst_entry *dst, u32 mtu)}. */
    @FunctionalInterface
    public interface UpdatePmtu {
        void updatePmtu(long dst, int mtu);
    }

    /** {@code int (*local_out)(struct sk_buff *skb)}. */
    @FunctionalInterface
    public interface LocalOut {
        int localOut(long skb);
    }

    /** {@code int (*input)(struct sk_buff *)} and {@code int (*output)(struct sk_buff *)} of {@code struct dst_entry}. */
    @FunctionalInterface
    public interface SkbHandler {
        int handle(long skb);
    }

    /** {@code FnTypes.Destroy} for an implementation of {@link Destroy}, for messages; else its class's simple name. */
    public static String typeName(Object implementation) {
        for (Class<?> i : implementation.getClass().getInterfaces()) {
            if (i.getEnclosingClass() == FnTypes.class) {
                return "FnTypes." + i.getSimpleName();
            }
        }
        Class<?>[] interfaces = implementation.getClass().getInterfaces();
        return interfaces.length > 0 ? interfaces[0].getSimpleName() : implementation.getClass().getSimpleName();
    }

    /** The Java type of each function-pointer member of {@code struct dst_ops}, by member name. */
    public static Class<?> ofDstOpsMember(String member) {
        return switch (member) {
            case "gc" -> Gc.class;
            case "check" -> Check.class;
            case "default_advmss" -> DefaultAdvmss.class;
            case "default_mtu" -> DefaultMtu.class;
            case "cow_metrics" -> CowMetrics.class;
            case "destroy" -> Destroy.class;
            case "ifdown" -> Ifdown.class;
            case "negative_advice" -> NegativeAdvice.class;
            case "link_failure" -> LinkFailure.class;
            case "update_pmtu" -> UpdatePmtu.class;
            case "local_out" -> LocalOut.class;
            default -> null;
        };
    }
}
