package dstcow.ipv4;

import dstcow.dst.Rtax;
import dstcow.ipv4.net.Inet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A route to add, as {@code ip route add} describes it: prefix, type, gateway, device, preferred
 * source and metrics. Metric values are the raw {@code u32}s the kernel stores (iproute2 converts
 * {@code rtt 100ms} before sending; here {@code rtt} is the stored value), and {@code lock} sets the
 * metric's bit in {@code RTAX_LOCK}.
 *
 * <pre>
 * RouteSpec.parse("10.1.0.0/16 via 10.0.0.254 dev eth0 mtu lock 1400 advmss 1360 rtt 800")
 * RouteSpec.parse("unreachable 10.9.0.0/16")
 * </pre>
 *
 * @param dst      the prefix, host order
 * @param dstLen   its length
 * @param type     {@code RTN_UNICAST}, {@code RTN_UNREACHABLE}, {@code RTN_BLACKHOLE} or {@code RTN_PROHIBIT}
 * @param gateway  0 for none
 * @param dev      device name, or null (then the gateway's connected device)
 * @param prefsrc  0 for none
 * @param metrics  RTAX id to value, {@code RTAX_LOCK} included, in insertion order
 */
public record RouteSpec(int dst, int dstLen, int type, int gateway, String dev, int prefsrc, Map<Integer, Integer> metrics) {

    public RouteSpec {
        Inet.mask(dstLen);
        if ((dst & ~Inet.mask(dstLen)) != 0) {
            throw new IllegalArgumentException("prefix " + Inet.format(dst) + "/" + dstLen + " has host bits set; did you mean "
                    + Inet.format(dst & Inet.mask(dstLen)) + "/" + dstLen + "?");
        }
        if (type != Inet.RTN_UNICAST && type != Inet.RTN_UNREACHABLE && type != Inet.RTN_BLACKHOLE && type != Inet.RTN_PROHIBIT) {
            throw new IllegalArgumentException("route type " + type + " is not one of unicast (1), blackhole (6), unreachable (7), prohibit (8)");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A unicast route to {@code prefix} ({@code a.b.c.d/len}) with no gateway, device or metrics yet. */
    public static RouteSpec of(String prefix) {
        int slash = prefix.indexOf('/');
        int dst = Inet.parse(slash < 0 ? prefix : prefix.substring(0, slash));
        int len;
        try {
            len = slash < 0 ? 32 : Integer.parseInt(prefix.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + prefix + "' is not a prefix (a.b.c.d/len)");
        }
        return new RouteSpec(dst, len, Inet.RTN_UNICAST, 0, null, 0, Map.of());
    }

    /** An interface address {@code a.b.c.d/len}: host bits allowed, as {@code ip addr add} takes it. */
    static RouteSpec ofHost(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address with a prefix length (a.b.c.d/len)");
        }
        int addr = Inet.parse(cidr.substring(0, slash));
        int len;
        try {
            len = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address with a prefix length (a.b.c.d/len)");
        }
        Inet.mask(len);
        return new RouteSpec(addr & Inet.mask(len), len, Inet.RTN_UNICAST, 0, null, addr, Map.of());
    }

    public RouteSpec via(String gw) { return new RouteSpec(dst, dstLen, type, Inet.parse(gw), dev, prefsrc, metrics); }

    public RouteSpec dev(String name) { return new RouteSpec(dst, dstLen, type, gateway, Objects.requireNonNull(name), prefsrc, metrics); }

    public RouteSpec src(String addr) { return new RouteSpec(dst, dstLen, type, gateway, dev, Inet.parse(addr), metrics); }

    public RouteSpec type(int t) { return new RouteSpec(dst, dstLen, t, gateway, dev, prefsrc, metrics); }

    /** Sets metric {@code metric} (an RTAX id) to {@code value}. */
    public RouteSpec metric(int metric, int value) {
        Rtax.check(metric);
        Map<Integer, Integer> m = new LinkedHashMap<>(metrics);
        m.put(metric, value);
        return new RouteSpec(dst, dstLen, type, gateway, dev, prefsrc, m);
    }

    /** Sets the metric and locks it ({@code mtu lock 1400}). */
    public RouteSpec locked(int metric, int value) {
        return metric(metric, value).lock(metric);
    }

    /** Sets {@code metric}'s bit in {@code RTAX_LOCK}. */
    public RouteSpec lock(int metric) {
        Rtax.check(metric);
        int lock = metrics.getOrDefault(Rtax.RTAX_LOCK, 0) | (1 << metric);
        return metric(Rtax.RTAX_LOCK, lock);
    }

    public String prefix() {
        return Inet.format(dst) + "/" + dstLen;
    }

    /**
     * Parses {@code [unicast|unreachable|blackhole|prohibit] PREFIX [via GW] [dev NAME] [src ADDR]
     * [METRIC [lock] VALUE]...} where METRIC is an iproute2 name ({@code mtu}, {@code advmss},
     * {@code rtt}, {@code rttvar}, {@code window}, {@code cwnd}, {@code ssthresh},
     * {@code hoplimit}, {@code initcwnd}, {@code features}, {@code reordering}, {@code rto_min},
     * {@code initrwnd}) or an RTAX id. Errors name the word and what was expected there.
     */
    public static RouteSpec parse(String text) {
        List<String> w = List.of(text.trim().split("\\s+"));
        int i = 0;
        int type = Inet.RTN_UNICAST;
        switch (w.get(0).toLowerCase(Locale.ROOT)) {
            case "unicast" -> i++;
            case "unreachable" -> { type = Inet.RTN_UNREACHABLE; i++; }
            case "blackhole" -> { type = Inet.RTN_BLACKHOLE; i++; }
            case "prohibit" -> { type = Inet.RTN_PROHIBIT; i++; }
            default -> { }
        }
        if (i >= w.size()) {
            throw new IllegalArgumentException("route '" + text + "': expected a prefix after '" + w.get(i - 1) + "'");
        }
        RouteSpec r = of(w.get(i++)).type(type);
        while (i < w.size()) {
            String key = w.get(i++).toLowerCase(Locale.ROOT);
            if (i >= w.size()) {
                throw new IllegalArgumentException("route '" + text + "': '" + key + "' needs a value");
            }
            switch (key) {
                case "via" -> r = r.via(w.get(i++));
                case "dev" -> r = r.dev(w.get(i++));
                case "src" -> r = r.src(w.get(i++));
                default -> {
                    int metric;
                    try {
                        metric = Rtax.parse(key);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("route '" + text + "': unknown word '" + key
                                + "'; expected via, dev, src or a metric: " + Rtax.valid(), e);
                    }
                    boolean lock = false;
                    if (w.get(i).equalsIgnoreCase("lock")) {
                        lock = true;
                        i++;
                        if (i >= w.size()) {
                            throw new IllegalArgumentException("route '" + text + "': '" + key + " lock' needs a value");
                        }
                    }
                    long v;
                    try {
                        v = Long.parseLong(w.get(i++));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("route '" + text + "': " + key + " value '" + w.get(i - 1)
                                + "' is not a number (0..4294967295)");
                    }
                    if (v < 0 || v > 0xffffffffL) {
                        throw new IllegalArgumentException("route '" + text + "': " + key + " value " + v + " is outside u32 (0..4294967295)");
                    }
                    r = lock ? r.locked(metric, (int) v) : r.metric(metric, (int) v);
                }
            }
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (type != Inet.RTN_UNICAST) {
            b.append(switch (type) {
                case Inet.RTN_UNREACHABLE -> "unreachable ";
                case Inet.RTN_BLACKHOLE -> "blackhole ";
                default -> "prohibit ";
            });
        }
        b.append(prefix());
        if (gateway != 0) {
            b.append(" via ").append(Inet.format(gateway));
        }
        if (dev != null) {
            b.append(" dev ").append(dev);
        }
        if (prefsrc != 0) {
            b.append(" src ").append(Inet.format(prefsrc));
        }
        int lock = metrics.getOrDefault(Rtax.RTAX_LOCK, 0);
        metrics.forEach((m, v) -> {
            if (m != Rtax.RTAX_LOCK) {
                String name = m >= 1 && m <= Rtax.RTAX_MAX ? Rtax.name(m) : "metric#" + m;
                b.append(' ').append(name).append(m < 32 && (lock & (1 << m)) != 0 ? " lock " : " ").append(Integer.toUnsignedString(v));
            }
        });
        return b.toString();
    }
}
