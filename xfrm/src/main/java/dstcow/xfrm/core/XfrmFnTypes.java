package dstcow.xfrm.core;

import dstcow.ipv4.net.Flowi;
import dstcow.xfrm.ipv4.Packet;

/**
 * The C function-pointer types of the xfrm structs ({@code struct xfrm_type},
 * {@code struct xfrm_policy_afinfo}), as Java functional interfaces, for functions registered in
 * the kernel's symbol table and called through addresses.
 *
 * <p>Pointers are emulated addresses ({@code long}). The {@code xfrm_address_t} arguments of the
 * afinfo functions live on the caller's C stack, which is not emulated: they travel as host-order
 * IPv4 addresses, {@code null} standing for a NULL pointer. A flow key passed by pointer to a
 * function that only reads it travels as a {@link Flowi} value.
 */
public final class XfrmFnTypes {
    private XfrmFnTypes() {
    }

    /** {@code u32 (*get_mtu)(struct xfrm_state *, int size)}. */
    @FunctionalInterface
    public interface GetMtu {
        int getMtu(long x, int size);
    }

    /** {@code void (*destructor)(struct xfrm_state *)}. */
    @FunctionalInterface
    public interface StateDestructor {
        void destructor(long x);
    }

    /** {@code void (*garbage_collect)(struct net *net)}. */
    @FunctionalInterface
    public interface GarbageCollect {
        void garbageCollect(long net);
    }

    /** {@code struct dst_entry *(*dst_lookup)(struct net *net, int tos, xfrm_address_t *saddr, xfrm_address_t *daddr)}: a route or an {@code ERR_PTR}. */
    @FunctionalInterface
    public interface DstLookup {
        long dstLookup(long net, int tos, Integer saddr, int daddr);
    }

    /** {@code int (*get_saddr)(struct net *net, xfrm_address_t *saddr, xfrm_address_t *daddr)}: {@code saddr[0]} is the out-parameter. */
    @FunctionalInterface
    public interface GetSaddr {
        int getSaddr(long net, int[] saddr, int daddr);
    }

    /** {@code void (*decode_session)(struct sk_buff *skb, struct flowi *fl, int reverse)}: writes the native flowi at {@code fl}. */
    @FunctionalInterface
    public interface DecodeSession {
        void decodeSession(Packet skb, long fl, int reverse);
    }

    /** {@code int (*get_tos)(struct flowi *fl)}. */
    @FunctionalInterface
    public interface GetTos {
        int getTos(Flowi fl);
    }

    /** {@code int (*init_path)(struct xfrm_dst *path, struct dst_entry *dst, int nfheader_len)}. */
    @FunctionalInterface
    public interface InitPath {
        int initPath(long path, long dst, int nfheaderLen);
    }

    /** {@code int (*fill_dst)(struct xfrm_dst *xdst, struct net_device *dev, struct flowi *fl)}. */
    @FunctionalInterface
    public interface FillDst {
        int fillDst(long xdst, long dev, Flowi fl);
    }
}
