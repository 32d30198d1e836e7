package dstcow.xfrm.ipv4;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.FlowiLayout;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.route.Ipv4Route;
import dstcow.ipv4.route.RtRef;
import dstcow.ipv4.struct.DstFields;
import dstcow.ipv4.struct.RtableLayout;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.core.ErrPtr;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.core.XfrmFnTypes;
import dstcow.xfrm.core.XfrmPolicyAfinfo;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * The port of net/ipv4/xfrm4_policy.c at 62fa8a84 and its parent, whole: {@code xfrm4_dst_ops}
 * and {@code xfrm4_policy_afinfo}, route lookup for tunnel endpoints, the IPv4 part of a bundle
 * element ({@code xfrm4_fill_dst}), flow decoding from a packet ({@code _decode_session4}),
 * garbage collection, PMTU forwarding, destruction and {@code xfrm4_init}. The kernels differ in
 * two lines: 62fa8a84 gives {@code xfrm4_dst_ops} {@code .cow_metrics = dst_cow_metrics_generic}
 * and makes {@code xfrm4_dst_destroy} free the element's metrics
 * ({@link PatchedXfrm4Policy}); the parent has neither ({@link ParentXfrm4Policy}).
 */
public abstract sealed class Xfrm4Policy permits ParentXfrm4Policy, PatchedXfrm4Policy {

    public static final String XFRM4_POLICY_C = "net/ipv4/xfrm4_policy.c";

    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_DCCP = 33;
    public static final int IPPROTO_GRE = 47;
    public static final int IPPROTO_ESP = 50;
    public static final int IPPROTO_AH = 51;
    public static final int IPPROTO_COMP = 108;
    public static final int IPPROTO_SCTP = 132;
    public static final int IPPROTO_UDPLITE = 136;
    /** {@code IP_MF}, {@code IP_OFFSET} (include/net/ip.h), host order. */
    public static final int IP_MF = 0x2000;
    public static final int IP_OFFSET = 0x1FFF;
    /** {@code GRE_CSUM}, {@code GRE_KEY} (include/linux/if_tunnel.h), host order. */
    public static final int GRE_CSUM = 0x8000;
    public static final int GRE_KEY = 0x2000;

    protected final DstKernel k;
    protected final KernelMemory mem;
    protected final Trace trace;
    protected final DstFields f;
    protected final Xfrm xfrm;
    protected final Ipv4Route route;
    protected final RtableLayout rl;
    protected final FlowiLayout flowi;
    protected final long xfrm4DstOps;
    protected final XfrmPolicyAfinfo afinfo;

    Xfrm4Policy(Xfrm xfrm, Ipv4Route route) {
        this.k = route.kernel();
        this.mem = k.memory();
        this.trace = mem.trace();
        this.f = route.dstFields();
        this.xfrm = xfrm;
        this.route = route;
        this.rl = route.rtableLayout();
        this.flowi = rl.flowi();
        var sym = mem.symbols();
        long dstLookup = sym.register("xfrm4_dst_lookup", (XfrmFnTypes.DstLookup) this::xfrm4DstLookup);
        long getSaddr = sym.register("xfrm4_get_saddr", (XfrmFnTypes.GetSaddr) this::xfrm4GetSaddr);
        long decodeSession = sym.register("_decode_session4", (XfrmFnTypes.DecodeSession) this::_decodeSession4);
        long getTos = sym.register("xfrm4_get_tos", (XfrmFnTypes.GetTos) this::xfrm4GetTos);
        long initPath = sym.register("xfrm4_init_path", (XfrmFnTypes.InitPath) this::xfrm4InitPath);
        long fillDst = sym.register("xfrm4_fill_dst", (XfrmFnTypes.FillDst) this::xfrm4FillDst);
        sym.register("xfrm4_garbage_collect", (FnTypes.Gc) this::xfrm4GarbageCollect);
        sym.register("xfrm4_update_pmtu", (FnTypes.UpdatePmtu) this::xfrm4UpdatePmtu);
        sym.register("xfrm4_dst_destroy", (FnTypes.Destroy) this::xfrm4DstDestroy);
        sym.register("xfrm4_dst_ifdown", (FnTypes.Ifdown) this::xfrm4DstIfdown);
        sym.register("xfrm4_output", (FnTypes.SkbHandler) skb -> {
            trace.emit(TraceKind.NOTE, "xfrm4_output", 0, "transforming packets is not modelled");
            return 0;
        });
        this.xfrm4DstOps = defineXfrm4DstOps();
        this.afinfo = defineXfrm4PolicyAfinfo(dstLookup, getSaddr, decodeSession, getTos, initPath, fillDst);
    }

