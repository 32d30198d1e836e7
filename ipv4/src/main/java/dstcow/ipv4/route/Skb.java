package dstcow.ipv4.route;

import dstcow.dst.ops.DstOps;

/**
 * The part of a received {@code struct sk_buff} that input routing reads and writes:
 * {@code skb->mark}, {@code skb->protocol} and the attached route ({@code skb_dst}, which holds
 * a reference). Packets are not modelled; the payload never matters to routing.
 */
public final class Skb {
    private final int mark;
    private final int protocol;
    private final RtRef dst = new RtRef();

    /** An IPv4 packet ({@code ETH_P_IP}) with {@code mark}. */
    public Skb(int mark) {
        this(mark, DstOps.ETH_P_IP);
    }

    public Skb(int mark, int protocol) {
        this.mark = mark;
        this.protocol = protocol;
    }

    public int mark() { return mark; }

    /** {@code ntohs(skb->protocol)}. */
    public int protocol() { return protocol; }

    /** {@code skb_dst(skb)} (as a route), with the reference {@code skb_dst_set} gave it. */
    public RtRef dst() { return dst; }
}
