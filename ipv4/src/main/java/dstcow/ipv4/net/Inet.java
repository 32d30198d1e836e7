package dstcow.ipv4.net;

import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * IPv4 constants of the 2011 kernel headers the port needs (route types and scopes, route cache
 * flags, TOS masks, errno values) and the handling of {@code __be32} addresses.
 *
 * <h2>Addresses</h2>
 * The Java API passes IPv4 addresses as {@code int} in host order ({@code 0x0a000001} is
 * 10.0.0.1). In native memory a {@code __be32} holds the address in network byte order, as in the
 * kernel; {@link #storeBe32} and {@link #loadBe32} convert. A {@code (__force u32)} read of the
 * same word, as {@code rt_cache_seq_show} prints it, is {@link KernelMemory#readU32} of it: on a
 * little-endian ABI 10.0.0.1 prints as {@code 0100000A}.
 */
public final class Inet {
    private Inet() {
    }

    public static final String RTNETLINK_H = "include/linux/rtnetlink.h";
    public static final String IN_ROUTE_H = "include/linux/in_route.h";
    public static final String ERRNO_H = "include/asm-generic/errno-base.h";

    // Route types, enum of include/linux/rtnetlink.h.
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_UNSPEC", commit = PATCHED)
    public static final int RTN_UNSPEC = 0;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_UNICAST", commit = PATCHED)
    public static final int RTN_UNICAST = 1;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_LOCAL", commit = PATCHED)
    public static final int RTN_LOCAL = 2;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_BROADCAST", commit = PATCHED)
    public static final int RTN_BROADCAST = 3;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_ANYCAST", commit = PATCHED)
    public static final int RTN_ANYCAST = 4;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_MULTICAST", commit = PATCHED)
    public static final int RTN_MULTICAST = 5;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_BLACKHOLE", commit = PATCHED)
    public static final int RTN_BLACKHOLE = 6;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_UNREACHABLE", commit = PATCHED)
    public static final int RTN_UNREACHABLE = 7;
    @KernelSource(file = RTNETLINK_H, symbol = "RTN_PROHIBIT", commit = PATCHED)
    public static final int RTN_PROHIBIT = 8;

    // Route scopes, enum rt_scope_t.
    @KernelSource(file = RTNETLINK_H, symbol = "RT_SCOPE_UNIVERSE", commit = PATCHED)
    public static final int RT_SCOPE_UNIVERSE = 0;
    @KernelSource(file = RTNETLINK_H, symbol = "RT_SCOPE_LINK", commit = PATCHED)
    public static final int RT_SCOPE_LINK = 253;
    @KernelSource(file = RTNETLINK_H, symbol = "RT_SCOPE_HOST", commit = PATCHED)
    public static final int RT_SCOPE_HOST = 254;
    @KernelSource(file = RTNETLINK_H, symbol = "RT_SCOPE_NOWHERE", commit = PATCHED)
    public static final int RT_SCOPE_NOWHERE = 255;

    /** {@code RTA_METRICS}, the nested attribute of route metrics in {@code enum rtattr_type_t}. */
    @KernelSource(file = RTNETLINK_H, symbol = "RTA_METRICS", commit = PATCHED)
    public static final int RTA_METRICS = 8;

    // Route cache flags, include/linux/in_route.h.
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_NOTIFY", commit = PATCHED)
    public static final int RTCF_NOTIFY = 0x00010000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_REDIRECTED", commit = PATCHED)
    public static final int RTCF_REDIRECTED = 0x00040000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_DOREDIRECT", commit = PATCHED)
    public static final int RTCF_DOREDIRECT = 0x01000000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_DIRECTSRC", commit = PATCHED)
    public static final int RTCF_DIRECTSRC = 0x04000000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_BROADCAST", commit = PATCHED)
    public static final int RTCF_BROADCAST = 0x10000000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_MULTICAST", commit = PATCHED)
    public static final int RTCF_MULTICAST = 0x20000000;
    @KernelSource(file = IN_ROUTE_H, symbol = "RTCF_LOCAL", commit = PATCHED)
    public static final int RTCF_LOCAL = 0x80000000;

    /** {@code IPTOS_TOS_MASK} (include/linux/ip.h). */
    @KernelSource(file = "include/linux/ip.h", symbol = "IPTOS_TOS_MASK", commit = PATCHED)
    public static final int IPTOS_TOS_MASK = 0x1E;
    /** {@code IPTOS_RT_MASK (IPTOS_TOS_MASK & ~3)} (include/net/route.h). */
    @KernelSource(file = "include/net/route.h", symbol = "IPTOS_RT_MASK", commit = PATCHED)
    public static final int IPTOS_RT_MASK = IPTOS_TOS_MASK & ~3;
    /** {@code RTO_ONLINK} (include/net/route.h). */
    @KernelSource(file = "include/net/route.h", symbol = "RTO_ONLINK", commit = PATCHED)
    public static final int RTO_ONLINK = 0x01;

    /** {@code IFF_UP}, {@code IFF_LOOPBACK} (include/linux/if.h). */
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;

    /** {@code INADDR_LOOPBACK} (127.0.0.1). */
    public static final int INADDR_LOOPBACK = 0x7f000001;

    // errno values, asm-generic.
    public static final int ESRCH = 3;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EREMOTE = 66;
    public static final int EMSGSIZE = 90;
    public static final int EAFNOSUPPORT = 97;
    public static final int ENETUNREACH = 101;
    public static final int ENOBUFS = 105;
    public static final int EHOSTUNREACH = 113;

    /** The errno name of a negative or positive error value, for messages ({@code -101 (ENETUNREACH)}). */
    public static String errno(int err) {
        String name = switch (Math.abs(err)) {
            case ESRCH -> "ESRCH";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case EREMOTE -> "EREMOTE";
            case EMSGSIZE -> "EMSGSIZE";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case ENETUNREACH -> "ENETUNREACH";
            case ENOBUFS -> "ENOBUFS";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            default -> "errno";
        };
        return err + " (" + name + ")";
    }

    // ---- addresses -----------------------------------------------------------------------------

    /** Parses a dotted quad; the error names the text and the form wanted. */
    public static int parse(String text) {
        String[] p = text.trim().split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d)");
        }
        int v = 0;
        for (String s : p) {
            int b;
            try {
                b = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d): '" + s + "' is not a number");
            }
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + b + " is outside 0..255");
            }
            v = (v << 8) | b;
        }
        return v;
    }

    /** {@code 10.0.0.1}. */
    public static String format(int addr) {
        return (addr >>> 24) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff);
    }

    /** The netmask of a prefix length 0..32 in host order. */
    public static int mask(int prefixlen) {
        if (prefixlen < 0 || prefixlen > 32) {
            throw new IllegalArgumentException("prefix length " + prefixlen + " is outside 0..32");
        }
        return prefixlen == 0 ? 0 : -1 << (32 - prefixlen);
    }

    /** {@code htonl}: the u32 whose storage in this ABI's byte order holds {@code addr} in network order. */
    public static int htonl(KernelMemory mem, int addr) {
        return mem.abi().bigEndian() ? addr : Integer.reverseBytes(addr);
    }

    /** {@code ntohl}, the inverse of {@link #htonl}. */
    public static int ntohl(KernelMemory mem, int raw) {
        return htonl(mem, raw);
    }

    /** {@code htons}. */
    public static int htons(KernelMemory mem, int v) {
        return mem.abi().bigEndian() ? v & 0xffff : Integer.reverseBytes(v) >>> 16;
    }

    /** Stores a host-order address as a {@code __be32}. */
    public static void storeBe32(KernelMemory mem, long address, int addr, String fn) {
        mem.writeU32(address, htonl(mem, addr), fn);
    }

    /** Loads a {@code __be32} as a host-order address. */
    public static int loadBe32(KernelMemory mem, long address, String fn) {
        return ntohl(mem, mem.readU32(address, fn));
    }

    /** {@code ipv4_is_multicast}: 224.0.0.0/4. */
    public static boolean ipv4IsMulticast(int addr) {
        return (addr & 0xf0000000) == 0xe0000000;
    }

    /** {@code ipv4_is_local_multicast}: 224.0.0.0/24. */
    public static boolean ipv4IsLocalMulticast(int addr) {
        return (addr & 0xffffff00) == 0xe0000000;
    }

    /** {@code ipv4_is_lbcast}: 255.255.255.255. */
    public static boolean ipv4IsLbcast(int addr) {
        return addr == 0xffffffff;
    }

    /** {@code ipv4_is_zeronet}: 0.0.0.0/8. */
    public static boolean ipv4IsZeronet(int addr) {
        return (addr & 0xff000000) == 0;
    }

    /** {@code ipv4_is_loopback}: 127.0.0.0/8. */
    public static boolean ipv4IsLoopback(int addr) {
        return (addr & 0xff000000) == 0x7f000000;
    }
}
