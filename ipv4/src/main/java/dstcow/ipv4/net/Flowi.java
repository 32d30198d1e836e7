package dstcow.ipv4.net;

/**
 * The IPv4 view of a {@code struct flowi} (include/net/flow.h, early 2011): the flow key of a
 * route lookup and of an IPsec policy lookup, as a value. {@link FlowiLayout} reads and writes it
 * in native memory ({@code rtable.fl}, {@code xfrm_dst.u.rt.fl}, a decoded session).
 *
 * @param oif    {@code oif}
 * @param iif    {@code iif}; non-zero marks an input route ({@code rt_is_input_route})
 * @param mark   {@code mark}
 * @param daddr  {@code fl4_dst}, host order
 * @param saddr  {@code fl4_src}, host order
 * @param tos    {@code fl4_tos}
 * @param scope  {@code fl4_scope}
 * @param proto  {@code proto}
 * @param flags  {@code flags} ({@code FLOWI_FLAG_ANYSRC})
 * @param uli    the four bytes of {@code uli_u} in memory order, as a big-endian int: ports
 *               ({@code sport} high, {@code dport} low), ICMP type and code (top two bytes),
 *               an SPI or GRE key
 * @param secid  {@code secid}
 */
public record Flowi(int oif, int iif, int mark, int daddr, int saddr, int tos, int scope, int proto, int flags, int uli, int secid) {

    /** {@code FLOWI_FLAG_ANYSRC}. */
    public static final int FLOWI_FLAG_ANYSRC = 0x01;

    /** An output lookup key: {@code { .fl4_dst, .fl4_src, .fl4_tos, .oif }}, everything else 0. */
    public static Flowi output(int daddr, int saddr, int tos, int oif) {
        return new Flowi(oif, 0, 0, daddr, saddr, tos, 0, 0, 0, 0, 0);
    }

    public Flowi withMark(int m) {
        return new Flowi(oif, iif, m, daddr, saddr, tos, scope, proto, flags, uli, secid);
    }

    public Flowi withProto(int p) {
        return new Flowi(oif, iif, mark, daddr, saddr, tos, scope, p, flags, uli, secid);
    }

    public Flowi withPorts(int sport, int dport) {
        return new Flowi(oif, iif, mark, daddr, saddr, tos, scope, proto, flags, (sport & 0xffff) << 16 | (dport & 0xffff), secid);
    }

    /** {@code fl_ip_sport}, host order. */
    public int sport() { return uli >>> 16; }

    /** {@code fl_ip_dport}, host order. */
    public int dport() { return uli & 0xffff; }

    /** {@code fl_icmp_type}. */
    public int icmpType() { return uli >>> 24; }

    /** {@code fl_icmp_code}. */
    public int icmpCode() { return (uli >>> 16) & 0xff; }

    /** {@code fl_ipsec_spi}, host order. */
    public int spi() { return uli; }

    /** {@code fl_gre_key}, host order. */
    public int greKey() { return uli; }

    @Override
    public String toString() {
        return "flowi{dst " + Inet.format(daddr) + ", src " + Inet.format(saddr) + ", tos 0x" + Integer.toHexString(tos)
                + ", oif " + oif + ", iif " + iif + (mark != 0 ? ", mark " + mark : "") + (proto != 0 ? ", proto " + proto : "")
                + (uli != 0 ? ", uli 0x" + Integer.toHexString(uli) : "") + "}";
    }
}
