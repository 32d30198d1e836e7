package dstcow.ipv4;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.Trace;
import dstcow.ipv4.fib.FibConfig;
import dstcow.ipv4.fib.FibSemantics;
import dstcow.ipv4.fib.FibTable;
import dstcow.ipv4.net.Devices;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.NetDevice;
import dstcow.ipv4.net.Nla;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.ipv4.route.RtNetlink;
import dstcow.ipv4.route.RtRef;
import dstcow.ipv4.route.Skb;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;

import java.util.List;
import java.util.Objects;

/**
 * The IPv4 routing of one emulated kernel, for scenarios, simulations and tools: devices, a FIB
 * of routes with metrics, the route cache of net/ipv4/route.c (parent or 62fa8a84, as the
 * {@link DstKernel} is), and the events that touch metrics. Each method names the kernel path it
 * drives; the work is done by the port ({@link #route()}), so the trace shows what the kernel does.
 *
 * <pre>
 * try (Ipv4Stack s = Ipv4Stack.boot(KernelVersion.PATCHED, Abi.X86_64, MemoryMode.CHECKED)) {
 *     s.addDevice("eth0", 1500, "10.0.0.1/24");
 *     s.addRoute("10.1.0.0/16 via 10.0.0.254 mtu 1400 advmss 1360");
 *     Rtable rt = s.outputRoute("10.1.2.3");      // shares fi->fib_metrics, takes a fib_info reference
 *     s.updatePmtu(rt, 1300);                     // copy on write; the fib_info reference is dropped
 *     s.release(rt);
 *     System.out.println(s.shutdown());           // "no leaks"
 * }
 * </pre>
 *
 * <h2>References</h2>
 * Lookups return a route holding one reference, as {@code ip_route_output_key} does; give it back
 * with {@link #release}. {@link #blackhole} consumes the reference it is given and returns one on
 * the new entry. {@link #shutdown} flushes the cache, removes every route, runs the dst garbage
 * collector and reports what is still allocated since boot: a reference never released shows as
 * a leaked {@code ip_dst_cache} object (and, in 62fa8a84, possibly its fib_info).
 *
 * <h2>Errors</h2>
 * A kernel path that returns an error throws {@link Ipv4Error} with the errno; bad input (an
 * unknown device, a malformed address) is an {@link IllegalArgumentException} naming it. Memory
 * misuse by the ported code is a {@link dstcow.dst.mem.KernelOops}, never a Java exception.
 */
public final class Ipv4Stack implements AutoCloseable {

    /** Route cache buckets by default ({@code rt_hash_mask + 1}): small, so scenarios can fill chains. */
    public static final int DEFAULT_HASH_BUCKETS = 256;

    private final DstKernel k;
    private final Devices devices;
    private final Ipv4Route route;
    private final boolean ownsKernel;
    private final long bootMark;
    private boolean shutDown;

    private Ipv4Stack(DstKernel k, int hashBuckets, long seed, boolean ownsKernel) {
        this.k = Objects.requireNonNull(k, "kernel");
        this.devices = new Devices(k.memory(), k.config());
        this.route = Ipv4Route.boot(k, devices, hashBuckets, seed);
        this.ownsKernel = ownsKernel;
        this.bootMark = k.memory().mark();
        check(route.fib().fibAddIfaddr(devices.loopback(), Inet.INADDR_LOOPBACK, 8), "fib_add_ifaddr", "lo 127.0.0.1/8");
    }

    /** {@code ip_rt_init} on an existing kernel, with {@link #DEFAULT_HASH_BUCKETS} buckets and seed 0. */
    public static Ipv4Stack boot(DstKernel k) {
        return boot(k, DEFAULT_HASH_BUCKETS, 0);
    }

    /**
     * {@code ip_rt_init} on an existing kernel.
     *
     * @param hashBuckets route cache buckets, a power of two
     * @param seed        for {@code get_random_bytes} (the route cache generation)
     */
    public static Ipv4Stack boot(DstKernel k, int hashBuckets, long seed) {
        return new Ipv4Stack(k, hashBuckets, seed, false);
    }

