package dstcow.ipv4.net;

import dstcow.dst.KernelSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * Netlink attributes as bytes (include/net/netlink.h, lib/nlattr.c of early 2011): a message
 * tail with a fixed tailroom, like the {@code sk_buff} a netlink message is built in, and the
 * attribute walk of {@code nla_for_each_attr}. Attributes are {@code struct nlattr { __u16 nla_len;
 * __u16 nla_type; }} followed by the payload padded to {@link #NLA_ALIGNTO}, all in the host's
 * (here: the emulated ABI's) byte order. Netlink sockets are not modelled; the bytes are what a
 * dump would carry.
 */
public final class Nla {

    public static final String NETLINK_H = "include/net/netlink.h";

    /** {@code NLA_ALIGNTO}. */
    @KernelSource(file = NETLINK_H, symbol = "NLA_ALIGNTO", commit = PATCHED)
    public static final int NLA_ALIGNTO = 4;
    /** {@code NLA_HDRLEN}: {@code NLA_ALIGN(sizeof(struct nlattr))}. */
    @KernelSource(file = NETLINK_H, symbol = "NLA_HDRLEN", commit = PATCHED)
    public static final int NLA_HDRLEN = 4;
    /** {@code NLA_TYPE_MASK}: {@code ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)}. */
    @KernelSource(file = NETLINK_H, symbol = "NLA_TYPE_MASK", commit = PATCHED)
    public static final int NLA_TYPE_MASK = ~(0x8000 | 0x4000) & 0xffff;

    private final ByteOrder order;
    private final int tailroom;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private byte[] cancelled;

    /**
     * A message tail in {@code order} that can take {@code tailroom} more bytes; a put that does
     * not fit fails as {@code nla_put} does (returns -EMSGSIZE and leaves the tail as it was).
     */
    public Nla(ByteOrder order, int tailroom) {
        if (tailroom < 0) {
            throw new IllegalArgumentException("tailroom " + tailroom + " is negative");
        }
        this.order = order;
        this.tailroom = tailroom;
    }

    /** {@code NLA_ALIGN(len)}. */
    @KernelSource(file = NETLINK_H, symbol = "NLA_ALIGN", commit = PATCHED)
    public static int NLA_ALIGN(int len) {
        return (len + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
    }

    /** {@code nla_total_size(payload)}. */
    @KernelSource(file = NETLINK_H, symbol = "nla_total_size", commit = PATCHED)
    public static int nlaTotalSize(int payload) {
        return NLA_ALIGN(NLA_HDRLEN + payload);
    }

    /** Bytes in the tail so far. */
    public int len() {
        return out.size();
    }

    /** {@code skb_tailroom}. */
    public int tailroom() {
        return tailroom - out.size();
    }

    /** {@code nla_put(skb, attrtype, attrlen, data)}: 0, or -EMSGSIZE when it does not fit. */
    @KernelSource(file = "lib/nlattr.c", symbol = "nla_put", commit = PATCHED)
    public int nlaPut(int attrtype, byte[] data) {
        if (tailroom() < nlaTotalSize(data.length)) {
            return -Inet.EMSGSIZE;
        }
        ByteBuffer b = ByteBuffer.allocate(nlaTotalSize(data.length)).order(order);
        b.putShort((short) (NLA_HDRLEN + data.length));
        b.putShort((short) attrtype);
        b.put(data);
        out.writeBytes(b.array());
        return 0;
    }

    /** {@code nla_put_u32(skb, attrtype, value)} ({@code NLA_PUT_U32} jumps to {@code nla_put_failure} on error). */
    @KernelSource(file = NETLINK_H, symbol = "nla_put_u32", commit = PATCHED)
    public int nlaPutU32(int attrtype, int value) {
        return nlaPut(attrtype, ByteBuffer.allocate(4).order(order).putInt(value).array());
    }

    /** {@code nla_nest_start(skb, attrtype)}: the offset of the nest header, or -1 (NULL) when it does not fit. */
    @KernelSource(file = NETLINK_H, symbol = "nla_nest_start", commit = PATCHED,
            note = "the nest type carries no NLA_F_NESTED flag, as in 2011")
    public int nlaNestStart(int attrtype) {
        int start = out.size();
        if (nlaPut(attrtype, new byte[0]) < 0) {
            return -1;
        }
        return start;
    }

    /** {@code nla_nest_end(skb, start)}: patches the nest length; returns the message length. */
    @KernelSource(file = NETLINK_H, symbol = "nla_nest_end", commit = PATCHED)
    public int nlaNestEnd(int start) {
        byte[] all = out.toByteArray();
        ByteBuffer.wrap(all).order(order).putShort(start, (short) (all.length - start));
        out.reset();
        out.writeBytes(all);
        return all.length;
    }

    /** {@code nla_nest_cancel(skb, start)}: trims the tail back to {@code start}. */
    @KernelSource(file = NETLINK_H, symbol = "nla_nest_cancel", commit = PATCHED)
    public void nlaNestCancel(int start) {
        byte[] all = out.toByteArray();
        cancelled = java.util.Arrays.copyOfRange(all, start, all.length);
        out.reset();
        out.write(all, 0, start);
    }

    /** The bytes of the tail. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** What the last {@link #nlaNestCancel} trimmed (for tests and traces); empty if nothing. */
    public byte[] lastCancelled() {
        return cancelled == null ? new byte[0] : cancelled.clone();
    }

    /**
     * One attribute of a walk.
     *
     * @param type    {@code nla_type(nla)}: the type with the flag bits masked off
     * @param offset  where the payload starts in the walked buffer
     * @param length  the payload length ({@code nla_len(nla)})
     */
    public record Attr(int type, int offset, int length) {
    }

    /**
     * {@code nla_for_each_attr(pos, head, len, rem)}: the attributes of {@code buf} for which
     * {@code nla_ok} holds, stopping at the first that does not (a truncated or malformed one).
     */
    @KernelSource(file = NETLINK_H, symbol = "nla_for_each_attr", commit = PATCHED)
    public static List<Attr> nlaForEachAttr(byte[] buf, ByteOrder order) {
        List<Attr> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(buf).order(order);
        int pos = 0;
        int rem = buf.length;
        // nla_ok(): rem >= sizeof(*nla) && nla->nla_len >= sizeof(*nla) && nla->nla_len <= rem
        while (rem >= NLA_HDRLEN) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            if (len < NLA_HDRLEN || len > rem) {
                break;
            }
            int type = Short.toUnsignedInt(b.getShort(pos + 2)) & NLA_TYPE_MASK;
            out.add(new Attr(type, pos + NLA_HDRLEN, len - NLA_HDRLEN));
            int totlen = NLA_ALIGN(len);
            pos += totlen;
            rem -= totlen;
        }
        return out;
    }

    /** {@code nla_get_u32}. */
    public static int getU32(byte[] buf, Attr a, ByteOrder order) {
        if (a.length() < 4) {
            throw new IllegalArgumentException("attribute type " + a.type() + " has " + a.length() + " bytes of payload, not the 4 of a u32");
        }
        return ByteBuffer.wrap(buf).order(order).getInt(a.offset());
    }
}