    /** The parent's or 62fa8a84's xfrm4_policy.c, as the kernel's version says. */
    public static Xfrm4Policy of(Xfrm xfrm, Ipv4Route route) {
        return route.kernel().version() == KernelVersion.PATCHED ? new PatchedXfrm4Policy(xfrm, route) : new ParentXfrm4Policy(xfrm, route);
    }

    /**
     * {@code static struct dst_ops xfrm4_dst_ops}: {@code .family = AF_INET}, {@code .protocol =
     * cpu_to_be16(ETH_P_IP)}, {@code .gc = xfrm4_garbage_collect}, {@code .update_pmtu =
     * xfrm4_update_pmtu}, (62fa8a84) {@code .cow_metrics = dst_cow_metrics_generic},
     * {@code .destroy = xfrm4_dst_destroy}, {@code .ifdown = xfrm4_dst_ifdown},
     * {@code .local_out = __ip_local_out}, {@code .gc_thresh = 1024}. The rest is filled in by
     * {@code xfrm_policy_register_afinfo}.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_ops", commit = PATCHED, note = "the .cow_metrics line is 62fa8a84's")
    private long defineXfrm4DstOps() {
        DstOps.Builder b = k.dstOpsBuilder("xfrm4_dst_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .gc("xfrm4_garbage_collect")
                .updatePmtu("xfrm4_update_pmtu");
        xfrm4DstOpsCowMetrics(b);
        return b.destroy("xfrm4_dst_destroy")
                .ifdown("xfrm4_dst_ifdown")
                .localOut("__ip_local_out")
                .gcThresh(1024)
                .build().address();
    }

    /** The {@code .cow_metrics} line of {@code xfrm4_dst_ops} (62fa8a84 only). */
    abstract void xfrm4DstOpsCowMetrics(DstOps.Builder b);

    /**
     * {@code static struct xfrm_policy_afinfo xfrm4_policy_afinfo}: {@code .family},
     * {@code .dst_ops = &xfrm4_dst_ops}, {@code .dst_lookup}, {@code .get_saddr},
     * {@code .decode_session = _decode_session4}, {@code .get_tos}, {@code .init_path},
     * {@code .fill_dst}.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_policy_afinfo", commit = PATCHED)
    private XfrmPolicyAfinfo defineXfrm4PolicyAfinfo(long dstLookup, long getSaddr, long decodeSession, long getTos, long initPath,
                                                     long fillDst) {
        return new XfrmPolicyAfinfo(DstOps.AF_INET, xfrm4DstOps, 0, dstLookup, getSaddr, decodeSession, getTos, initPath, fillDst);
    }

    /** The address of the static {@code xfrm4_dst_ops}. */
    public long xfrm4DstOps() { return xfrm4DstOps; }

    public XfrmPolicyAfinfo afinfo() { return afinfo; }