    /** Boots a kernel (the ABI's default config) and its IPv4 routing; {@link #close()} frees the kernel too. */
    public static Ipv4Stack boot(KernelVersion version, Abi abi, MemoryMode mode) {
        DstKernel k = DstKernel.boot(version, abi, mode);
        try {
            return new Ipv4Stack(k, DEFAULT_HASH_BUCKETS, 0, true);
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    // ---- identity -------------------------------------------------------------------------------

    public DstKernel kernel() { return k; }

    public KernelVersion version() { return k.version(); }

    public KernelMemory memory() { return k.memory(); }

    public Trace trace() { return k.trace(); }

    /** The port of route.c: every kernel function, for callers that want one directly. */
    public Ipv4Route route() { return route; }

    public Devices devices() { return devices; }

    public FibTable fib() { return route.fib(); }

    public FibSemantics fibSemantics() { return route.fibSemantics(); }

    /** The allocation mark taken at boot: objects allocated since are what {@link #shutdown} checks. */
    public long bootMark() { return bootMark; }

    // ---- configuration ----------------------------------------------------------------------------

    /**
     * Registers a device and assigns its address ({@code ip link add} + {@code ip addr add}):
     * the local /32 route and the connected route of the subnet, each with a fib_info.
     *
     * @param cidr {@code a.b.c.d/len}
     */
    public NetDevice addDevice(String name, int mtu, String cidr) {
        RouteSpec a = RouteSpec.ofHost(cidr);
        NetDevice d = devices.register(name, mtu, false);
        check(route.fib().fibAddIfaddr(d, a.prefsrc(), a.dstLen()), "fib_add_ifaddr", name + " " + cidr);
        return d;
    }

    /** A device by name; the error lists the devices. */
    public NetDevice device(String name) {
        return devices.byName(name);
    }

    /** {@code ip route add}: parses the spec ({@link RouteSpec#parse}) and adds it. */
    public void addRoute(String spec) {
        addRoute(RouteSpec.parse(spec));
    }

    /**
     * {@code ip route add}: {@code fib_create_info} with the route's {@code RTA_METRICS} (the
     * fib_info's {@code fib_metrics}), the route into the main table, then
     * {@code rt_cache_flush(net, -1)}. Throws {@link Ipv4Error} as the kernel refuses
     * ({@code -EEXIST}, {@code -EINVAL} for a metric above {@code RTAX_MAX}, {@code -ENETUNREACH}
     * for a gateway on no connected subnet).
     */
    public void addRoute(RouteSpec spec) {
        NetDevice dev = spec.dev() == null ? null : devices.byName(spec.dev());
        byte[] mx = RtNetlink.encodeMetrics(k.memory(), spec.metrics());
        int scope = spec.type() == Inet.RTN_UNICAST && spec.gateway() == 0 ? Inet.RT_SCOPE_LINK : Inet.RT_SCOPE_UNIVERSE;
        FibConfig cfg = new FibConfig(spec.dst(), spec.dstLen(), spec.type(), scope, FibConfig.RTPROT_BOOT, 0, spec.prefsrc(),
                spec.gateway(), dev, mx);
        check(route.fib().fnHashInsert(cfg, false), "fib_table_insert", "ip route add " + spec);
    }

    /** {@code ip route del PREFIX}: {@code fib_release_info} and {@code rt_cache_flush(net, -1)}. */
    public void deleteRoute(String prefix) {
        RouteSpec p = RouteSpec.of(prefix);
        check(route.fib().fnHashDelete(p.dst(), p.dstLen(), false), "fib_table_delete", "ip route del " + prefix);
    }

    // ---- lookups ------------------------------------------------------------------------------------

    /** {@code ip_route_output_key} for {@code daddr} (dotted quad) with no source, TOS or device. */
    public Rtable outputRoute(String daddr) {
        return outputRoute(Flowi.output(Inet.parse(daddr), 0, 0, 0));
    }

    /**
     * {@code __ip_route_output_key}: a cache hit, or {@code ip_route_output_slow} →
     * {@code __mkroute_output} → {@code rt_set_nexthop} → {@code rt_intern_hash}. The route
     * comes with a reference ({@link #release}).
     */
    public Rtable outputRoute(Flowi key) {
        RtRef rp = new RtRef();
        check(route.__ipRouteOutputKey(rp, key), "__ip_route_output_key", key.toString());
        return wrap(rp.get());
    }

    /**
     * {@code ip_route_input} of a packet received on {@code dev}: a cache hit, or
     * {@code ip_route_input_slow} → {@code __mkroute_input} (forwarding, which needs
     * {@code dev.setForwarding(true)}) or a local entry. The route comes with the reference the
     * skb held.
     */
    public Rtable inputRoute(int daddr, int saddr, int tos, String dev, int mark) {
        Skb skb = new Skb(mark);
        NetDevice d = devices.byName(dev);
        check(route.ipRouteInputCommon(skb, daddr, saddr, tos, d, false), "ip_route_input_common",
                Inet.format(daddr) + " from " + Inet.format(saddr) + " on " + dev);
        return wrap(skb.dst().get());
    }

    /** {@code ip_route_output_key} with source, TOS and output device ({@code oif} 0 for any). */
    public Rtable outputRoute(String daddr, String saddr, int tos, int oif) {
        return outputRoute(Flowi.output(Inet.parse(daddr), saddr == null ? 0 : Inet.parse(saddr), tos, oif));
    }

    /** {@link #inputRoute(int, int, int, String, int)} with dotted quads and no mark. */
    public Rtable inputRoute(String daddr, String saddr, int tos, String dev) {
        return inputRoute(Inet.parse(daddr), Inet.parse(saddr), tos, dev, 0);
    }

    /** {@code ip_rt_put}: gives back the reference a lookup returned. */
    public void release(Rtable rt) {
        route.ipRtPut(rt.address());
    }

    /** A view of the {@code struct rtable} at {@code address}. */
    public Rtable wrap(long address) {
        return new Rtable(this, address);
    }

    /** Every entry in the route cache, in /proc/net/rt_cache order (expired ones included). */
    public List<Rtable> cachedRoutes() {
        return route.cachedRoutes().stream().map(this::wrap).toList();
    }

    // ---- events ---------------------------------------------------------------------------------------

    /**
     * A path MTU event on {@code rt}: {@code dst->ops->update_pmtu(dst, mtu)}, as TCP's
     * {@code do_pmtu_discovery} calls it; for an ipv4 route that is {@code ip_rt_update_pmtu}.
     */
    public void updatePmtu(Rtable rt, int mtu) {
        route.dstInlines().updatePmtu(rt.address(), mtu, "do_pmtu_discovery");
    }

    /**
     * An ICMP "fragmentation needed" on {@code dev} about a packet we sent from {@code saddr} to
     * {@code daddr} with total length {@code totLen}: {@code ip_rt_frag_needed} with the quoted
     * IP header. Returns the MTU estimate.
     */
    public int fragNeeded(String saddr, String daddr, int totLen, int newMtu, String dev) {
        return route.ipRtFragNeeded(iphdr(Inet.parse(saddr), Inet.parse(daddr), totLen), newMtu, devices.byName(dev));
    }

    /** {@code ip_rt_frag_needed} with a quoted IPv4 header in bytes. */
    public int fragNeeded(byte[] iph, int newMtu, String dev) {
        return route.ipRtFragNeeded(iph, newMtu, devices.byName(dev));
    }

    /** A 20-byte IPv4 header: version 4, ihl 5, {@code tot_len}, TTL 64, protocol TCP. */
    public static byte[] iphdr(int saddr, int daddr, int totLen) {
        byte[] b = new byte[20];
        b[0] = 0x45;
        b[2] = (byte) (totLen >>> 8);
        b[3] = (byte) totLen;
        b[8] = 64;
        b[9] = 6;
        for (int i = 0; i < 4; i++) {
            b[12 + i] = (byte) (saddr >>> (24 - 8 * i));
            b[16 + i] = (byte) (daddr >>> (24 - 8 * i));
        }
        return b;
    }

    /** An ICMP redirect received on {@code dev} from {@code oldGw}: {@code ip_rt_redirect}. */
    public void redirect(String oldGw, String daddr, String newGw, String saddr, String dev) {
        route.ipRtRedirect(Inet.parse(oldGw), Inet.parse(daddr), Inet.parse(newGw), Inet.parse(saddr), devices.byName(dev));
    }

    /** A TCP metric update ({@code tcp_update_metrics} style): {@code dst_metric_set(&rt->dst, metric, value)}. */
    public void setMetric(Rtable rt, int metric, int value) {
        k.dstMetricSet(rt.address(), metric, value);
    }

    /** {@code set_dst_metric_rtt(&rt->dst, metric, rtt)}: an RTT in jiffies, stored in milliseconds. */
    public void setRtt(Rtable rt, int metric, long rttJiffies) {
        k.setDstMetricRtt(rt.address(), metric, rttJiffies);
    }

    /**
     * {@code ipv4_dst_blackhole}: what {@code ip_route_output_flow} does when IPsec answers
     * {@code -EREMOTE}: replaces {@code rt} (whose reference is consumed) by a one-shot blackhole
     * entry carrying a copy of its metrics, returned with a reference. In 62fa8a84 this oopses:
     * {@code ipv4_dst_blackhole_ops} has no {@code cow_metrics}.
     */
    public Rtable blackhole(Rtable rt) {
        RtRef rp = new RtRef(rt.address());
        check(route.ipv4DstBlackhole(rp, rt.key()), "ipv4_dst_blackhole", rt.toString());
        return wrap(rp.get());
    }

    // ---- reporting --------------------------------------------------------------------------------------

    /** /proc/net/rt_cache: the header and one line per entry of the current generation. */
    public List<String> rtCache() {
        return route.rtCacheSeqStart();
    }

    /**
     * The {@code RTA_METRICS} attribute {@code rt_fill_info} would put in a route dump of
     * {@code rt} ({@code rtnetlink_put_metrics}), as bytes in the ABI's order; empty when every
     * metric is zero.
     */
    public byte[] rtMetricsAttribute(Rtable rt) {
        Nla skb = new Nla(RtNetlink.order(k.memory()), 4096);
        check(route.rtFillInfo(skb, rt.address()), "rt_fill_info", rt.toString());
        return skb.bytes();
    }

    /** The {@code struct fib_info} of the main-table route {@code prefix}; the error lists the routes. */
    public long fibInfo(String prefix) {
        RouteSpec p = RouteSpec.of(prefix);
        FibTable.Alias a = route.fib().route(p.dst(), p.dstLen());
        if (a == null) {
            throw new IllegalArgumentException("no route " + prefix + "; routes: "
                    + String.join(", ", route.fib().routes().stream().map(FibTable.Alias::prefix).toList()));
        }
        return a.fi();
    }

    /** {@code atomic_read(&fi->fib_clntref)} of the route {@code prefix}: 1 for the table, plus one per sharing entry (62fa8a84). */
    public int fibClntref(String prefix) {
        return route.fibSemantics().clntref(fibInfo(prefix));
    }

    /** Where the metrics of the entry at {@code dst} live. */
    public MetricsState metricsState(long dst) {
        if (k.version() == KernelVersion.PARENT) {
            return MetricsState.INLINE;
        }
        long word = k.metricsWord(dst);
        if ((word & DstKernel.DST_METRICS_READ_ONLY) == 0) {
            return MetricsState.PRIVATE;
        }
        return DstKernel.__DST_METRICS_PTR(word) == k.dstDefaultMetrics() ? MetricsState.DEFAULT : MetricsState.SHARED;
    }

    // ---- the end ----------------------------------------------------------------------------------------

    /** {@code rt_cache_flush(net, -1)}: invalidates every entry (they die lazily). */
    public void invalidate() {
        route.rtCacheFlush(-1);
    }

    /** {@code rt_cache_flush(net, 0)}, then the dst garbage collector: frees every entry nobody holds. */
    public void flush() {
        route.rtCacheFlush(0);
        gc();
    }

    /** Runs {@code dst_gc_task} until the garbage list stops shrinking; returns the entries destroyed. */
    public int gc() {
        int total = 0;
        while (true) {
            int before = k.dstGarbageCount();
            total += k.dstGcTask();
            if (k.dstGarbageCount() == 0 || k.dstGarbageCount() >= before) {
                return total;
            }
        }
    }

    /**
     * Flushes the route cache, deletes every route (releasing the fib_infos) and collects dst
     * garbage; returns the slab objects allocated since boot that are still live. A clean run
     * returns an empty report. The stack is unusable afterwards.
     */
    public LeakReport shutdown() {
        if (!shutDown) {
            shutDown = true;
            route.rtCacheFlush(0);
            route.fib().clear();
            gc();
        }
        return k.memory().leaksSince(bootMark);
    }

    /** Frees the kernel's memory if this stack booted it. */
    @Override
    public void close() {
        if (ownsKernel) {
            k.close();
        }
    }

    private static void check(int err, String fn, String what) {
        if (err < 0) {
            throw new Ipv4Error(fn, err, what);
        }
    }

    @Override
    public String toString() {
        return "IPv4 routing of the " + k.version() + " kernel on " + k.abi() + " (" + k.memory().mode() + " memory, "
                + route.hashBuckets() + " route cache buckets)";
    }
}
