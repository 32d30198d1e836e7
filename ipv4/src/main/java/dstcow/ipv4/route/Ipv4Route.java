package dstcow.ipv4.route;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.Rtax;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.layout.kernel.KernelBasics;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.fib.FibResult;
import dstcow.ipv4.fib.FibSemantics;
import dstcow.ipv4.fib.FibTable;
import dstcow.ipv4.net.Devices;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.NetDevice;
import dstcow.ipv4.net.Nla;
import dstcow.ipv4.struct.DstFields;
import dstcow.ipv4.struct.RtableLayout;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.model.KernelVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

import static dstcow.dst.KernelSource.PATCHED;
import static dstcow.dst.Rtax.RTAX_ADVMSS;
import static dstcow.dst.Rtax.RTAX_LOCK;
import static dstcow.dst.Rtax.RTAX_MTU;
import static dstcow.dst.Rtax.RTAX_RTT;
import static dstcow.dst.Rtax.RTAX_RTTVAR;
import static dstcow.dst.Rtax.RTAX_WINDOW;
import static dstcow.ipv4.net.Inet.RTCF_BROADCAST;
import static dstcow.ipv4.net.Inet.RTCF_DIRECTSRC;
import static dstcow.ipv4.net.Inet.RTCF_DOREDIRECT;
import static dstcow.ipv4.net.Inet.RTCF_LOCAL;
import static dstcow.ipv4.net.Inet.RTCF_MULTICAST;
import static dstcow.ipv4.net.Inet.RTCF_NOTIFY;
import static dstcow.ipv4.net.Inet.RTCF_REDIRECTED;

/**
 * The port of net/ipv4/route.c at 62fa8a84 and its parent: the IPv4 route cache over native
 * {@code struct rtable}s, with every site that touches metrics and the paths around them.
 *
 * <h2>One text, two kernels</h2>
 * What the two kernels share is written once here; what 62fa8a84 changed
 * ({@code ipv4_cow_metrics}, the {@code rt->fi} lines of {@code rt_set_nexthop},
 * {@code ip_rt_redirect}, {@code ipv4_dst_destroy} and {@code ipv4_dst_blackhole}, and the
 * {@code .cow_metrics} member of {@code ipv4_dst_ops}) is ported in {@link ParentIpv4Route} and
 * {@link PatchedIpv4Route}, each with its own {@link KernelSource}. Metric accessors are the dst
 * module's, called at the places and in the order the kernel text calls them.
 *
 * <h2>What is reduced</h2>
 * The FIB is a prefix map ({@link FibTable}); there is one network namespace; neighbours,
 * inet_peer, ICMP, netlink notifications and multicast routing are not modelled (each place is
 * noted in the trace or in the method's annotation); RCU callbacks run at once (the grace period
 * is taken as elapsed when {@code rt_free} is called). Time is the dst layer's {@code jiffies}.
 *
 * <h2>Conventions</h2>
 * Routes and other structs are emulated addresses ({@code long}); IPv4 addresses are host-order
 * {@code int} (see {@link Inet}); errors are negative errno values, as in C.
 */
public abstract sealed class Ipv4Route permits ParentIpv4Route, PatchedIpv4Route {

    public static final String ROUTE_C = "net/ipv4/route.c";
    public static final String ROUTE_H = "include/net/route.h";

    /** {@code IP_MAX_MTU}. */
    @KernelSource(file = ROUTE_C, symbol = "IP_MAX_MTU", commit = PATCHED)
    public static final int IP_MAX_MTU = 0xFFF0;

    /** {@code RT_HASH_LOCK_SZ} for a kernel with fewer than four CPUs and no lockdep. */
    @KernelSource(file = ROUTE_C, symbol = "RT_HASH_LOCK_SZ", commit = PATCHED)
    public static final int RT_HASH_LOCK_SZ = 256;

    /** {@code sysctl_ip_default_ttl} ({@code IPDEFTTL}). */
    @KernelSource(file = "net/ipv4/ip_output.c", symbol = "sysctl_ip_default_ttl", commit = PATCHED)
    public static final int SYSCTL_IP_DEFAULT_TTL = 64;

    /** {@code FRACT_BITS} and {@code ONE} of the chain-length estimate. */
    private static final int FRACT_BITS = 3;
    private static final int ONE = 1 << FRACT_BITS;

    /** The header line of /proc/net/rt_cache ({@code seq_printf(seq, "%-127s\n", ...)} without the newline). */
    @KernelSource(file = ROUTE_C, symbol = "rt_cache_seq_show", commit = PATCHED, note = "the SEQ_START_TOKEN line")
    public static final String RT_CACHE_HEADER = String.format("%-127s", "Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\t"
            + "Metric\tSource\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst");

    protected final DstKernel k;
    protected final KernelMemory mem;
    protected final Trace trace;
    protected final DstFields f;
    protected final DstInlines di;
    protected final RtableLayout rl;
    protected final Devices devices;
    protected final FibSemantics fs;
    protected final FibTable fib;
    protected final boolean smp;

    // Kernel statics.
    protected final KmemCache ipDstCache;
    protected final long ipv4DstOps;
    protected final long ipv4DstBlackholeOps;
    private final long rtHashTable;
    private final int rtHashMask;
    /** Hash tables larger than this are not placed in the emulated .data. */
    static final long LARGE_HASH_BYTES = 16 * 1024;
    private final int rtHashLog;
    private final long rtHashLocks;
    private final long lockSize;
    private final long rtGenidAddr;
    private final ReentrantLock[] upLocks;
    private final SplittableRandom random;
    private final long ipForward;
    private final long ipOutput;
    private final long ipLocalDeliver;
    private final long ipRtBug;
    private final long ipError;
    private final long ipMcOutput;
    private int currentRtCacheRebuildCount;

    // Tunables (sysctl net.ipv4.route.*), with route.c's defaults for this kernel's HZ.
    protected volatile int ipRtMaxSize;
    protected volatile int ipRtGcTimeout;
    protected volatile int ipRtGcInterval;
    protected volatile int ipRtGcMinInterval;
    protected volatile int ipRtRedirectNumber = 9;
    protected volatile int ipRtRedirectLoad;
    protected volatile int ipRtRedirectSilence;
    protected volatile int ipRtErrorCost;
    protected volatile int ipRtErrorBurst;
    protected volatile int ipRtGcElasticity = 8;
    protected volatile int ipRtMtuExpires;
    protected volatile int ipRtMinPmtu = 512 + 20 + 20;
    protected volatile int ipRtMinAdvmss = 256;
    protected volatile int rtChainLengthMax = 20;
    /** {@code net->ipv4.sysctl_rt_cache_rebuild_count}. */
    protected volatile int sysctlRtCacheRebuildCount = 4;

    // The statics of rt_garbage_collect().
    private long gcExpire;
    private long gcLastGc;
    private int gcRover;
    private int gcEquilibrium;
    private final Object gcLock = new Object();

