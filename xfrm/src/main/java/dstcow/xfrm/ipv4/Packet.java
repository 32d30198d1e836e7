package dstcow.xfrm.ipv4;

import java.util.Objects;

/**
 * A received or sent IPv4 packet, as much of {@code struct sk_buff} as {@code _decode_session4}
 * reads: the linear data ({@code skb->head .. skb->tail}), where {@code skb->data} and the
 * network header are in it, and {@code skb->mark}. The whole buffer is linear, so
 * {@code pskb_may_pull(skb, len)} holds exactly when {@code len} bytes from {@code skb->data} are
 * there.
 *
 * @param buf     the bytes, network order
 * @param data    the offset of {@code skb->data}
 * @param network the offset of the IPv4 header ({@code skb_network_header})
 * @param mark    {@code skb->mark}
 */
public record Packet(byte[] buf, int data, int network, int mark) {

    public Packet {
        Objects.requireNonNull(buf, "buf");
        if (data < 0 || data > buf.length || network < 0 || network + 20 > buf.length) {
            throw new IllegalArgumentException("packet of " + buf.length + " bytes: data offset " + data + " and network header offset "
                    + network + " must leave a 20-byte IPv4 header in the buffer");
        }
        buf = buf.clone();
    }

    /** An IPv4 packet whose {@code skb->data} is its network header. */
    public static Packet of(byte[] ip) {
        return new Packet(ip, 0, 0, 0);
    }

    @Override
    public byte[] buf() {
        return buf.clone();
    }

    /** {@code skb->len}: bytes from {@code skb->data} to the end. */
    public int len() {
        return buf.length - data;
    }

    /** {@code pskb_may_pull(skb, len)} on a linear buffer. */
    public boolean pskbMayPull(int len) {
        return len <= len();
    }

    int u8(int at) {
        return buf[at] & 0xff;
    }

    int be16(int at) {
        return (u8(at) << 8) | u8(at + 1);
    }

    int be32(int at) {
        return (be16(at) << 16) | be16(at + 2);
    }
}
