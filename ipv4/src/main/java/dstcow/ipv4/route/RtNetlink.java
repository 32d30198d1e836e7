package dstcow.ipv4.route;

import dstcow.dst.KernelSource;
import dstcow.dst.Rtax;
import dstcow.dst.mem.KernelMemory;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.Nla;

import java.nio.ByteOrder;
import java.util.Map;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * {@code rtnetlink_put_metrics} (net/core/rtnetlink.c): a route's metrics as the nested
 * {@code RTA_METRICS} attribute of a netlink route message, one {@code u32} attribute per non-zero
 * metric, type {@code i + 1} for slot {@code i}; nothing at all when every metric is zero. The
 * same encoding, built from a map, is what a route add carries ({@link #encodeMetrics}).
 */
public final class RtNetlink {
    private RtNetlink() {
    }

    /** The byte order of netlink attributes on this ABI (host order). */
    public static ByteOrder order(KernelMemory mem) {
        return mem.abi().bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * {@code int rtnetlink_put_metrics(struct sk_buff *skb, u32 *metrics)}: reads the 14 metrics
     * at {@code metrics} (native memory) and appends the nest; 0, or -ENOBUFS / -EMSGSIZE when the
     * message has no room.
     */
    @KernelSource(file = "net/core/rtnetlink.c", symbol = "rtnetlink_put_metrics", commit = PATCHED)
    public static int rtnetlinkPutMetrics(KernelMemory mem, Nla skb, long metrics) {
        String fn = "rtnetlink_put_metrics";
        int valid = 0;
        int mx = skb.nlaNestStart(Inet.RTA_METRICS);
        if (mx < 0) {
            return -Inet.ENOBUFS;
        }
        for (int i = 0; i < Rtax.RTAX_MAX; i++) {
            int v = mem.readU32(metrics + 4L * i, fn);
            if (v != 0) {
                valid++;
                if (skb.nlaPutU32(i + 1, v) < 0) {
                    skb.nlaNestCancel(mx);
                    return -Inet.EMSGSIZE;
                }
            }
        }
        if (valid == 0) {
            skb.nlaNestCancel(mx);
            return 0;
        }
        return skb.nlaNestEnd(mx);
    }

    /**
     * The payload of an {@code RTA_METRICS} attribute carrying {@code metrics} (RTAX id to value),
     * as {@code ip route add ... mtu 1400 advmss 1360} builds it: one {@code u32} attribute per
     * entry, in id order, in the ABI's byte order. Ids are not checked here: the kernel rejects a
     * type above {@code RTAX_MAX} in {@code fib_create_info}.
     */
    public static byte[] encodeMetrics(KernelMemory mem, Map<Integer, Integer> metrics) {
        Nla n = new Nla(order(mem), Integer.MAX_VALUE);
        metrics.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.nlaPutU32(e.getKey(), e.getValue()));
        return n.bytes();
    }
}
