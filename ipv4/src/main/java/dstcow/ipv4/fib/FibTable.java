package dstcow.ipv4.fib;

import dstcow.dst.KernelSource;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.NetDevice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * The routing tables {@code RT_TABLE_LOCAL} and {@code RT_TABLE_MAIN} as prefix maps: the routing
 * lookup algorithm is out of the project's scope (DESIGN.md), so {@code fib_lookup} is a
 * longest-prefix match over a sorted map, local table first, as {@code fib_lookup} without
 * {@code CONFIG_IP_MULTIPLE_TABLES} does. Each route (a FIB alias) has a type, a scope and a
 * {@code struct fib_info} from {@link FibSemantics#fibCreateInfo}. TOS-specific routes are not
 * modelled.
 */
public final class FibTable {

    /** One route: {@code struct fib_alias} with its prefix. */
    public record Alias(int dst, int dstLen, int type, int scope, long fi) {
        public String prefix() {
            return Inet.format(dst) + "/" + dstLen;
        }
    }

    /** What {@code fib_lookup} answers: 0 and a result, or a negative errno and null. */
    public record Lookup(int err, FibResult res) {
    }

    private final FibSemantics fs;
    private final Runnable rtCacheFlushInvalidate;
    // Keyed by prefix length descending, then prefix: the first match in iteration order is the longest.
    private final TreeMap<Long, Alias> local = new TreeMap<>();
    private final TreeMap<Long, Alias> main = new TreeMap<>();

    /**
     * @param rtCacheFlushInvalidate {@code rt_cache_flush(net, -1)}, which every table change
     *                               calls: it invalidates the route cache (entries die lazily)
     */
    public FibTable(FibSemantics fs, Runnable rtCacheFlushInvalidate) {
        this.fs = fs;
        this.rtCacheFlushInvalidate = rtCacheFlushInvalidate;
    }

    private static long key(int dst, int len) {
        return ((long) (32 - len) << 32) | Integer.toUnsignedLong(dst);
    }

    /**
     * {@code fib_table_insert} reduced: {@code fib_create_info}, then the alias; an existing
     * route for the same prefix is {@code -EEXIST} (no {@code NLM_F_REPLACE}). Returns 0 or a
     * negative errno.
     */
    @KernelSource(file = "net/ipv4/fib_hash.c", symbol = "fn_hash_insert", commit = PATCHED,
            note = "a sorted map instead of the hash zones; one alias per prefix")
    public synchronized int fnHashInsert(FibConfig cfg, boolean localTable) {
        int mask = Inet.mask(cfg.dstLen());
        if ((cfg.dst() & ~mask) != 0) {
            return -Inet.EINVAL;
        }
        TreeMap<Long, Alias> t = localTable ? local : main;
        long k = key(cfg.dst(), cfg.dstLen());
        if (t.containsKey(k)) {
            return -Inet.EEXIST;
        }
        long fi = fs.fibCreateInfo(cfg);
        if (fi < 0 && fi > -4096) {
            return (int) fi;
        }
        t.put(k, new Alias(cfg.dst(), cfg.dstLen(), cfg.type(), cfg.scope(), fi));
        rtCacheFlushInvalidate.run();
        return 0;
    }

    /** {@code fib_table_delete} reduced: removes the route and releases its fib_info; {@code -ESRCH} if there is none. */
    @KernelSource(file = "net/ipv4/fib_hash.c", symbol = "fn_hash_delete", commit = PATCHED,
            note = "a sorted map instead of the hash zones")
    public synchronized int fnHashDelete(int dst, int dstLen, boolean localTable) {
        Alias a = (localTable ? local : main).remove(key(dst, dstLen));
        if (a == null) {
            return -Inet.ESRCH;
        }
        fs.fibReleaseInfo(a.fi());
        rtCacheFlushInvalidate.run();
        return 0;
    }

    /**
     * {@code int fib_lookup(struct net *net, struct flowi *flp, struct fib_result *res)}: the
     * longest prefix containing {@code daddr}; {@code -ESRCH} without one, the route type's error
     * ({@code fib_props[type].error}) for unreachable, prohibit and blackhole routes.
     */
    @KernelSource(file = "include/net/ip_fib.h", symbol = "fib_lookup", commit = PATCHED,
            note = "longest-prefix match over the local and main tables; no rules, no TOS")
    public synchronized Lookup fibLookup(int daddr) {
        for (TreeMap<Long, Alias> t : List.of(local, main)) {
            for (Alias a : t.values()) {
                if (((daddr ^ a.dst()) & Inet.mask(a.dstLen())) == 0) {
                    int err = switch (a.type()) {
                        case Inet.RTN_BLACKHOLE -> -Inet.EINVAL;
                        case Inet.RTN_UNREACHABLE -> -Inet.EHOSTUNREACH;
                        case Inet.RTN_PROHIBIT -> -Inet.EACCES;
                        default -> 0;
                    };
                    if (err != 0) {
                        return new Lookup(err, null);
                    }
                    NetDevice dev = a.fi() == 0 ? null : fs.nhDev(a.fi(), 0);
                    return new Lookup(0, new FibResult(a.dstLen(), 0, a.type(), a.scope(), a.fi(), dev));
                }
            }
        }
        return new Lookup(-Inet.ESRCH, null);
    }

    /** {@code unsigned inet_addr_type(struct net *net, __be32 addr)}: local, broadcast, multicast or unicast. */
    @KernelSource(file = "net/ipv4/fib_frontend.c", symbol = "inet_addr_type", commit = PATCHED,
            note = "looks at the local table only")
    public synchronized int inetAddrType(int addr) {
        if (Inet.ipv4IsZeronet(addr) || Inet.ipv4IsLbcast(addr)) {
            return Inet.RTN_BROADCAST;
        }
        if (Inet.ipv4IsMulticast(addr)) {
            return Inet.RTN_MULTICAST;
        }
        for (Alias a : local.values()) {
            if (((addr ^ a.dst()) & Inet.mask(a.dstLen())) == 0) {
                return a.type();
            }
        }
        return Inet.RTN_UNICAST;
    }

    /**
     * {@code void fib_add_ifaddr(struct in_ifaddr *ifa)} reduced: the local /32 route of the
     * address and the connected route of its subnet ({@code RTPROT_KERNEL}); broadcast routes are
     * not added.
     */
    @KernelSource(file = "net/ipv4/fib_frontend.c", symbol = "fib_add_ifaddr", commit = PATCHED,
            note = "no broadcast routes")
    public int fibAddIfaddr(NetDevice dev, int addr, int prefixlen) {
        dev.setAddr(addr, prefixlen);
        int err = fnHashInsert(new FibConfig(addr, 32, Inet.RTN_LOCAL, Inet.RT_SCOPE_HOST, FibConfig.RTPROT_KERNEL, 0, addr, 0, dev,
                null), true);
        if (err != 0 || prefixlen == 32 || dev.isLoopback()) {
            return err;
        }
        int net = addr & Inet.mask(prefixlen);
        return fnHashInsert(new FibConfig(net, prefixlen, Inet.RTN_UNICAST, Inet.RT_SCOPE_LINK, FibConfig.RTPROT_KERNEL, 0, addr, 0, dev,
                null), false);
    }

    /** Every route, local table first, longest prefixes first. */
    public synchronized List<Alias> routes() {
        List<Alias> out = new ArrayList<>(local.values());
        out.addAll(main.values());
        return out;
    }

    /** The main-table route for exactly this prefix, or null. */
    public synchronized Alias route(int dst, int dstLen) {
        return main.get(key(dst, dstLen));
    }

    /** Removes every route (at shutdown), releasing the fib_infos. */
    public synchronized void clear() {
        for (Map<Long, Alias> t : List.of(local, main)) {
            for (Alias a : t.values()) {
                fs.fibReleaseInfo(a.fi());
            }
            t.clear();
        }
    }
}