    /**
     * {@code void __init xfrm4_init(int rt_max_size)}: {@code xfrm4_dst_ops.gc_thresh =
     * rt_max_size / 2} (start collecting bundles at half the route cache's maximum), then
     * {@code xfrm4_policy_init}, which registers the afinfo.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_init", commit = PATCHED,
            note = "dst_entries_init has nothing to allocate; xfrm4_state_init and the sysctl table are not modelled")
    public void xfrm4Init(int rtMaxSize) {
        mem.writeU32(xfrm4DstOps + k.dstOpsLayout().gcThresh(), rtMaxSize / 2, "xfrm4_init");
        xfrm4PolicyInit();
    }

    /** {@code static void __init xfrm4_policy_init(void)}: {@code xfrm_policy_register_afinfo(&xfrm4_policy_afinfo)}. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_policy_init", commit = PATCHED)
    public void xfrm4PolicyInit() {
        int err = xfrm.xfrmPolicyRegisterAfinfo(afinfo);
        if (err != 0) {
            throw new IllegalStateException("xfrm_policy_register_afinfo(&xfrm4_policy_afinfo) returned " + Inet.errno(err));
        }
    }

    /**
     * {@code static void __exit xfrm4_policy_fini(void)}: unregisters the afinfo (the sysctl
     * table is not modelled). Built into the kernel, xfrm4 never runs it; here it is for
     * completeness and for tests of the unregistration.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_policy_fini", commit = PATCHED)
    public int xfrm4PolicyFini() {
        return xfrm.xfrmPolicyUnregisterAfinfo(afinfo);
    }

    /** The one entry of {@code xfrm4_policy_table}: {@code net.ipv4.xfrm4_gc_thresh}. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_policy_table", commit = PATCHED)
    public static final String XFRM4_GC_THRESH_SYSCTL = "xfrm4_gc_thresh";

    /**
     * A write to {@link #XFRM4_GC_THRESH_SYSCTL} ({@code proc_dointvec}): its {@code .data} is
     * {@code &init_net.xfrm.xfrm4_dst_ops.gc_thresh}, the namespace copy bundles are counted in.
     */
    public void setXfrm4GcThresh(int thresh) {
        mem.writeU32(xfrm.xfrm4DstOpsNet() + k.dstOpsLayout().gcThresh(), thresh, "proc_dointvec");
    }