    Ipv4Route(DstKernel k, Devices devices, int hashBuckets, long seed) {
        if (hashBuckets < 2 || Integer.bitCount(hashBuckets) != 1) {
            throw new IllegalArgumentException("route cache of " + hashBuckets + " buckets: must be a power of two, at least 2");
        }
        this.k = k;
        this.mem = k.memory();
        this.trace = mem.trace();
        this.f = new DstFields(k);
        this.di = new DstInlines(k, f);
        this.rl = new RtableLayout(k.version(), k.config());
        this.devices = devices;
        this.fs = new FibSemantics(mem, k.config(), devices);
        this.fib = new FibTable(fs, () -> rtCacheFlush(-1));
        this.smp = k.config().enabled("CONFIG_SMP");
        this.random = new SplittableRandom(seed);
        int hz = k.time().hz();
        this.ipRtGcTimeout = 300 * hz;
        this.ipRtGcInterval = 60 * hz;
        this.ipRtGcMinInterval = hz / 2;
        this.ipRtRedirectLoad = hz / 50;
        this.ipRtRedirectSilence = (hz / 50) << (9 + 1);
        this.ipRtErrorCost = hz;
        this.ipRtErrorBurst = 5 * hz;
        this.ipRtMtuExpires = 10 * 60 * hz;
        this.gcExpire = ipRtGcTimeout;

        // The functions the ops tables and the entries' input/output point to.
        var sym = mem.symbols();
        sym.register("rt_garbage_collect", (FnTypes.Gc) this::rtGarbageCollect);
        sym.register("ipv4_dst_check", (FnTypes.Check) this::ipv4DstCheck);
        sym.register("ipv4_default_advmss", (FnTypes.DefaultAdvmss) this::ipv4DefaultAdvmss);
        sym.register("ipv4_default_mtu", (FnTypes.DefaultMtu) this::ipv4DefaultMtu);
        registerKernelSpecific();
        sym.register("ipv4_dst_destroy", (FnTypes.Destroy) this::ipv4DstDestroy);
        sym.register("ipv4_dst_ifdown", (FnTypes.Ifdown) this::ipv4DstIfdown);
        sym.register("ipv4_negative_advice", (FnTypes.NegativeAdvice) this::ipv4NegativeAdvice);
        sym.register("ipv4_link_failure", (FnTypes.LinkFailure) this::ipv4LinkFailure);
        sym.register("ip_rt_update_pmtu", (FnTypes.UpdatePmtu) this::ipRtUpdatePmtu);
        if (!sym.names().contains("__ip_local_out")) {
            sym.register("__ip_local_out", (FnTypes.LocalOut) skb -> notModelled("__ip_local_out", "sending packets"));
        }
        sym.register("ipv4_blackhole_dst_check", (FnTypes.Check) this::ipv4BlackholeDstCheck);
        sym.register("ipv4_rt_blackhole_update_pmtu", (FnTypes.UpdatePmtu) this::ipv4RtBlackholeUpdatePmtu);
        this.ipForward = sym.register("ip_forward", (FnTypes.SkbHandler) skb -> notModelled("ip_forward", "forwarding packets"));
        this.ipOutput = sym.register("ip_output", (FnTypes.SkbHandler) skb -> notModelled("ip_output", "sending packets"));
        this.ipLocalDeliver = sym.register("ip_local_deliver", (FnTypes.SkbHandler) skb -> notModelled("ip_local_deliver", "delivering packets"));
        this.ipRtBug = sym.register("ip_rt_bug", (FnTypes.SkbHandler) this::ipRtBug);
        this.ipError = sym.register("ip_error", (FnTypes.SkbHandler) skb -> notModelled("ip_error", "ICMP errors"));
        this.ipMcOutput = sym.register("ip_mc_output", (FnTypes.SkbHandler) skb -> notModelled("ip_mc_output", "multicast output"));

        // ip_rt_init()
        String fn = "ip_rt_init";
        this.ipDstCache = mem.kmemCacheCreate("ip_dst_cache", rl.size(), 0, KernelMemory.SLAB_HWCACHE_ALIGN, fn);
        if (ipDstCache == null) {
            throw new IllegalStateException("kmem_cache_create(\"ip_dst_cache\") failed at boot (SLAB_PANIC)");
        }
        this.rtHashMask = hashBuckets - 1;
        this.rtHashLog = Integer.numberOfTrailingZeros(hashBuckets);
        this.ipRtMaxSize = (rtHashMask + 1) * 16;
        DstOps.Builder ops = k.dstOpsBuilder("ipv4_dst_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .gc("rt_garbage_collect")
                .check("ipv4_dst_check")
                .defaultAdvmss("ipv4_default_advmss")
                .defaultMtu("ipv4_default_mtu");
        ipv4DstOpsCowMetrics(ops);
        this.ipv4DstOps = ops.destroy("ipv4_dst_destroy")
                .ifdown("ipv4_dst_ifdown")
                .negativeAdvice("ipv4_negative_advice")
                .linkFailure("ipv4_link_failure")
                .updatePmtu("ip_rt_update_pmtu")
                .localOut("__ip_local_out")
                .kmemCachep(ipDstCache)
                .gcThresh(rtHashMask + 1)
                .build().address();
        this.ipv4DstBlackholeOps = defineIpv4DstBlackholeOps();
        int word = mem.pointerSize();
        long tableBytes = (long) word * (rtHashMask + 1);
        // ip_rt_init takes the table from alloc_large_system_hash (boot memory). Small tables sit in the
        // emulated .data; a large one (a simulation of a million entries) comes from the page allocator.
        if (tableBytes <= LARGE_HASH_BYTES) {
            this.rtHashTable = mem.defineData("rt_hash_table", tableBytes, word);
        } else {
            this.rtHashTable = mem.kzalloc(tableBytes, "alloc_large_system_hash");
            if (rtHashTable == 0) {
                throw new IllegalStateException("alloc_large_system_hash: no memory for a " + tableBytes + "-byte rt_hash_table");
            }
        }
        if (smp) {
            this.lockSize = LayoutEngine.sizeAlign(KernelBasics.SPINLOCK_T, k.config(), k.abi().l1CacheBytes())[0];
            this.rtHashLocks = mem.kzalloc(lockSize * RT_HASH_LOCK_SZ, "rt_hash_lock_init");
            if (rtHashLocks == 0) {
                throw new IllegalStateException("IP: failed to allocate rt_hash_locks");
            }
            this.upLocks = null;
        } else {
            this.rtHashLocks = 0;
            this.lockSize = 0;
            this.upLocks = new ReentrantLock[] {new ReentrantLock()};
        }
        // rt_genid_init(): get_random_bytes(&net->ipv4.rt_genid, ...)
        this.rtGenidAddr = mem.defineData("init_net.ipv4.rt_genid", 4, 4);
        mem.atomicSet(rtGenidAddr, random.nextInt(), "rt_genid_init");
    }

    /**
     * Boots the route cache of {@code k}'s kernel: the parent's or 62fa8a84's route.c, as the
     * kernel's version says.
     *
     * @param hashBuckets route cache buckets ({@code rt_hash_mask + 1}), a power of two
     * @param seed        for {@code get_random_bytes} ({@code rt_genid} and its perturbations)
     */
    public static Ipv4Route boot(DstKernel k, Devices devices, int hashBuckets, long seed) {
        return k.version() == KernelVersion.PATCHED
                ? new PatchedIpv4Route(k, devices, hashBuckets, seed)
                : new ParentIpv4Route(k, devices, hashBuckets, seed);
    }

    /** Registers the functions only one kernel has ({@code ipv4_cow_metrics}). */
    abstract void registerKernelSpecific();

    /** The {@code .cow_metrics} line of {@code ipv4_dst_ops} (62fa8a84 only). */
    abstract void ipv4DstOpsCowMetrics(DstOps.Builder ops);

    private int notModelled(String fn, String what) {
        trace.emit(TraceKind.NOTE, fn, 0, what + " is not modelled");
        return 0;
    }

    // ---- identity ------------------------------------------------------------------------------------

    public DstKernel kernel() { return k; }

    public KernelVersion version() { return k.version(); }

    public FibSemantics fibSemantics() { return fs; }

    public FibTable fib() { return fib; }

    public Devices devices() { return devices; }

    public RtableLayout rtableLayout() { return rl; }

    public DstFields dstFields() { return f; }

    public DstInlines dstInlines() { return di; }

    /** The address of {@code ipv4_dst_ops} in {@code .data}. */
    public long ipv4DstOps() { return ipv4DstOps; }

    /** The address of {@code ipv4_dst_blackhole_ops} in {@code .data}. */
    public long ipv4DstBlackholeOps() { return ipv4DstBlackholeOps; }

    /** The {@code ip_dst_cache} slab cache of {@code struct rtable}. */
    public KmemCache ipDstCache() { return ipDstCache; }

    /** {@code ip_rt_max_size}, which ip_rt_init passes to {@code xfrm4_init}. */
    public int ipRtMaxSize() { return ipRtMaxSize; }

    /** {@code rt_hash_mask + 1}. */
    public int hashBuckets() { return rtHashMask + 1; }

    public int ipRtMtuExpires() { return ipRtMtuExpires; }

    public void setIpRtMtuExpires(int ticks) { this.ipRtMtuExpires = ticks; }

    public int ipRtMinPmtu() { return ipRtMinPmtu; }

    public void setIpRtMinPmtu(int v) { this.ipRtMinPmtu = v; }

    public int ipRtMinAdvmss() { return ipRtMinAdvmss; }

    public void setIpRtMinAdvmss(int v) { this.ipRtMinAdvmss = v; }

    // ---- struct rtable members ---------------------------------------------------------------------

    public int rtDst(long rt) { return Inet.loadBe32(mem, rt + rl.rtDst(), "rt->rt_dst"); }

    public int rtSrc(long rt) { return Inet.loadBe32(mem, rt + rl.rtSrc(), "rt->rt_src"); }

    public int rtGateway(long rt) { return Inet.loadBe32(mem, rt + rl.rtGateway(), "rt->rt_gateway"); }

    public int rtSpecDst(long rt) { return Inet.loadBe32(mem, rt + rl.rtSpecDst(), "rt->rt_spec_dst"); }

    public int rtFlags(long rt) { return mem.readU32(rt + rl.rtFlags(), "rt->rt_flags"); }

    public int rtType(long rt) { return mem.readU16(rt + rl.rtType(), "rt->rt_type"); }

    public int rtIif(long rt) { return mem.readU32(rt + rl.rtIif(), "rt->rt_iif"); }

    public int rtGenidOf(long rt) { return mem.readU32(rt + rl.rtGenid(), "rt->rt_genid"); }

    public long peer(long rt) { return mem.readPointer(rt + rl.peer(), "rt->peer"); }

    /** {@code rt->fi} (62fa8a84); always 0 in the parent, which has no such member. */
    public long fi(long rt) { return rl.fi() < 0 ? 0 : mem.readPointer(rt + rl.fi(), "rt->fi"); }

    /** {@code rt->fl}, the cache lookup key. */
    public Flowi fl(long rt) { return rl.flowi().read(mem, rt + rl.fl(), "rt->fl"); }

    private void setRtDst(long rt, int v, String fn) { Inet.storeBe32(mem, rt + rl.rtDst(), v, fn); }

    private void setRtSrc(long rt, int v, String fn) { Inet.storeBe32(mem, rt + rl.rtSrc(), v, fn); }

    private void setRtGateway(long rt, int v, String fn) { Inet.storeBe32(mem, rt + rl.rtGateway(), v, fn); }

    private void setRtSpecDst(long rt, int v, String fn) { Inet.storeBe32(mem, rt + rl.rtSpecDst(), v, fn); }

    private void setRtFlags(long rt, int v, String fn) { mem.writeU32(rt + rl.rtFlags(), v, fn); }

    protected void setRtType(long rt, int v, String fn) { mem.writeU16(rt + rl.rtType(), v, fn); }

    private void setRtIif(long rt, int v, String fn) { mem.writeU32(rt + rl.rtIif(), v, fn); }

    private void setRtGenid(long rt, int v, String fn) { mem.writeU32(rt + rl.rtGenid(), v, fn); }

    protected void setPeer(long rt, long v, String fn) { mem.writePointer(rt + rl.peer(), v, fn); }

    private int flDst(long rt) { return Inet.loadBe32(mem, rt + rl.flDst(), "rt->fl"); }

    private int flSrc(long rt) { return Inet.loadBe32(mem, rt + rl.flSrc(), "rt->fl"); }

    private int flTos(long rt) { return mem.readU8(rt + rl.flTos(), "rt->fl"); }

    private int flOif(long rt) { return mem.readU32(rt + rl.flOif(), "rt->fl"); }

    private int flIif(long rt) { return mem.readU32(rt + rl.flIif(), "rt->fl"); }

    private int flMark(long rt) { return mem.readU32(rt + rl.flMark(), "rt->fl"); }

    private void setFl(long rt, int dst, int src, int tos, int mark, int iif, int oif, String fn) {
        Inet.storeBe32(mem, rt + rl.flDst(), dst, fn);
        Inet.storeBe32(mem, rt + rl.flSrc(), src, fn);
        mem.writeU8(rt + rl.flTos(), tos, fn);
        mem.writeU32(rt + rl.flMark(), mark, fn);
        mem.writeU32(rt + rl.flIif(), iif, fn);
        mem.writeU32(rt + rl.flOif(), oif, fn);
    }

    /** {@code static inline bool rt_is_input_route(struct rtable *rt)}: {@code rt->fl.iif != 0}. */
    @KernelSource(file = ROUTE_H, symbol = "rt_is_input_route", commit = PATCHED)
    public boolean rtIsInputRoute(long rt) { return flIif(rt) != 0; }

    /** {@code static inline bool rt_is_output_route(struct rtable *rt)}. */
    @KernelSource(file = ROUTE_H, symbol = "rt_is_output_route", commit = PATCHED)
    public boolean rtIsOutputRoute(long rt) { return flIif(rt) == 0; }

    /** {@code static inline void ip_rt_put(struct rtable *rt)}: {@code dst_release(&rt->dst)} unless NULL. */
    @KernelSource(file = ROUTE_H, symbol = "ip_rt_put", commit = PATCHED)
    public void ipRtPut(long rt) {
        if (rt != 0) {
            k.dstRelease(rt);
        }
    }

    /** {@code static inline int ip4_dst_hoplimit(const struct dst_entry *dst)}: the metric, else {@code sysctl_ip_default_ttl}. */
    @KernelSource(file = ROUTE_H, symbol = "ip4_dst_hoplimit", commit = PATCHED)
    public int ip4DstHoplimit(long dst) {
        int hoplimit = k.dstMetricRaw(dst, Rtax.RTAX_HOPLIMIT);
        if (hoplimit == 0) {
            hoplimit = SYSCTL_IP_DEFAULT_TTL;
        }
        return hoplimit;
    }

    // ---- the dst_ops functions ------------------------------------------------------------------

    /** {@code static void ipv4_dst_ifdown(struct dst_entry *dst, struct net_device *dev, int how)}: nothing. */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_ifdown", commit = PATCHED)
    public void ipv4DstIfdown(long dst, long dev, int how) {
    }

    /** {@code static struct dst_entry *ipv4_dst_check(struct dst_entry *dst, u32 cookie)}: NULL once the cache was invalidated. */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_check", commit = PATCHED)
    public long ipv4DstCheck(long dst, int cookie) {
        if (rtIsExpired(dst)) {
            return 0;
        }
        return dst;
    }

    /**
     * {@code static void ipv4_dst_destroy(struct dst_entry *dst)}: {@code ops->destroy} of both
     * ipv4 ops tables. 62fa8a84 frees COW'd metrics and drops the fib_info reference first.
     */
    public abstract void ipv4DstDestroy(long dst);

    /**
     * {@code static void ipv4_link_failure(struct sk_buff *skb)}. Packets are not modelled: the
     * argument stands for {@code skb_rtable(skb)}, the route the failed packet took (0 for none).
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_link_failure", commit = PATCHED,
            note = "icmp_send is not modelled; the skb argument is skb_rtable(skb)")
    public void ipv4LinkFailure(long skb) {
        trace.emit(TraceKind.NOTE, "ipv4_link_failure", skb, "icmp_send(ICMP_DEST_UNREACH, ICMP_HOST_UNREACH) is not modelled");
        long rt = skb;
        if (rt != 0) {
            di.dstSetExpires(rt, 0);
        }
    }

    /** {@code static int ip_rt_bug(struct sk_buff *skb)}: output through an input route. */
    @KernelSource(file = ROUTE_C, symbol = "ip_rt_bug", commit = PATCHED, note = "kfree_skb is not modelled")
    public int ipRtBug(long skb) {
        trace.emit(TraceKind.WARNING, "ip_rt_bug", skb, "ip_rt_bug: output through an input route");
        return 0;
    }

    /**
     * {@code static struct dst_entry *ipv4_negative_advice(struct dst_entry *dst)}: drops an
     * obsolete entry, deletes a redirected or expired one from the cache.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_negative_advice", commit = PATCHED)
    public long ipv4NegativeAdvice(long dst) {
        long rt = dst;
        long ret = dst;
        if (rt != 0) {
            if (f.obsolete(dst, "ipv4_negative_advice") > 0) {
                ipRtPut(rt);
                ret = 0;
            } else if ((rtFlags(rt) & RTCF_REDIRECTED) != 0
                    || (f.expires(rt, "ipv4_negative_advice") != 0 && di.timeAfterEq(k.jiffies(), f.expires(rt, "ipv4_negative_advice")))) {
                int hash = rtHash(flDst(rt), flSrc(rt), flOif(rt), rtGenid());
                rtDel(hash, rt);
                ret = 0;
            }
        }
        return ret;
    }

    /**
     * {@code static unsigned int ipv4_default_advmss(const struct dst_entry *dst)}: without an
     * ADVMSS metric, the device MTU less 40, at least {@code ip_rt_min_advmss}, at most 65495.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_default_advmss", commit = PATCHED)
    public int ipv4DefaultAdvmss(long dst) {
        int advmss = k.dstMetricRaw(dst, RTAX_ADVMSS);
        if (advmss == 0) {
            advmss = maxUnsigned(devices.devMtu(f.dev(dst, "ipv4_default_advmss"), "ipv4_default_advmss") - 40, ipRtMinAdvmss);
            if (Integer.compareUnsigned(advmss, 65535 - 40) > 0) {
                advmss = 65535 - 40;
            }
        }
        return advmss;
    }

    /**
     * {@code static unsigned int ipv4_default_mtu(const struct dst_entry *dst)}: the device MTU;
     * 576 if the MTU is locked and the route goes through a gateway; at most {@code IP_MAX_MTU}.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_default_mtu", commit = PATCHED)
    public int ipv4DefaultMtu(long dst) {
        int mtu = devices.devMtu(f.dev(dst, "ipv4_default_mtu"), "ipv4_default_mtu");
        if (k.dstMetricLocked(dst, RTAX_MTU) != 0) {
            long rt = dst;
            if (rtGateway(rt) != rtDst(rt) && Integer.compareUnsigned(mtu, 576) > 0) {
                mtu = 576;
            }
        }
        if (Integer.compareUnsigned(mtu, IP_MAX_MTU) > 0) {
            mtu = IP_MAX_MTU;
        }
        return mtu;
    }

    private static int maxUnsigned(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /**
     * {@code static void ip_rt_update_pmtu(struct dst_entry *dst, u32 mtu)}: a smaller path MTU
     * (at least 68, the MTU not locked) is written to the entry, raised to {@code ip_rt_min_pmtu}
     * with the MTU locked if below it, and the entry expires in {@code ip_rt_mtu_expires}. In
     * 62fa8a84 the first write copies the shared metrics ({@code ipv4_cow_metrics}).
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_rt_update_pmtu", commit = PATCHED)
    public void ipRtUpdatePmtu(long dst, int mtu) {
        if (Integer.compareUnsigned(k.dstMtu(dst), mtu) > 0 && Integer.compareUnsigned(mtu, 68) >= 0
                && k.dstMetricLocked(dst, RTAX_MTU) == 0) {
            if (Integer.compareUnsigned(mtu, ipRtMinPmtu) < 0) {
                int lock = k.dstMetric(dst, RTAX_LOCK);
                mtu = ipRtMinPmtu;
                k.dstMetricSet(dst, RTAX_LOCK, lock | (1 << RTAX_MTU));
            }
            k.dstMetricSet(dst, RTAX_MTU, mtu);
            di.dstSetExpires(dst, ipRtMtuExpires);
            trace.emit(TraceKind.NOTE, "ip_rt_update_pmtu", dst, "call_netevent_notifiers(NETEVENT_PMTU_UPDATE) is not modelled");
        }
    }

    /** The plateau table of {@code guess_mtu} (RFC 1191, plus two AX.25 values). */
    @KernelSource(file = ROUTE_C, symbol = "mtu_plateau", commit = PATCHED)
    private static final int[] MTU_PLATEAU = {32000, 17914, 8166, 4352, 2002, 1492, 576, 296, 216, 128};

    /** {@code static inline unsigned short guess_mtu(unsigned short old_mtu)}: the next plateau below. */
    @KernelSource(file = ROUTE_C, symbol = "guess_mtu", commit = PATCHED)
    public static int guessMtu(int oldMtu) {
        for (int p : MTU_PLATEAU) {
            if (oldMtu > p) {
                return p;
            }
        }
        return 68;
    }

    /**
     * {@code unsigned short ip_rt_frag_needed(struct net *net, struct iphdr *iph, unsigned short
     * new_mtu, struct net_device *dev)}: an ICMP "fragmentation needed" for the packet whose IP
     * header is {@code iph} lowers the MTU of every matching output route (both flow keys with and
     * without source and device), guessing a plateau when the ICMP carries no usable MTU.
     *
     * @param iph the quoted IPv4 header (at least 20 bytes, network order)
     * @return the MTU estimate ({@code est_mtu ? : new_mtu})
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_rt_frag_needed", commit = PATCHED)
    public int ipRtFragNeeded(byte[] iph, int newMtu, NetDevice dev) {
        if (iph.length < 20) {
            throw new IllegalArgumentException("IPv4 header of " + iph.length + " bytes; at least 20 needed");
        }
        newMtu &= 0xffff;
        int ihl = iph[0] & 0x0f;
        int oldMtu = ((iph[2] & 0xff) << 8) | (iph[3] & 0xff);
        int saddr = be32(iph, 12);
        int daddr = be32(iph, 16);
        int[] ikeys = {dev.ifindex(), 0};
        int[] skeys = {saddr, 0};
        int estMtu = 0;
        for (int kk = 0; kk < 2; kk++) {
            for (int i = 0; i < 2; i++) {
                int hash = rtHash(daddr, skeys[i], ikeys[kk], rtGenid());
                for (long rth = chain(hash); rth != 0; rth = f.next(rth, "ip_rt_frag_needed")) {
                    int mtu = newMtu;
                    if (flDst(rth) != daddr || flSrc(rth) != skeys[i] || rtDst(rth) != daddr || rtSrc(rth) != saddr
                            || flOif(rth) != ikeys[kk] || rtIsInputRoute(rth) || k.dstMetricLocked(rth, RTAX_MTU) != 0
                            || rtIsExpired(rth)) {
                        continue;
                    }
                    if (newMtu < 68 || newMtu >= oldMtu) {
                        // BSD 4.2 compatibility hack :-(
                        if (mtu == 0 && Integer.compareUnsigned(oldMtu, k.dstMtu(rth)) >= 0 && oldMtu >= 68 + (ihl << 2)) {
                            oldMtu -= ihl << 2;
                        }
                        mtu = guessMtu(oldMtu);
                    }
                    if (Integer.compareUnsigned(mtu, k.dstMtu(rth)) <= 0) {
                        if (Integer.compareUnsigned(mtu, k.dstMtu(rth)) < 0) {
                            di.dstConfirm(rth);
                            if (mtu < ipRtMinPmtu) {
                                int lock = k.dstMetric(rth, RTAX_LOCK);
                                mtu = ipRtMinPmtu;
                                lock |= 1 << RTAX_MTU;
                                k.dstMetricSet(rth, RTAX_LOCK, lock);
                            }
                            k.dstMetricSet(rth, RTAX_MTU, mtu);
                            di.dstSetExpires(rth, ipRtMtuExpires);
                        }
                        estMtu = mtu;
                    }
                }
            }
        }
        return (estMtu != 0 ? estMtu : newMtu) & 0xffff;
    }

    private static int be32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    // ---- the route cache --------------------------------------------------------------------------

    /** {@code static inline int rt_genid(struct net *net)}: {@code atomic_read(&net->ipv4.rt_genid)}. */
    @KernelSource(file = ROUTE_C, symbol = "rt_genid", commit = PATCHED)
    public int rtGenid() {
        return mem.atomicRead(rtGenidAddr, "rt_genid");
    }

    /** {@code static inline unsigned int rt_hash(__be32 daddr, __be32 saddr, int idx, int genid)}. */
    @KernelSource(file = ROUTE_C, symbol = "rt_hash", commit = PATCHED,
            note = "daddr and saddr enter the hash as their raw __be32 words ((__force u32)), so buckets depend on the ABI's byte order")
    public int rtHash(int daddr, int saddr, int idx, int genid) {
        return Jhash.jhash3words(Inet.htonl(mem, daddr), Inet.htonl(mem, saddr), idx, genid) & rtHashMask;
    }

    private long slot(int hash) {
        return rtHashTable + (long) mem.pointerSize() * hash;
    }

    /** {@code rt_hash_table[hash].chain}. */
    private long chain(int hash) {
        return mem.readPointer(slot(hash), "rt_hash_table");
    }

    private void spinLockBh(int hash, String fn) {
        if (smp) {
            mem.spinLock(rtHashLocks + lockSize * (hash & (RT_HASH_LOCK_SZ - 1)), fn);
        } else {
            upLocks[0].lock();
        }
    }

    private void spinUnlockBh(int hash, String fn) {
        if (smp) {
            mem.spinUnlock(rtHashLocks + lockSize * (hash & (RT_HASH_LOCK_SZ - 1)), fn);
        } else {
            upLocks[0].unlock();
        }
    }

    /** {@code static inline int rt_is_expired(struct rtable *rth)}: the entry predates the last cache invalidation. */
    @KernelSource(file = ROUTE_C, symbol = "rt_is_expired", commit = PATCHED)
    public boolean rtIsExpired(long rth) {
        return rtGenidOf(rth) != rtGenid();
    }

    /**
     * {@code static inline void rt_free(struct rtable *rt)}: {@code call_rcu_bh(..., dst_rcu_free)},
     * which {@code dst_free}s the entry; the grace period is taken as elapsed.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_free", commit = PATCHED, note = "the RCU callback runs at once")
    public void rtFree(long rt) {
        k.dstFree(rt);
    }

    /** {@code static inline void rt_drop(struct rtable *rt)}: drops the caller's reference and frees. */
    @KernelSource(file = ROUTE_C, symbol = "rt_drop", commit = PATCHED, note = "the RCU callback runs at once")
    public void rtDrop(long rt) {
        ipRtPut(rt);
        k.dstFree(rt);
    }

    @KernelSource(file = ROUTE_C, symbol = "rt_fast_clean", commit = PATCHED)
    private boolean rtFastClean(long rth) {
        // Kill broadcast/multicast entries very aggresively, if they collide in hash table with more useful entries.
        return (rtFlags(rth) & (RTCF_BROADCAST | RTCF_MULTICAST)) != 0 && rtIsInputRoute(rth) && f.next(rth, "rt_fast_clean") != 0;
    }

    @KernelSource(file = ROUTE_C, symbol = "rt_valuable", commit = PATCHED)
    private boolean rtValuable(long rth) {
        return (rtFlags(rth) & (RTCF_REDIRECTED | RTCF_NOTIFY)) != 0 || f.expires(rth, "rt_valuable") != 0;
    }

    @KernelSource(file = ROUTE_C, symbol = "rt_may_expire", commit = PATCHED)
    private boolean rtMayExpire(long rth, long tmo1, long tmo2) {
        if (f.refcnt(rth, "rt_may_expire") != 0) {
            return false;
        }
        long expires = f.expires(rth, "rt_may_expire");
        if (expires != 0 && di.timeAfterEq(k.jiffies(), expires)) {
            return true;
        }
        long age = ulong(k.jiffies() - f.lastuse(rth, "rt_may_expire"));
        return !((Long.compareUnsigned(age, tmo1) <= 0 && !rtFastClean(rth))
                || (Long.compareUnsigned(age, tmo2) <= 0 && rtValuable(rth)));
    }

    private long ulong(long v) {
        return mem.pointerSize() == 8 ? v : v & 0xffffffffL;
    }

    /** {@code static inline u32 rt_score(struct rtable *rt)}: eviction score; lower goes first. */
    @KernelSource(file = ROUTE_C, symbol = "rt_score", commit = PATCHED)
    private int rtScore(long rt) {
        int score = (int) (k.jiffies() - f.lastuse(rt, "rt_score"));
        score = ~score & ~(3 << 30);
        if (rtValuable(rt)) {
            score |= 1 << 31;
        }
        if (rtIsOutputRoute(rt) || (rtFlags(rt) & (RTCF_BROADCAST | RTCF_MULTICAST | RTCF_LOCAL)) == 0) {
            score |= 1 << 30;
        }
        return score;
    }

    /** {@code static inline int compare_keys(struct flowi *fl1, struct flowi *fl2)}: equal cache keys (tos and scope compared as one u16). */
    @KernelSource(file = ROUTE_C, symbol = "compare_keys", commit = PATCHED)
    private boolean compareKeys(long rt1, long rt2) {
        String fn = "compare_keys";
        return (mem.readU32(rt1 + rl.flDst(), fn) ^ mem.readU32(rt2 + rl.flDst(), fn)
                | mem.readU32(rt1 + rl.flSrc(), fn) ^ mem.readU32(rt2 + rl.flSrc(), fn)
                | flMark(rt1) ^ flMark(rt2)
                | mem.readU16(rt1 + rl.flTos(), fn) ^ mem.readU16(rt2 + rl.flTos(), fn)
                | flOif(rt1) ^ flOif(rt2)
                | flIif(rt1) ^ flIif(rt2)) == 0;
    }

    /** {@code static inline bool compare_hash_inputs(...)}: equal destination, source and input interface. */
    @KernelSource(file = ROUTE_C, symbol = "compare_hash_inputs", commit = PATCHED)
    private boolean compareHashInputs(long rt1, long rt2) {
        return ((flDst(rt1) ^ flDst(rt2)) | (flSrc(rt1) ^ flSrc(rt2)) | (flIif(rt1) ^ flIif(rt2))) == 0;
    }

    @KernelSource(file = ROUTE_C, symbol = "has_noalias", commit = PATCHED)
    private int hasNoalias(long head, long rth) {
        long aux = head;
        while (aux != rth) {
            if (compareHashInputs(aux, rth)) {
                return 0;
            }
            aux = f.next(aux, "has_noalias");
        }
        return ONE;
    }

    @KernelSource(file = ROUTE_C, symbol = "slow_chain_length", commit = PATCHED)
    private int slowChainLength(long head) {
        int length = 0;
        for (long rth = head; rth != 0; rth = f.next(rth, "slow_chain_length")) {
            length += hasNoalias(head, rth);
        }
        return length >> FRACT_BITS;
    }

    /**
     * {@code static void rt_do_flush(struct net *net, int process_context)}: unlinks every chain
     * and frees its entries; an entry still referenced goes to the dst garbage list.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_do_flush", commit = PATCHED, note = "one namespace: every entry is ours")
    public void rtDoFlush() {
        String fn = "rt_do_flush";
        for (int i = 0; i <= rtHashMask; i++) {
            if (chain(i) == 0) {
                continue;
            }
            spinLockBh(i, fn);
            long list = chain(i);
            mem.writePointer(slot(i), 0, fn);
            spinUnlockBh(i, fn);
            long next;
            for (; list != 0; list = next) {
                next = f.next(list, fn);
                rtFree(list);
            }
        }
    }

    /** {@code static void rt_cache_invalidate(struct net *net)}: perturbs {@code rt_genid} by 1..256. */
    @KernelSource(file = ROUTE_C, symbol = "rt_cache_invalidate", commit = PATCHED)
    public void rtCacheInvalidate() {
        int shuffle = random.nextInt(256);
        mem.atomicAddReturn(rtGenidAddr, shuffle + 1, "rt_cache_invalidate");
    }

    /**
     * {@code void rt_cache_flush(struct net *net, int delay)}: invalidates the cache; with
     * {@code delay >= 0} also frees every entry now.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_cache_flush", commit = PATCHED)
    public void rtCacheFlush(int delay) {
        rtCacheInvalidate();
        if (delay >= 0) {
            rtDoFlush();
        }
    }

    /**
     * {@code static int rt_garbage_collect(struct dst_ops *ops)}: {@code ipv4_dst_ops.gc}, which
     * {@code dst_alloc} calls above {@code gc_thresh} entries: expires entries until the cache is
     * back to its equilibrium; non-zero ("dst cache overflow") refuses the allocation.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_garbage_collect", commit = PATCHED,
            note = "process context (in_softirq() is false); RT_CACHE_STAT_INC is not kept")
    public int rtGarbageCollect(long ops) {
        synchronized (gcLock) {
            String fn = "rt_garbage_collect";
            long now = k.jiffies();
            int goal;
            int entries = k.dstEntriesGetFast(ipv4DstOps);
            int gcThresh = k.dstOps(ipv4DstOps).gcThresh();
            if (ulong(now - gcLastGc) < ipRtGcMinInterval && entries < ipRtMaxSize) {
                return 0;
            }
            entries = (int) k.dstOps(ipv4DstOps).entries();
            // Calculate number of entries, which we want to expire now.
            goal = entries - (ipRtGcElasticity << rtHashLog);
            if (goal <= 0) {
                if (gcEquilibrium < gcThresh) {
                    gcEquilibrium = gcThresh;
                }
                goal = entries - gcEquilibrium;
                if (goal > 0) {
                    gcEquilibrium += Math.min(goal >> 1, rtHashMask + 1);
                    goal = entries - gcEquilibrium;
                }
            } else {
                // We are in dangerous area. Try to reduce cache really aggressively.
                goal = Math.max(goal >> 1, rtHashMask + 1);
                gcEquilibrium = entries - goal;
            }
            if (ulong(now - gcLastGc) >= ipRtGcMinInterval) {
                gcLastGc = now;
            }
            if (goal <= 0) {
                gcEquilibrium += goal;
                return workDone();
            }
            do {
                int i;
                int kk;
                for (i = rtHashMask, kk = gcRover; i >= 0; i--) {
                    long tmo = gcExpire;
                    kk = (kk + 1) & rtHashMask;
                    long rthp = slot(kk);
                    spinLockBh(kk, fn);
                    long rth;
                    while ((rth = mem.readPointer(rthp, fn)) != 0) {
                        if (!rtIsExpired(rth) && !rtMayExpire(rth, tmo, gcExpire)) {
                            tmo >>= 1;
                            rthp = rth + k.offsetOf("next");
                            continue;
                        }
                        mem.writePointer(rthp, f.next(rth, fn), fn);
                        rtFree(rth);
                        goal--;
                    }
                    spinUnlockBh(kk, fn);
                    if (goal <= 0) {
                        break;
                    }
                }
                gcRover = kk;
                if (goal <= 0) {
                    return workDone();
                }
                // Goal is not achieved: stop if expire reached zero, or the table is not full.
                if (gcExpire == 0) {
                    break;
                }
                gcExpire >>= 1;
                if (k.dstEntriesGetFast(ipv4DstOps) < ipRtMaxSize) {
                    return 0;
                }
            } while (di.timeBeforeEq(k.jiffies(), now));
            if (k.dstEntriesGetFast(ipv4DstOps) < ipRtMaxSize) {
                return 0;
            }
            if (k.dstOps(ipv4DstOps).entries() < ipRtMaxSize) {
                return 0;
            }
            trace.emit(TraceKind.WARNING, fn, 0, "dst cache overflow");
            return 1;
        }
    }

    private int workDone() {
        gcExpire += ipRtGcMinInterval;
        int gcThresh = k.dstOps(ipv4DstOps).gcThresh();
        if (gcExpire > ipRtGcTimeout || k.dstEntriesGetFast(ipv4DstOps) < gcThresh || k.dstOps(ipv4DstOps).entries() < gcThresh) {
            gcExpire = ipRtGcTimeout;
        }
        return 0;
    }

    /**
     * {@code static int rt_intern_hash(unsigned hash, struct rtable *rt, struct rtable **rp,
     * struct sk_buff *skb, int ifindex)}: inserts a new entry at the head of its chain, unless an
     * entry with the same key is there, which is then used and the new one dropped; an over-long
     * chain loses its lowest-scoring unreferenced entry. The result goes to {@code rp}, else to
     * the skb.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_intern_hash", commit = PATCHED,
            note = "arp_bind_neighbour is not modelled (it succeeds); the one namespace always matches")
    public int rtInternHash(int hash, long rt, RtRef rp, Skb skb, int ifindex) {
        String fn = "rt_intern_hash";
        while (true) {
            int chainLength = 0;
            int minScore = ~0;
            long cand = 0;
            long candp = 0;
            long now = k.jiffies();

            if (currentRtCacheRebuildCount > sysctlRtCacheRebuildCount) {
                // Not caching: the caller holds the sole reference; DST_NOCACHE lets dst_release free it.
                k.setFlags(rt, k.flags(rt) | DstKernel.DST_NOCACHE);
                return skipHashing(rt, rp, skb);
            }

            long rthp = slot(hash);
            spinLockBh(hash, fn);
            long rth;
            boolean restart = false;
            while ((rth = mem.readPointer(rthp, fn)) != 0) {
                if (rtIsExpired(rth)) {
                    mem.writePointer(rthp, f.next(rth, fn), fn);
                    rtFree(rth);
                    continue;
                }
                if (compareKeys(rth, rt)) {
                    // Put it first.
                    mem.writePointer(rthp, f.next(rth, fn), fn);
                    f.setNext(rth, chain(hash), fn);
                    mem.writePointer(slot(hash), rth, fn);
                    k.dstUse(rth, now);
                    spinUnlockBh(hash, fn);
                    rtDrop(rt);
                    if (rp != null) {
                        rp.set(rth);
                    } else {
                        skb.dst().set(rth);
                    }
                    return 0;
                }
                if (f.refcnt(rth, fn) == 0) {
                    int score = rtScore(rth);
                    if (Integer.compareUnsigned(score, minScore) <= 0) {
                        cand = rth;
                        candp = rthp;
                        minScore = score;
                    }
                }
                chainLength++;
                rthp = rth + k.offsetOf("next");
            }
            if (cand != 0) {
                // ip_rt_gc_elasticity used to be average length of chain length, when exceeded gc becomes really aggressive.
                if (chainLength > ipRtGcElasticity) {
                    mem.writePointer(candp, f.next(cand, fn), fn);
                    rtFree(cand);
                }
            } else if (chainLength > rtChainLengthMax && slowChainLength(chain(hash)) > rtChainLengthMax) {
                int num = ++currentRtCacheRebuildCount;
                if (currentRtCacheRebuildCount > sysctlRtCacheRebuildCount) {
                    trace.emit(TraceKind.WARNING, fn, rt, "rebuild #" + num + " is over limit, route caching disabled");
                }
                trace.emit(TraceKind.WARNING, fn, rt, "Route hash chain too long!");
                rtCacheInvalidate();
                spinUnlockBh(hash, fn);
                hash = rtHash(flDst(rt), flSrc(rt), ifindex, rtGenid());
                restart = true;
            }
            if (restart) {
                continue;
            }
            f.setNext(rt, chain(hash), fn);
            // Since lookup is lockfree, previous writes to rt must be visible before rt is.
            java.lang.invoke.VarHandle.releaseFence();
            mem.writePointer(slot(hash), rt, fn);
            spinUnlockBh(hash, fn);
            return skipHashing(rt, rp, skb);
        }
    }

    private int skipHashing(long rt, RtRef rp, Skb skb) {
        if (rp != null) {
            rp.set(rt);
        } else {
            skb.dst().set(rt);
        }
        return 0;
    }

    /** {@code static void rt_del(unsigned hash, struct rtable *rt)}: drops the caller's reference, unlinks {@code rt} and expired entries, frees them. */
    @KernelSource(file = ROUTE_C, symbol = "rt_del", commit = PATCHED)
    public void rtDel(int hash, long rt) {
        String fn = "rt_del";
        long rthp = slot(hash);
        spinLockBh(hash, fn);
        ipRtPut(rt);
        long aux;
        while ((aux = mem.readPointer(rthp, fn)) != 0) {
            if (aux == rt || rtIsExpired(aux)) {
                mem.writePointer(rthp, f.next(aux, fn), fn);
                rtFree(aux);
                continue;
            }
            rthp = aux + k.offsetOf("next");
        }
        spinUnlockBh(hash, fn);
    }

    /** Every entry in the cache, bucket by bucket from the highest, chain order (the order /proc/net/rt_cache walks). */
    public List<Long> cachedRoutes() {
        List<Long> out = new ArrayList<>();
        for (int b = rtHashMask; b >= 0; b--) {
            for (long r = chain(b); r != 0; r = f.next(r, "rt_cache_get_next")) {
                out.add(r);
            }
        }
        return out;
    }

    // ---- redirects ----------------------------------------------------------------------------------

    /**
     * {@code void ip_rt_redirect(__be32 old_gw, __be32 daddr, __be32 new_gw, __be32 saddr, struct
     * net_device *dev)}: an ICMP redirect from {@code old_gw}: every matching output route is
     * replaced by a copy ({@code *rt = *rth}, the whole struct) whose gateway is {@code new_gw}.
     *
     * <p>The whole-struct copy copies {@code _metrics} too. In the parent that is the inline
     * array; in 62fa8a84 it is the pointer: shared read-only fib metrics stay shared (and the copy
     * takes a fib_info reference, {@link #ipRtRedirectHoldFi}), but metrics the old entry had
     * already copied on write end up owned by two entries.
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_rt_redirect", commit = PATCHED,
            note = "neighbours: arp_bind_neighbour succeeds and the neighbour counts as NUD_VALID; netevent notifiers and inet_peer are not modelled")
    public void ipRtRedirect(int oldGw, int daddr, int newGw, int saddr, NetDevice dev) {
        String fn = "ip_rt_redirect";
        int[] skeys = {saddr, 0};
        int[] ikeys = {dev.ifindex(), 0};
        if (newGw == oldGw || !dev.acceptRedirects() || Inet.ipv4IsMulticast(newGw) || Inet.ipv4IsLbcast(newGw)
                || Inet.ipv4IsZeronet(newGw)) {
            rejectRedirect(oldGw, daddr, newGw, saddr, dev);
            return;
        }
        if (currentRtCacheRebuildCount > sysctlRtCacheRebuildCount) {
            rejectRedirect(oldGw, daddr, newGw, saddr, dev);
            return;
        }
        if (!dev.sharedMedia()) {
            if (!dev.onLink(newGw) || (oldGw != 0 && !dev.onLink(oldGw))) {
                rejectRedirect(oldGw, daddr, newGw, saddr, dev);
                return;
            }
            if (dev.secureRedirects() && ipFibCheckDefault(newGw, dev) != 0) {
                rejectRedirect(oldGw, daddr, newGw, saddr, dev);
                return;
            }
        } else if (fib.inetAddrType(newGw) != Inet.RTN_UNICAST) {
            rejectRedirect(oldGw, daddr, newGw, saddr, dev);
            return;
        }
        for (int i = 0; i < 2; i++) {
            for (int kk = 0; kk < 2; kk++) {
                int hash = rtHash(daddr, skeys[i], ikeys[kk], rtGenid());
                long rthp = slot(hash);
                long rth;
                while ((rth = mem.readPointer(rthp, fn)) != 0) {
                    if (flDst(rth) != daddr || flSrc(rth) != skeys[i] || flOif(rth) != ikeys[kk] || rtIsInputRoute(rth)
                            || rtIsExpired(rth)) {
                        rthp = rth + k.offsetOf("next");
                        continue;
                    }
                    if (rtDst(rth) != daddr || rtSrc(rth) != saddr || f.error(rth, fn) != 0 || rtGateway(rth) != oldGw
                            || f.dev(rth, fn) != dev.address()) {
                        break;
                    }
                    k.dstHold(rth);
                    long rt = k.dstAlloc(ipv4DstOps);
                    if (rt == 0) {
                        ipRtPut(rth);
                        return;
                    }
                    // Copy all the information.
                    mem.memcpy(rt, rth, rl.size(), fn);
                    if (trace.enabled()) {
                        trace.emit(TraceKind.NOTE, fn, rt, "*rt = *rth: whole struct rtable copied from " + mem.hex(rth)
                                + metricsNote(rt));
                    }
                    f.setUse(rt, 1, fn);
                    f.setRefcnt(rt, 1, fn);
                    f.setChild(rt, 0, fn);
                    f.setObsolete(rt, -1, fn);
                    f.setLastuse(rt, k.jiffies(), fn);
                    f.setPath(rt, rt, fn);
                    f.setNeighbour(rt, 0, fn);
                    f.setHh(rt, 0, fn);
                    f.setXfrm(rt, 0, fn);
                    setRtGenid(rt, rtGenid(), fn);
                    setRtFlags(rt, rtFlags(rt) | RTCF_REDIRECTED, fn);
                    // Gateway is different ...
                    setRtGateway(rt, newGw, fn);
                    // Redirect received -> path was valid
                    di.dstConfirm(rth);
                    if (peer(rt) != 0) {
                        trace.emit(TraceKind.NOTE, fn, peer(rt), "atomic_inc(&rt->peer->refcnt): inet_peer is not modelled");
                    }
                    ipRtRedirectHoldFi(rt);
                    // arp_bind_neighbour(&rt->dst) succeeds and the neighbour is NUD_VALID (not modelled).
                    trace.emit(TraceKind.NOTE, fn, rt, "call_netevent_notifiers(NETEVENT_REDIRECT) is not modelled");
                    rtDel(hash, rth);
                    RtRef rp = new RtRef(rt);
                    if (rtInternHash(hash, rt, rp, null, flOif(rt)) == 0) {
                        ipRtPut(rp.get());
                    }
                    break;
                }
            }
        }
    }

    /** What the {@code _metrics} of a fresh whole-struct copy point to, for the trace. */
    abstract String metricsNote(long rt);

    /** The 62fa8a84 lines of {@code ip_rt_redirect} after the copy: {@code if (rt->fi) atomic_inc(&rt->fi->fib_clntref);}. */
    abstract void ipRtRedirectHoldFi(long rt);

    private void rejectRedirect(int oldGw, int daddr, int newGw, int saddr, NetDevice dev) {
        trace.emit(TraceKind.NOTE, "ip_rt_redirect", 0, "Redirect from " + Inet.format(oldGw) + " on " + dev.name() + " about "
                + Inet.format(daddr) + " ignored. Advised path = " + Inet.format(saddr) + " -> " + Inet.format(newGw));
    }

    /** {@code int ip_fib_check_default(__be32 gw, struct net_device *dev)}: 0 if {@code gw} is a default gateway on {@code dev}, else -1. */
    @KernelSource(file = "net/ipv4/fib_hash.c", symbol = "ip_fib_check_default", commit = PATCHED, note = "over the prefix map")
    private int ipFibCheckDefault(int gw, NetDevice dev) {
        FibTable.Alias a = fib.route(0, 0);
        if (a != null && a.fi() != 0 && fs.nhGw(a.fi(), 0) == gw && fs.nhDev(a.fi(), 0) == dev) {
            return 0;
        }
        return -1;
    }

    // ---- making routes --------------------------------------------------------------------------------

    /**
     * {@code static void rt_set_nexthop(struct rtable *rt, struct fib_result *res, u32 itag)}: the
     * route's gateway, metrics and class tag from the FIB result. The kernels differ in how the
     * metrics arrive: the parent copies {@code fi->fib_metrics} into the entry; 62fa8a84 points
     * {@code _metrics} read-only at them and takes a client reference on {@code fi}. Both then
     * clamp the MTU and ADVMSS, which in 62fa8a84 copies the metrics on write.
     */
    public abstract void rtSetNexthop(long rt, FibResult res, int itag);

    /** {@code static void set_class_tag(struct rtable *rt, u32 tag)} ({@code CONFIG_IP_ROUTE_CLASSID}). */
    @KernelSource(file = ROUTE_C, symbol = "set_class_tag", commit = PATCHED)
    protected void setClassTag(long rt, int tag) {
        String fn = "set_class_tag";
        if ((f.tclassid(rt, fn) & 0xFFFF) == 0) {
            f.setTclassid(rt, f.tclassid(rt, fn) | tag & 0xFFFF, fn);
        }
        if ((f.tclassid(rt, fn) & 0xFFFF0000) == 0) {
            f.setTclassid(rt, f.tclassid(rt, fn) | tag & 0xFFFF0000, fn);
        }
    }

    /** The gateway part of {@code rt_set_nexthop}, the same in both kernels. */
    protected void rtSetNexthopGateway(long rt, FibResult res) {
        long fi = res.fi();
        if (fs.nhGw(fi, res.nhSel()) != 0 && fs.nhScope(fi, res.nhSel()) == Inet.RT_SCOPE_LINK) {
            setRtGateway(rt, fs.nhGw(fi, res.nhSel()), "rt_set_nexthop");
        }
    }

    /** {@code inet_select_addr(dev, dst, scope)} reduced to the device's primary address. */
    @KernelSource(file = "net/ipv4/devinet.c", symbol = "inet_select_addr", commit = PATCHED, note = "the primary address of the device")
    private int inetSelectAddr(NetDevice dev) {
        return dev == null ? 0 : dev.addr();
    }

    /**
     * {@code int fib_validate_source(...)} reduced: a source whose reverse route is not unicast is
     * a martian ({@code -EINVAL}); 1 when the source is on a connected subnet of {@code dev}
     * ({@code RTCF_DIRECTSRC}); {@code specDst[0]} gets the address to answer from.
     */
    @KernelSource(file = "net/ipv4/fib_frontend.c", symbol = "fib_validate_source", commit = PATCHED,
            note = "no rp_filter, no realms (itag stays 0)")
    private int fibValidateSource(int saddr, NetDevice dev, int[] specDst) {
        FibTable.Lookup l = fib.fibLookup(saddr);
        if (l.err() != 0) {
            specDst[0] = inetSelectAddr(dev);
            return 0;
        }
        if (l.res().type() != Inet.RTN_UNICAST) {
            return -Inet.EINVAL;
        }
        specDst[0] = l.res().fi() != 0 && fs.prefsrc(l.res().fi()) != 0 ? fs.prefsrc(l.res().fi()) : inetSelectAddr(dev);
        if (l.res().dev() == dev) {
            return fs.nhScope(l.res().fi(), 0) >= Inet.RT_SCOPE_HOST ? 1 : 0;
        }
        return 0;
    }

    /**
     * {@code static int __mkroute_input(...)}: a forwarding entry for a packet received on
     * {@code inDev} towards the FIB result's device, with {@code rt_set_nexthop}.
     */
    @KernelSource(file = ROUTE_C, symbol = "__mkroute_input", commit = PATCHED,
            note = "fib_validate_source and inet_addr_onlink reduced to the devices' connected subnets")
    public int __mkrouteInput(Skb skb, FibResult res, NetDevice inDev, int daddr, int saddr, int tos, RtRef result) {
        String fn = "__mkroute_input";
        NetDevice outDev = res.dev();
        if (outDev == null) {
            trace.emit(TraceKind.WARNING, fn, 0, "Bug in ip_route_input_slow(). Please, report");
            return -Inet.EINVAL;
        }
        int flags = 0;
        int[] specDst = {0};
        int itag = 0;
        int err = fibValidateSource(saddr, inDev, specDst);
        if (err < 0) {
            ipHandleMartianSource(inDev, daddr, saddr);
            return err;
        }
        if (err != 0) {
            flags |= RTCF_DIRECTSRC;
        }
        if (outDev == inDev && err != 0 && (outDev.sharedMedia() || outDev.onLink(saddr))) {
            flags |= RTCF_DOREDIRECT;
        }
        if (skb.protocol() != DstOps.ETH_P_IP) {
            // Not IP (i.e. ARP). Do not create route, if it is invalid for proxy arp.
            if (outDev == inDev) {
                return -Inet.EINVAL;
            }
        }
        long rth = k.dstAlloc(ipv4DstOps);
        if (rth == 0) {
            return -Inet.ENOBUFS;
        }
        f.setRefcnt(rth, 1, fn);
        int dflags = DstKernel.DST_HOST;
        if (inDev.noPolicy()) {
            dflags |= DstKernel.DST_NOPOLICY;
        }
        if (outDev.noXfrm()) {
            dflags |= DstKernel.DST_NOXFRM;
        }
        k.setFlags(rth, dflags);
        setFl(rth, daddr, saddr, tos, skb.mark(), inDev.ifindex(), 0, fn);
        setRtDst(rth, daddr, fn);
        setRtSrc(rth, saddr, fn);
        setRtGateway(rth, daddr, fn);
        setRtIif(rth, inDev.ifindex(), fn);
        f.setDev(rth, outDev.address(), fn);
        setRtSpecDst(rth, specDst[0], fn);
        f.setObsolete(rth, -1, fn);
        f.setInput(rth, ipForward, fn);
        f.setOutput(rth, ipOutput, fn);
        setRtGenid(rth, rtGenid(), fn);

        rtSetNexthop(rth, res, itag);

        setRtFlags(rth, flags, fn);
        result.set(rth);
        return 0;
    }

    @KernelSource(file = ROUTE_C, symbol = "ip_handle_martian_source", commit = PATCHED)
    private void ipHandleMartianSource(NetDevice dev, int daddr, int saddr) {
        trace.emit(TraceKind.NOTE, "ip_handle_martian_source", 0, "martian source " + Inet.format(daddr) + " from "
                + Inet.format(saddr) + ", on dev " + dev.name());
    }

    /** {@code static int ip_mkroute_input(...)}: {@code __mkroute_input}, then into the cache. */
    @KernelSource(file = ROUTE_C, symbol = "ip_mkroute_input", commit = PATCHED, note = "no multipath selection")
    public int ipMkrouteInput(Skb skb, FibResult res, int iif, NetDevice inDev, int daddr, int saddr, int tos) {
        RtRef rth = new RtRef();
        int err = __mkrouteInput(skb, res, inDev, daddr, saddr, tos, rth);
        if (err != 0) {
            return err;
        }
        int hash = rtHash(daddr, saddr, iif, rtGenid());
        return rtInternHash(hash, rth.get(), null, skb, iif);
    }

    /**
     * {@code static int ip_route_input_slow(struct sk_buff *skb, __be32 daddr, __be32 saddr, u8 tos,
     * struct net_device *dev)}: the route of a received packet: forwarding through
     * {@code ip_mkroute_input}, or a local, broadcast or unreachable entry without a fib_info
     * (whose metrics stay the defaults in 62fa8a84 and zero in the parent).
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_route_input_slow", commit = PATCHED,
            note = "RT_CACHE_STAT_INC not kept; martian logging goes to the trace")
    public int ipRouteInputSlow(Skb skb, int daddr, int saddr, int tos, NetDevice dev) {
        String fn = "ip_route_input_slow";
        int flags = 0;
        int itag = 0;
        int[] specDst = {0};
        int err;
        FibResult res = null;
        int resType;

        if (Inet.ipv4IsMulticast(saddr) || Inet.ipv4IsLbcast(saddr) || Inet.ipv4IsLoopback(saddr)) {
            return martianSource(-Inet.EINVAL, dev, daddr, saddr);
        }
        boolean brd = Inet.ipv4IsLbcast(daddr) || (saddr == 0 && daddr == 0);
        if (!brd) {
            if (Inet.ipv4IsZeronet(saddr)) {
                return martianSource(-Inet.EINVAL, dev, daddr, saddr);
            }
            if (Inet.ipv4IsZeronet(daddr) || Inet.ipv4IsLoopback(daddr)) {
                return martianDestination(dev, daddr, saddr);
            }
            FibTable.Lookup l = fib.fibLookup(daddr);
            err = l.err();
            res = l.res();
            if (err != 0) {
                if (!dev.forwarding()) {
                    return -Inet.EHOSTUNREACH;
                }
                // no_route:
                specDst[0] = inetSelectAddr(dev);
                resType = Inet.RTN_UNREACHABLE;
                if (err == -Inet.ESRCH) {
                    err = -Inet.ENETUNREACH;
                }
                return localInput(skb, daddr, saddr, tos, dev, flags, itag, specDst[0], resType, err);
            }
            if (res.type() != Inet.RTN_BROADCAST) {
                if (res.type() == Inet.RTN_LOCAL) {
                    err = fibValidateSource(saddr, dev, specDst);
                    if (err < 0) {
                        return martianSource(err, dev, daddr, saddr);
                    }
                    if (err != 0) {
                        flags |= RTCF_DIRECTSRC;
                    }
                    return localInput(skb, daddr, saddr, tos, dev, flags, itag, daddr, Inet.RTN_LOCAL, 0);
                }
                if (!dev.forwarding()) {
                    return -Inet.EHOSTUNREACH;
                }
                if (res.type() != Inet.RTN_UNICAST) {
                    return martianDestination(dev, daddr, saddr);
                }
                return ipMkrouteInput(skb, res, dev.ifindex(), dev, daddr, saddr, tos);
            }
        }
        // brd_input:
        if (skb.protocol() != DstOps.ETH_P_IP) {
            return -Inet.EINVAL;
        }
        if (Inet.ipv4IsZeronet(saddr)) {
            specDst[0] = inetSelectAddr(dev);
        } else {
            err = fibValidateSource(saddr, dev, specDst);
            if (err < 0) {
                return martianSource(err, dev, daddr, saddr);
            }
            if (err != 0) {
                flags |= RTCF_DIRECTSRC;
            }
        }
        flags |= RTCF_BROADCAST;
        return localInput(skb, daddr, saddr, tos, dev, flags, itag, specDst[0], Inet.RTN_BROADCAST, 0);
    }

    /** The {@code local_input:} label of {@code ip_route_input_slow}: an entry delivered locally (or an error entry), no fib_info. */
    private int localInput(Skb skb, int daddr, int saddr, int tos, NetDevice dev, int flags, int itag, int specDst, int resType, int err) {
        String fn = "ip_route_input_slow";
        long rth = k.dstAlloc(ipv4DstOps);
        if (rth == 0) {
            return -Inet.ENOBUFS;
        }
        f.setOutput(rth, ipRtBug, fn);
        f.setObsolete(rth, -1, fn);
        setRtGenid(rth, rtGenid(), fn);
        f.setRefcnt(rth, 1, fn);
        int dflags = DstKernel.DST_HOST;
        if (dev.noPolicy()) {
            dflags |= DstKernel.DST_NOPOLICY;
        }
        k.setFlags(rth, dflags);
        setFl(rth, daddr, saddr, tos, skb.mark(), dev.ifindex(), 0, fn);
        setRtDst(rth, daddr, fn);
        setRtSrc(rth, saddr, fn);
        f.setTclassid(rth, itag, fn);
        setRtIif(rth, dev.ifindex(), fn);
        f.setDev(rth, devices.loopback().address(), fn);
        setRtGateway(rth, daddr, fn);
        setRtSpecDst(rth, specDst, fn);
        f.setInput(rth, ipLocalDeliver, fn);
        setRtFlags(rth, flags | RTCF_LOCAL, fn);
        if (resType == Inet.RTN_UNREACHABLE) {
            f.setInput(rth, ipError, fn);
            f.setError(rth, -err, fn);
            setRtFlags(rth, rtFlags(rth) & ~RTCF_LOCAL, fn);
        }
        setRtType(rth, resType, fn);
        int hash = rtHash(daddr, saddr, dev.ifindex(), rtGenid());
        return rtInternHash(hash, rth, null, skb, dev.ifindex());
    }

    private int martianSource(int err, NetDevice dev, int daddr, int saddr) {
        ipHandleMartianSource(dev, daddr, saddr);
        return err;
    }

    private int martianDestination(NetDevice dev, int daddr, int saddr) {
        trace.emit(TraceKind.NOTE, "ip_route_input_slow", 0, "martian destination " + Inet.format(daddr) + " from "
                + Inet.format(saddr) + ", dev " + dev.name());
        return -Inet.EHOSTUNREACH;
    }

    /**
     * {@code int ip_route_input_common(struct sk_buff *skb, __be32 daddr, __be32 saddr, u8 tos,
     * struct net_device *dev, bool noref)}: a cache hit ({@code dst_use}, or {@code dst_use_noref}
     * with {@code noref}) or the slow path; the route is attached to {@code skb}.
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_route_input_common", commit = PATCHED,
            note = "multicast destinations (ip_route_input_mc) are not ported: -EINVAL")
    public int ipRouteInputCommon(Skb skb, int daddr, int saddr, int tos, NetDevice dev, boolean noref) {
        int iif = dev.ifindex();
        tos &= Inet.IPTOS_RT_MASK;
        int hash = rtHash(daddr, saddr, iif, rtGenid());
        for (long rth = chain(hash); rth != 0; rth = f.next(rth, "ip_route_input_common")) {
            if (((flDst(rth) ^ daddr) | (flSrc(rth) ^ saddr) | (flIif(rth) ^ iif) | flOif(rth) | (flTos(rth) ^ tos)) == 0
                    && flMark(rth) == skb.mark() && !rtIsExpired(rth)) {
                if (noref) {
                    k.dstUseNoref(rth, k.jiffies());
                } else {
                    k.dstUse(rth, k.jiffies());
                }
                skb.dst().set(rth);
                return 0;
            }
        }
        if (Inet.ipv4IsMulticast(daddr)) {
            trace.emit(TraceKind.NOTE, "ip_route_input_common", 0, "multicast input routes (ip_route_input_mc) are not ported");
            return -Inet.EINVAL;
        }
        return ipRouteInputSlow(skb, daddr, saddr, tos, dev);
    }

    /** {@code RT_FL_TOS(oldflp)}: the TOS bits that matter for routing, and {@code RTO_ONLINK}. */
    @KernelSource(file = ROUTE_C, symbol = "RT_FL_TOS", commit = PATCHED)
    public static int RT_FL_TOS(Flowi oldflp) {
        return oldflp.tos() & (Inet.IPTOS_RT_MASK | Inet.RTO_ONLINK);
    }

    /**
     * {@code static int __mkroute_output(struct rtable **result, struct fib_result *res, const
     * struct flowi *fl, const struct flowi *oldflp, struct net_device *dev_out, unsigned flags)}:
     * an output entry, with {@code rt_set_nexthop}; broadcast routes and small-prefix multicast
     * lose {@code res->fi}, so they keep the default metrics.
     */
    @KernelSource(file = ROUTE_C, symbol = "__mkroute_output", commit = PATCHED,
            note = "ip_check_mc: no multicast group is joined; no multicast routing")
    public int __mkrouteOutput(RtRef result, FibResult res, Flowi fl, Flowi oldflp, NetDevice devOut, int flags) {
        String fn = "__mkroute_output";
        int tos = RT_FL_TOS(oldflp);
        if (Inet.ipv4IsLoopback(fl.saddr()) && !devOut.isLoopback()) {
            return -Inet.EINVAL;
        }
        if (Inet.ipv4IsLbcast(fl.daddr())) {
            res = res.withType(Inet.RTN_BROADCAST);
        } else if (Inet.ipv4IsMulticast(fl.daddr())) {
            res = res.withType(Inet.RTN_MULTICAST);
        } else if (Inet.ipv4IsZeronet(fl.daddr())) {
            return -Inet.EINVAL;
        }
        if (devOut.isLoopback()) {
            flags |= RTCF_LOCAL;
        }
        if (res.type() == Inet.RTN_BROADCAST) {
            flags |= RTCF_BROADCAST | RTCF_LOCAL;
            res = res.withoutFi();
        } else if (res.type() == Inet.RTN_MULTICAST) {
            flags |= RTCF_MULTICAST | RTCF_LOCAL;
            // ip_check_mc(): not a member of any group.
            flags &= ~RTCF_LOCAL;
            // If multicast route do not exist use default one, but do not gateway in this case. Yes, it is hack.
            if (res.fi() != 0 && res.prefixlen() < 4) {
                res = res.withoutFi();
            }
        }

        long rth = k.dstAlloc(ipv4DstOps);
        if (rth == 0) {
            return -Inet.ENOBUFS;
        }
        f.setRefcnt(rth, 1, fn);
        int dflags = DstKernel.DST_HOST;
        if (devOut.noXfrm()) {
            dflags |= DstKernel.DST_NOXFRM;
        }
        if (devOut.noPolicy()) {
            dflags |= DstKernel.DST_NOPOLICY;
        }
        k.setFlags(rth, dflags);
        setFl(rth, oldflp.daddr(), oldflp.saddr(), tos, oldflp.mark(), 0, oldflp.oif(), fn);
        setRtDst(rth, fl.daddr(), fn);
        setRtSrc(rth, fl.saddr(), fn);
        setRtIif(rth, oldflp.oif() != 0 ? oldflp.oif() : devOut.ifindex(), fn);
        // get references to the devices that are to be hold by the routing cache entry
        f.setDev(rth, devOut.address(), fn);
        setRtGateway(rth, fl.daddr(), fn);
        setRtSpecDst(rth, fl.saddr(), fn);
        f.setOutput(rth, ipOutput, fn);
        f.setObsolete(rth, -1, fn);
        setRtGenid(rth, rtGenid(), fn);
        if ((flags & RTCF_LOCAL) != 0) {
            f.setInput(rth, ipLocalDeliver, fn);
            setRtSpecDst(rth, fl.daddr(), fn);
        }
        if ((flags & (RTCF_BROADCAST | RTCF_MULTICAST)) != 0) {
            setRtSpecDst(rth, fl.saddr(), fn);
            if ((flags & RTCF_LOCAL) != 0 && !devOut.isLoopback()) {
                f.setOutput(rth, ipMcOutput, fn);
            }
        }

        rtSetNexthop(rth, res, 0);

        setRtFlags(rth, flags, fn);
        result.set(rth);
        return 0;
    }

    /** {@code static int ip_mkroute_output(...)}: {@code __mkroute_output}, then into the cache under the caller's key. */
    @KernelSource(file = ROUTE_C, symbol = "ip_mkroute_output", commit = PATCHED)
    public int ipMkrouteOutput(RtRef rp, FibResult res, Flowi fl, Flowi oldflp, NetDevice devOut, int flags) {
        RtRef rth = new RtRef();
        int err = __mkrouteOutput(rth, res, fl, oldflp, devOut, flags);
        if (err == 0) {
            int hash = rtHash(oldflp.daddr(), oldflp.saddr(), oldflp.oif(), rtGenid());
            err = rtInternHash(hash, rth.get(), rp, null, oldflp.oif());
        }
        return err;
    }

    /**
     * {@code static int ip_route_output_slow(struct net *net, struct rtable **rp, const struct
     * flowi *oldflp)}: resolves the output device and source, looks the FIB up and makes the entry.
     */
    @KernelSource(file = ROUTE_C, symbol = "ip_route_output_slow", commit = PATCHED,
            note = "no multipath or default-route selection; __ip_dev_find over the device addresses")
    public int ipRouteOutputSlow(RtRef rp, Flowi oldflp) {
        int tos = RT_FL_TOS(oldflp);
        int flDst = oldflp.daddr();
        int flSrc = oldflp.saddr();
        int flOif = oldflp.oif();
        int flScope = (tos & Inet.RTO_ONLINK) != 0 ? Inet.RT_SCOPE_LINK : Inet.RT_SCOPE_UNIVERSE;
        FibResult res = FibResult.of(0);
        int flags = 0;
        NetDevice devOut = null;

        if (oldflp.saddr() != 0) {
            if (Inet.ipv4IsMulticast(oldflp.saddr()) || Inet.ipv4IsLbcast(oldflp.saddr()) || Inet.ipv4IsZeronet(oldflp.saddr())) {
                return -Inet.EINVAL;
            }
            if (oldflp.oif() == 0 && (Inet.ipv4IsMulticast(oldflp.daddr()) || Inet.ipv4IsLbcast(oldflp.daddr()))) {
                // It is equivalent to inet_addr_type(saddr) == RTN_LOCAL
                devOut = devices.byAddr(oldflp.saddr());
                if (devOut == null) {
                    return -Inet.EINVAL;
                }
                flOif = devOut.ifindex();
                return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
            }
            if ((oldflp.flags() & Flowi.FLOWI_FLAG_ANYSRC) == 0 && devices.byAddr(oldflp.saddr()) == null) {
                return -Inet.EINVAL;
            }
        }
        if (oldflp.oif() != 0) {
            devOut = devices.byIndex(oldflp.oif());
            if (devOut == null) {
                return -Inet.ENODEV;
            }
            // RACE: Check return value of inet_select_addr instead.
            if (!devOut.isUp()) {
                return -Inet.ENETUNREACH;
            }
            if (Inet.ipv4IsLocalMulticast(oldflp.daddr()) || Inet.ipv4IsLbcast(oldflp.daddr())) {
                if (flSrc == 0) {
                    flSrc = inetSelectAddr(devOut);
                }
                return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
            }
            if (flSrc == 0) {
                if (Inet.ipv4IsMulticast(oldflp.daddr()) || oldflp.daddr() == 0) {
                    flSrc = inetSelectAddr(devOut);
                }
            }
        }
        if (flDst == 0) {
            flDst = flSrc;
            if (flDst == 0) {
                flDst = flSrc = Inet.INADDR_LOOPBACK;
            }
            devOut = devices.loopback();
            flOif = devOut.ifindex();
            res = FibResult.of(Inet.RTN_LOCAL);
            flags |= RTCF_LOCAL;
            return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
        }
        FibTable.Lookup l = fib.fibLookup(flDst);
        if (l.err() != 0) {
            if (oldflp.oif() != 0) {
                // Apparently, routing tables are wrong. Assume, that the destination is on link.
                if (flSrc == 0) {
                    flSrc = inetSelectAddr(devOut);
                }
                res = FibResult.of(Inet.RTN_UNICAST);
                return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
            }
            return -Inet.ENETUNREACH;
        }
        res = l.res();
        if (res.type() == Inet.RTN_LOCAL) {
            if (flSrc == 0) {
                flSrc = fs.prefsrc(res.fi()) != 0 ? fs.prefsrc(res.fi()) : flDst;
            }
            devOut = devices.loopback();
            flOif = devOut.ifindex();
            res = res.withoutFi();
            flags |= RTCF_LOCAL;
            return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
        }
        if (flSrc == 0) {
            // FIB_RES_PREFSRC(res)
            flSrc = fs.prefsrc(res.fi()) != 0 ? fs.prefsrc(res.fi()) : inetSelectAddr(res.dev());
        }
        devOut = res.dev();
        if (devOut == null) {
            return -Inet.ENETUNREACH;
        }
        flOif = devOut.ifindex();
        return makeRoute(rp, res, flDst, flSrc, tos, flScope, flOif, oldflp, devOut, flags);
    }

    /** The {@code make_route:} label of {@code ip_route_output_slow}. */
    private int makeRoute(RtRef rp, FibResult res, int dst, int src, int tos, int scope, int oif, Flowi oldflp, NetDevice devOut, int flags) {
        Flowi fl = new Flowi(oif, devices.loopback().ifindex(), oldflp.mark(), dst, src, tos & Inet.IPTOS_RT_MASK, scope, 0, 0, 0, 0);
        return ipMkrouteOutput(rp, res, fl, oldflp, devOut, flags);
    }

    /**
     * {@code int __ip_route_output_key(struct net *net, struct rtable **rp, const struct flowi
     * *flp)}: a cache hit ({@code dst_use}) or {@code ip_route_output_slow}; {@code rp} gets the
     * route with a reference.
     */
    @KernelSource(file = ROUTE_C, symbol = "__ip_route_output_key", commit = PATCHED)
    public int __ipRouteOutputKey(RtRef rp, Flowi flp) {
        if (currentRtCacheRebuildCount <= sysctlRtCacheRebuildCount) {
            int hash = rtHash(flp.daddr(), flp.saddr(), flp.oif(), rtGenid());
            for (long rth = chain(hash); rth != 0; rth = f.next(rth, "__ip_route_output_key")) {
                if (flDst(rth) == flp.daddr() && flSrc(rth) == flp.saddr() && rtIsOutputRoute(rth) && flOif(rth) == flp.oif()
                        && flMark(rth) == flp.mark() && ((flTos(rth) ^ flp.tos()) & (Inet.IPTOS_RT_MASK | Inet.RTO_ONLINK)) == 0
                        && !rtIsExpired(rth)) {
                    k.dstUse(rth, k.jiffies());
                    rp.set(rth);
                    return 0;
                }
            }
        }
        return ipRouteOutputSlow(rp, flp);
    }

    // ---- blackhole ----------------------------------------------------------------------------------

    /** {@code static struct dst_entry *ipv4_blackhole_dst_check(struct dst_entry *dst, u32 cookie)}: always NULL. */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_blackhole_dst_check", commit = PATCHED)
    public long ipv4BlackholeDstCheck(long dst, int cookie) {
        return 0;
    }

    /** {@code static void ipv4_rt_blackhole_update_pmtu(struct dst_entry *dst, u32 mtu)}: nothing. */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_rt_blackhole_update_pmtu", commit = PATCHED)
    public void ipv4RtBlackholeUpdatePmtu(long dst, int mtu) {
    }

    /**
     * {@code static struct dst_ops ipv4_dst_blackhole_ops}: family, protocol, destroy, check and
     * update_pmtu only. No {@code default_mtu} or {@code default_advmss}, and in 62fa8a84 no
     * {@code cow_metrics}: calls through them are calls through NULL. {@code ip_rt_init} gives it
     * {@code ipv4_dst_ops.kmem_cachep}, so its entries are {@code struct rtable}s.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_blackhole_ops", commit = PATCHED)
    private long defineIpv4DstBlackholeOps() {
        return k.dstOpsBuilder("ipv4_dst_blackhole_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .destroy("ipv4_dst_destroy")
                .check("ipv4_blackhole_dst_check")
                .updatePmtu("ipv4_rt_blackhole_update_pmtu")
                .kmemCachep(ipDstCache)
                .build().address();
    }

    /**
     * {@code static int ipv4_dst_blackhole(struct net *net, struct rtable **rp, struct flowi *flp)}:
     * replaces {@code *rp} by a one-shot entry of {@code ipv4_dst_blackhole_ops} that discards
     * everything, with a copy of the original's metrics ({@code dst_copy_metrics}), and releases
     * the original. Returns 0, or {@code -ENOMEM} with {@code *rp} NULL.
     */
    @KernelSource(file = ROUTE_C, symbol = "ipv4_dst_blackhole", commit = PATCHED, note = "dev_hold and inet_peer are not modelled")
    public int ipv4DstBlackhole(RtRef rp, Flowi flp) {
        String fn = "ipv4_dst_blackhole";
        long ort = rp.get();
        long rt = k.dstAlloc(ipv4DstBlackholeOps);
        if (rt != 0) {
            long dnew = rt;
            f.setRefcnt(dnew, 1, fn);
            f.setUse(dnew, 1, fn);
            f.setInput(dnew, k.dstDiscardAddress(), fn);
            f.setOutput(dnew, k.dstDiscardAddress(), fn);
            k.dstCopyMetrics(dnew, ort);

            f.setDev(dnew, f.dev(ort, fn), fn);
            mem.memcpy(rt + rl.fl(), ort + rl.fl(), rl.flowi().size(), fn);
            setRtGenid(rt, rtGenid(), fn);
            setRtFlags(rt, rtFlags(ort), fn);
            setRtType(rt, rtType(ort), fn);
            setRtDst(rt, rtDst(ort), fn);
            setRtSrc(rt, rtSrc(ort), fn);
            setRtIif(rt, rtIif(ort), fn);
            setRtGateway(rt, rtGateway(ort), fn);
            setRtSpecDst(rt, rtSpecDst(ort), fn);
            setPeer(rt, peer(ort), fn);
            ipv4DstBlackholeFi(rt, ort);

            k.dstFree(dnew);
        }
        k.dstRelease(rp.get());
        rp.set(rt);
        return rt != 0 ? 0 : -Inet.ENOMEM;
    }

    /** The 62fa8a84 lines of {@code ipv4_dst_blackhole}: {@code rt->fi = ort->fi; if (rt->fi) atomic_inc(...)}. */
    abstract void ipv4DstBlackholeFi(long rt, long ort);

    // ---- reporting ----------------------------------------------------------------------------------

    /**
     * {@code static int rt_cache_seq_show(struct seq_file *seq, void *v)} for one entry: the
     * /proc/net/rt_cache line, padded to 127 characters, without the newline. MTU is
     * {@code dst_metric_advmss + 40}, IRTT {@code (RTT >> 3) + RTTVAR}; addresses are the raw
     * {@code __be32} words in {@code %08X}. The C passes the metric reads as printf arguments,
     * whose evaluation order C leaves unspecified; they are read here in source order.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_cache_seq_show", commit = PATCHED,
            note = "hh_cache is not modelled: HHRef -1, HHUptod 0 unless dst.hh is set")
    public String rtCacheSeqShow(long r) {
        String fn = "rt_cache_seq_show";
        long dev = f.dev(r, fn);
        String name = dev != 0 ? devices.devName(dev, fn) : "*";
        if (f.hh(r, fn) != 0) {
            trace.emit(TraceKind.NOTE, fn, f.hh(r, fn), "hh_cache is not modelled: HHRef and HHUptod printed as if dst.hh were NULL");
        }
        int advmss = k.dstMetricAdvmss(r);
        int window = k.dstMetric(r, RTAX_WINDOW);
        int irtt = (k.dstMetric(r, RTAX_RTT) >>> 3) + k.dstMetric(r, RTAX_RTTVAR);
        String line = String.format("%s\t%08X\t%08X\t%8X\t%d\t%s\t%d\t%08X\t%d\t%s\t%s\t%02X\t%d\t%1d\t%08X",
                name,
                mem.readU32(r + rl.rtDst(), fn),
                mem.readU32(r + rl.rtGateway(), fn),
                rtFlags(r), k.refcnt(r),
                Integer.toUnsignedString(k.use(r)), 0, mem.readU32(r + rl.rtSrc(), fn),
                advmss + 40,
                Integer.toUnsignedString(window),
                Integer.toUnsignedString(irtt),
                flTos(r),
                -1,
                0,
                mem.readU32(r + rl.rtSpecDst(), fn));
        // seq_printf(seq, "%*s\n", 127 - len, ""): a negative width is a left-justified field of its absolute value.
        int len = line.length();
        return line + " ".repeat(Math.abs(127 - len));
    }

    /**
     * The whole of /proc/net/rt_cache: the header, then {@code rt_cache_seq_show} for each entry
     * of the current generation ({@code rt_cache_seq_start} records {@code rt_genid}), buckets from
     * the highest down.
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_cache_seq_start", commit = PATCHED, note = "with rt_cache_get_first/next")
    public List<String> rtCacheSeqStart() {
        int genid = rtGenid();
        List<String> out = new ArrayList<>();
        out.add(RT_CACHE_HEADER);
        for (long r : cachedRoutes()) {
            if (rtGenidOf(r) == genid) {
                out.add(rtCacheSeqShow(r));
            }
        }
        return out;
    }

    /**
     * The metrics part of {@code static int rt_fill_info(...)}: {@code if
     * (rtnetlink_put_metrics(skb, dst_metrics_ptr(&rt->dst)) < 0) goto nla_put_failure;}, which
     * appends {@code RTA_METRICS} to {@code skb}. The rest of the message is not ported.
     *
     * @return 0, or {@code -EMSGSIZE} (the message is cancelled)
     */
    @KernelSource(file = ROUTE_C, symbol = "rt_fill_info", commit = PATCHED, note = "only the RTA_METRICS attribute")
    public int rtFillInfo(Nla skb, long rt) {
        if (RtNetlink.rtnetlinkPutMetrics(mem, skb, k.dstMetricsPtr(rt)) < 0) {
            return -Inet.EMSGSIZE;
        }
        return 0;
    }
}
