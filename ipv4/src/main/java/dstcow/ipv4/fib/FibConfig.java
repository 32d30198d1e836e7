package dstcow.ipv4.fib;

import dstcow.ipv4.net.NetDevice;

/**
 * {@code struct fib_config} (include/net/ip_fib.h) reduced to one nexthop: what a route add
 * carries into {@code fib_create_info}.
 *
 * @param dst       {@code fc_dst}, host order
 * @param dstLen    {@code fc_dst_len}
 * @param type      {@code fc_type} ({@code RTN_UNICAST}, {@code RTN_LOCAL}, {@code RTN_UNREACHABLE}, ...)
 * @param scope     {@code fc_scope}
 * @param protocol  {@code fc_protocol} ({@code RTPROT_BOOT} = 3 for {@code ip route add})
 * @param priority  {@code fc_priority}
 * @param prefsrc   {@code fc_prefsrc}, host order, 0 if none
 * @param gw        {@code fc_gw}, host order, 0 if none
 * @param oif       the output device ({@code fc_oif}), or null
 * @param mx        {@code fc_mx}/{@code fc_mx_len}: the payload of the {@code RTA_METRICS}
 *                  attribute, a sequence of netlink attributes in the ABI's byte order (see
 *                  {@link dstcow.ipv4.route.RtNetlink#encodeMetrics}); empty for none
 */
public record FibConfig(int dst, int dstLen, int type, int scope, int protocol, int priority, int prefsrc, int gw,
                        NetDevice oif, byte[] mx) {

    /** {@code RTPROT_BOOT}: what {@code ip route add} sends by default. */
    public static final int RTPROT_BOOT = 3;
    /** {@code RTPROT_KERNEL}: routes the kernel adds for interface addresses. */
    public static final int RTPROT_KERNEL = 2;

    public FibConfig {
        mx = mx == null ? new byte[0] : mx.clone();
    }

    @Override
    public byte[] mx() {
        return mx.clone();
    }
}