    /**
     * {@code static struct dst_entry *xfrm4_dst_lookup(struct net *net, int tos, xfrm_address_t
     * *saddr, xfrm_address_t *daddr)}: the IPv4 output route to {@code daddr}
     * ({@code __ip_route_output_key}, with a reference), or {@code ERR_PTR(err)}.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_lookup", commit = PATCHED)
    public long xfrm4DstLookup(long net, int tos, Integer saddr, int daddr) {
        int src = 0;
        if (saddr != null) {
            src = saddr;
        }
        Flowi fl = Flowi.output(daddr, src, tos, 0);
        RtRef rt = new RtRef();
        int err = route.__ipRouteOutputKey(rt, fl);
        long dst = rt.get();
        if (err != 0) {
            dst = ErrPtr.ERR_PTR(mem, err);
        }
        return dst;
    }

    /** {@code static int xfrm4_get_saddr(struct net *net, xfrm_address_t *saddr, xfrm_address_t *daddr)}: the source the route to {@code daddr} would use. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_get_saddr", commit = PATCHED)
    public int xfrm4GetSaddr(long net, int[] saddr, int daddr) {
        long dst = xfrm4DstLookup(net, 0, null, daddr);
        if (ErrPtr.IS_ERR(mem, dst)) {
            return -Inet.EHOSTUNREACH;
        }
        long rt = dst;
        saddr[0] = route.rtSrc(rt);
        k.dstRelease(dst);
        return 0;
    }

    /** {@code static int xfrm4_get_tos(struct flowi *fl)}: the TOS without the ECN bits. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_get_tos", commit = PATCHED)
    public int xfrm4GetTos(Flowi fl) {
        return Inet.IPTOS_RT_MASK & fl.tos(); // Strip ECN bits
    }

    /** {@code static int xfrm4_init_path(struct xfrm_dst *path, struct dst_entry *dst, int nfheader_len)}: nothing for IPv4. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_init_path", commit = PATCHED)
    public int xfrm4InitPath(long path, long dst, int nfheaderLen) {
        return 0;
    }

    /**
     * {@code static int xfrm4_fill_dst(struct xfrm_dst *xdst, struct net_device *dev, struct
     * flowi *fl)}: the {@code rtable} half of a bundle element: the flow, the device, the peer
     * (with a reference) and the route's flags, type and addresses. Not {@code fi}: the element's
     * {@code u.rt.fi} stays NULL, its metrics are its own copy.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_fill_dst", commit = PATCHED, note = "dev_hold and inet_peer are not modelled")
    public int xfrm4FillDst(long xdst, long dev, Flowi fl) {
        String fn = "xfrm4_fill_dst";
        long rt = xfrm.route(xdst);

        flowi.write(mem, xdst + rl.fl(), fl, fn);

        f.setDev(xdst, dev, fn);

        long peer = route.peer(rt);
        mem.writePointer(xdst + rl.peer(), peer, fn);
        if (peer != 0) {
            trace.emit(TraceKind.NOTE, fn, peer, "atomic_inc(&rt->peer->refcnt): inet_peer is not modelled");
        }

        // Sheit... I remember I did this right. Apparently, it was magically lost, so this code needs audit
        mem.writeU32(xdst + rl.rtFlags(), route.rtFlags(rt) & (Inet.RTCF_BROADCAST | Inet.RTCF_MULTICAST | Inet.RTCF_LOCAL), fn);
        mem.writeU16(xdst + rl.rtType(), route.rtType(rt), fn);
        Inet.storeBe32(mem, xdst + rl.rtSrc(), route.rtSrc(rt), fn);
        Inet.storeBe32(mem, xdst + rl.rtDst(), route.rtDst(rt), fn);
        Inet.storeBe32(mem, xdst + rl.rtGateway(), route.rtGateway(rt), fn);
        Inet.storeBe32(mem, xdst + rl.rtSpecDst(), route.rtSpecDst(rt), fn);
        return 0;
    }

    /**
     * {@code static void _decode_session4(struct sk_buff *skb, struct flowi *fl, int reverse)}:
     * the flow key of an IPv4 packet, written to the {@code struct flowi} at {@code fl}: ports for
     * TCP, UDP, UDP-Lite, SCTP and DCCP (swapped when {@code reverse}), ICMP type and code, the
     * SPI of ESP, AH and IPComp, the GRE key; none of them for a fragment (which has no upper
     * header to read); then protocol, addresses (swapped when {@code reverse}) and TOS.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "_decode_session4", commit = PATCHED)
    public void _decodeSession4(Packet skb, long fl, int reverse) {
        String fn = "_decode_session4";
        int iph = skb.network();
        int ihl = skb.u8(iph) & 0x0f;
        int xprth = iph + ihl * 4;

        mem.memset(fl, 0, flowi.size(), fn);
        mem.writeU32(fl + flowi.mark(), skb.mark(), fn);

        int fragOff = skb.be16(iph + 6);
        int protocol = skb.u8(iph + 9);
        if ((fragOff & (IP_MF | IP_OFFSET)) == 0) {
            switch (protocol) {
                case IPPROTO_UDP, IPPROTO_UDPLITE, IPPROTO_TCP, IPPROTO_SCTP, IPPROTO_DCCP -> {
                    if (xprth + 4 < skb.data() || mayPull(skb, xprth + 4 - skb.data())) {
                        int[] ports = {skb.be16(xprth), skb.be16(xprth + 2)};
                        int sport = ports[reverse != 0 ? 1 : 0];
                        int dport = ports[reverse != 0 ? 0 : 1];
                        flowi.writeUli(mem, fl, sport << 16 | dport, fn);
                    }
                }
                case IPPROTO_ICMP -> {
                    if (mayPull(skb, xprth + 2 - skb.data())) {
                        int type = skb.u8(xprth);
                        int code = skb.u8(xprth + 1);
                        flowi.writeUli(mem, fl, type << 24 | code << 16, fn);
                    }
                }
                case IPPROTO_ESP -> {
                    if (mayPull(skb, xprth + 4 - skb.data())) {
                        flowi.writeUli(mem, fl, skb.be32(xprth), fn);
                    }
                }
                case IPPROTO_AH -> {
                    if (mayPull(skb, xprth + 8 - skb.data())) {
                        flowi.writeUli(mem, fl, skb.be32(xprth + 4), fn);
                    }
                }
                case IPPROTO_COMP -> {
                    if (mayPull(skb, xprth + 4 - skb.data())) {
                        // fl_ipsec_spi = htonl(ntohs(ipcomp_hdr[1])): the CPI widened to 32 bits.
                        flowi.writeUli(mem, fl, skb.be16(xprth + 2), fn);
                    }
                }
                case IPPROTO_GRE -> {
                    if (mayPull(skb, xprth + 12 - skb.data())) {
                        int greflags = skb.be16(xprth);
                        int greHdr = xprth;
                        if ((greflags & GRE_KEY) != 0) {
                            if ((greflags & GRE_CSUM) != 0) {
                                greHdr += 4;
                            }
                            flowi.writeUli(mem, fl, skb.be32(greHdr + 4), fn);
                        }
                    }
                }
                default -> flowi.writeUli(mem, fl, 0, fn);
            }
        }
        mem.writeU8(fl + flowi.proto(), protocol, fn);
        int saddr = skb.be32(iph + 12);
        int daddr = skb.be32(iph + 16);
        Inet.storeBe32(mem, fl + flowi.daddr(), reverse != 0 ? saddr : daddr, fn);
        Inet.storeBe32(mem, fl + flowi.saddr(), reverse != 0 ? daddr : saddr, fn);
        mem.writeU8(fl + flowi.tos(), skb.u8(iph + 1), fn);
    }

    /** {@code pskb_may_pull(skb, len)} with C's conversion of a negative {@code len} to a huge {@code unsigned int}. */
    private static boolean mayPull(Packet skb, int len) {
        return len >= 0 && skb.pskbMayPull(len);
    }

    /**
     * {@code static inline int xfrm4_garbage_collect(struct dst_ops *ops)}: {@code ops->gc} of the
     * bundles: runs the afinfo's {@code garbage_collect} (the flow cache flush), then refuses new
     * entries while more than twice {@code gc_thresh} are alive.
     */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_garbage_collect", commit = PATCHED, note = "one namespace (container_of gives init_net)")
    public int xfrm4GarbageCollect(long ops) {
        String fn = "xfrm4_garbage_collect";
        XfrmFnTypes.GarbageCollect gc = mem.symbols().resolve(afinfo.garbageCollect(), XfrmFnTypes.GarbageCollect.class, fn,
                "xfrm4_policy_afinfo.garbage_collect");
        trace.emit(TraceKind.CALL, fn, afinfo.garbageCollect(), "xfrm4_policy_afinfo.garbage_collect = " + mem.symbolize(afinfo.garbageCollect()));
        gc.garbageCollect(0);
        DstOps o = k.dstOps(ops);
        return Long.compareUnsigned(o.entries(), Integer.toUnsignedLong(o.gcThresh()) * 2) > 0 ? 1 : 0;
    }

    /** {@code static void xfrm4_update_pmtu(struct dst_entry *dst, u32 mtu)}: passes the event to the route below ({@code xdst->route}). */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_update_pmtu", commit = PATCHED)
    public void xfrm4UpdatePmtu(long dst, int mtu) {
        long xdst = dst;
        long path = xfrm.route(xdst);
        route.dstInlines().updatePmtu(path, mtu, "xfrm4_update_pmtu");
    }

    /**
     * {@code static void xfrm4_dst_destroy(struct dst_entry *dst)}: {@code ops->destroy} of a
     * bundle element. 62fa8a84 first frees the element's own metrics copy.
     */
    public abstract void xfrm4DstDestroy(long dst);

    /** The peer and {@code xfrm_dst_destroy} part of {@code xfrm4_dst_destroy}, the same in both kernels. */
    protected void xfrm4DstDestroyRest(long xdst) {
        long peer = mem.readPointer(xdst + rl.peer(), "xfrm4_dst_destroy");
        if (peer != 0) {
            trace.emit(TraceKind.NOTE, "xfrm4_dst_destroy", peer, "inet_putpeer: inet_peer is not modelled");
        }
        xfrm.xfrmDstDestroy(xdst);
    }

    /** {@code static void xfrm4_dst_ifdown(struct dst_entry *dst, struct net_device *dev, int unregister)}. */
    @KernelSource(file = XFRM4_POLICY_C, symbol = "xfrm4_dst_ifdown", commit = PATCHED)
    public void xfrm4DstIfdown(long dst, long dev, int unregister) {
        if (unregister == 0) {
            return;
        }
        xfrm.xfrmDstIfdown(dst, dev);
    }
}
