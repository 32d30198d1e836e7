package dstcow.xfrm;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.Ipv4Error;
import dstcow.ipv4.Ipv4Stack;
import dstcow.ipv4.Rtable;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.NetDevice;
import dstcow.xfrm.core.ErrPtr;
import dstcow.xfrm.core.Xfrm;
import dstcow.xfrm.ipv4.Packet;
import dstcow.xfrm.ipv4.Xfrm4Policy;
import dstcow.xfrm.state.EspParams;
import dstcow.xfrm.state.XfrmStates;

import java.util.ArrayList;
import java.util.List;

/**
 * IPsec over the IPv4 routing of one emulated kernel: ESP states, bundles over routes, their MTU
 * checks and their end. {@code boot} runs {@code xfrm_init} and {@code xfrm4_init} as
 * {@code ip_rt_init} does; the work is the port's ({@link #xfrm()}, {@link #xfrm4()}).
 *
 * <pre>
 * Ipv4Stack ip = ...;                                        // routes, devices
 * XfrmStack ipsec = XfrmStack.boot(ip);
 * XfrmState sa = ipsec.addState(EspParams.aesCbcSha1(XfrmStates.XFRM_MODE_TRANSPORT), "10.0.0.1", "10.1.2.3", 0x100);
 * Rtable rt = ip.outputRoute("10.1.2.3");
 * Bundle b = ipsec.bundle(rt, sa);      // one xfrm_dst, metrics copied from rt, MTU = esp4_get_mtu(rt mtu)
 * ip.release(rt);
 * ...
 * ipsec.release(b);
 * System.out.println(ipsec.shutdown()); // flow cache flushed, states deleted, routing shut down: "no leaks"
 * </pre>
 *
 * <h2>References</h2>
 * {@link #bundle} returns a bundle with one reference and leaves the route's reference with the
 * caller (the bundle takes its own); {@link #release} drops the bundle's. The flow cache keeps
 * every bundle made until {@link #flushBundles} (or a garbage collection) {@code dst_free}s it.
 * States start with the state table's reference; {@link #deleteState} drops it, and bundles keep
 * a deleted state alive until they die.
 */
public final class XfrmStack {

    private final Ipv4Stack ipv4;
    private final DstKernel k;
    private final XfrmStates states;
    private final Xfrm xfrm;
    private final Xfrm4Policy xfrm4;
    private final List<Long> stateTable = new ArrayList<>();
    private final long bootFrom;
    private final long bootTo;

    private XfrmStack(Ipv4Stack ipv4) {
        this.ipv4 = ipv4;
        this.k = ipv4.kernel();
        this.bootFrom = k.memory().mark();
        this.states = new XfrmStates(k);
        this.xfrm = new Xfrm(k, ipv4.devices(), states, ipv4.route().rtableLayout().fl());
        this.xfrm4 = Xfrm4Policy.of(xfrm, ipv4.route());
        xfrm4.xfrm4Init(ipv4.route().ipRtMaxSize());
        this.bootTo = k.memory().mark();
    }

    /** {@code xfrm_init()} and {@code xfrm4_init(ip_rt_max_size)} over an IPv4 stack. */
    public static XfrmStack boot(Ipv4Stack ipv4) {
        return new XfrmStack(ipv4);
    }

    public Ipv4Stack ipv4() { return ipv4; }

    public DstKernel kernel() { return k; }

    /** The xfrm core (xfrm_policy.c). */
    public Xfrm xfrm() { return xfrm; }

    /** The port of xfrm4_policy.c. */
    public Xfrm4Policy xfrm4() { return xfrm4; }

    /** The state functions (xfrm_state.c, esp4.c). */
    public XfrmStates states() { return states; }

    /** A view of {@code net->xfrm.xfrm4_dst_ops}, the ops every bundle element uses. */
    public DstOps xfrm4DstOps() { return k.dstOps(xfrm.xfrm4DstOpsNet()); }

    // ---- states ----------------------------------------------------------------------------------------

    /**
     * {@code ip xfrm state add ... proto esp spi SPI mode transport|tunnel}: an ESP state from
     * {@code saddr} to {@code daddr} with any selector.
     */
    public XfrmState addState(EspParams p, String saddr, String daddr, int spi) {
        long x = states.xfrmStateConstruct(p, Inet.parse(saddr), Inet.parse(daddr), spi, XfrmStates.Selector.any(DstOps.AF_INET));
        if (x == 0) {
            throw new Ipv4Error("xfrm_state_construct", -Inet.ENOMEM, "ip xfrm state add spi 0x" + Integer.toHexString(spi));
        }
        synchronized (stateTable) {
            stateTable.add(x);
        }
        return new XfrmState(states, x);
    }

    /** {@code ip xfrm state delete}: {@code __xfrm_state_delete}; bundles over the state go stale. */
    public void deleteState(XfrmState x) {
        synchronized (stateTable) {
            stateTable.remove(x.address());
        }
        states.__xfrmStateDelete(x.address());
    }

    /** A state update that changes its generation ({@code x->genid++}): bundles over it go stale. */
    public void touchState(XfrmState x) {
        states.bumpGenid(x.address(), "xfrm_state_update");
    }

    // ---- bundles -----------------------------------------------------------------------------------------

    /** A bundle for the flow of {@code route}'s cache key, one element per state, outermost first. */
    public Bundle bundle(Rtable route, XfrmState... xs) {
        return bundle(route, route.key(), xs);
    }

    /**
     * {@code xfrm_lookup}'s bundle creation over {@code route} for {@code fl}: each state is held
     * (as template resolution does), {@code xfrm_bundle_create} builds the chain (copying metrics
     * from the route below each element and computing the MTUs), the flow cache keeps the bundle,
     * and the caller gets one reference. Throws {@link Ipv4Error} with the errno on failure.
     */
    public Bundle bundle(Rtable route, Flowi fl, XfrmState... xs) {
        if (xs.length == 0 || xs.length > Xfrm.XFRM_MAX_DEPTH) {
            throw new IllegalArgumentException("a bundle needs 1.." + Xfrm.XFRM_MAX_DEPTH + " states (XFRM_MAX_DEPTH), got " + xs.length);
        }
        long[] xfrmv = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xfrmv[i] = xs[i].address();
            states.xfrmStateHold(xfrmv[i]);
        }
        long dst = xfrm.xfrmBundleLookup(xfrmv, xfrmv.length, fl, DstOps.AF_INET, route.address());
        if (ErrPtr.IS_ERR(k.memory(), dst)) {
            throw new Ipv4Error("xfrm_bundle_create", ErrPtr.PTR_ERR(dst), "bundle over " + route + " for " + fl);
        }
        return new Bundle(this, dst);
    }

    /** {@code dst_release} of the caller's reference on the bundle. */
    public void release(Bundle b) {
        k.dstRelease(b.address());
    }

    /**
     * {@code dst_check(dst, 0)} on the bundle, as a socket does before each use: since bundle
     * elements are marked obsolete, this is {@code xfrm_dst_check} → {@code stale_bundle} →
     * {@code xfrm_bundle_ok}, which re-derives the MTUs when a route's MTU changed. True if the
     * bundle is still good.
     */
    public boolean check(Bundle b) {
        return xfrm.dstInlines().dstCheck(b.address(), 0) != 0;
    }

    /** {@code xfrm_bundle_ok(NULL, first, NULL, AF_INET, 0)} directly. */
    public boolean bundleOk(Bundle b) {
        return xfrm.xfrmBundleOk(0, b.address(), null, DstOps.AF_INET, 0);
    }

    /** A PMTU event on the bundle: {@code dst->ops->update_pmtu} = {@code xfrm4_update_pmtu}, which passes it to the route. */
    public void updatePmtu(Bundle b, int mtu) {
        xfrm.dstInlines().updatePmtu(b.address(), mtu, "do_pmtu_discovery");
    }

    /**
     * {@code dst->ops->ifdown} on every cached bundle: {@code xfrm4_dst_ifdown}, which with
     * {@code unregister} moves elements on {@code dev} to the loopback device.
     */
    public void ifdown(String dev, boolean unregister) {
        NetDevice d = ipv4.device(dev);
        long off = k.dstOpsLayout().function("ifdown");
        for (long b : xfrm.flowCache()) {
            xfrm.dstInlines().ops(b, off, FnTypes.Ifdown.class, "ifdown", "dst_ifdown").ifdown(b, d.address(), unregister ? 1 : 0);
        }
    }

    /** The bundles the flow cache holds. */
    public List<Bundle> cachedBundles() {
        return xfrm.flowCache().stream().map(a -> new Bundle(this, a)).toList();
    }

    /** {@code flow_cache_flush()}: the cache {@code dst_free}s every bundle (freed once no reference is left). */
    public void flushBundles() {
        xfrm.flowCacheFlush();
        ipv4.gc();
    }

    /** {@code xfrm4_garbage_collect(&net->xfrm.xfrm4_dst_ops)}: flushes the cache; 1 if still above twice {@code gc_thresh}. */
    public int garbageCollect() {
        int r = xfrm4.xfrm4GarbageCollect(xfrm.xfrm4DstOpsNet());
        ipv4.gc();
        return r;
    }

    // ---- flows ------------------------------------------------------------------------------------------

    /** {@code _decode_session4} of an IPv4 packet ({@code skb->data} at its header), {@code reverse} for the reply direction. */
    public Flowi decodeSession(byte[] ipPacket, boolean reverse) {
        return decodeSession(Packet.of(ipPacket), reverse);
    }

    /**
     * {@code _decode_session4(skb, fl, reverse)} through {@code xfrm4_policy_afinfo.decode_session},
     * into a {@code struct flowi} kmalloc'd for the call (the kernel's is on the stack), returned
     * as a value.
     */
    public Flowi decodeSession(Packet skb, boolean reverse) {
        var mem = k.memory();
        var flowi = ipv4.route().rtableLayout().flowi();
        long fl = mem.kmalloc(flowi.size(), "__xfrm_decode_session");
        if (fl == 0) {
            throw new Ipv4Error("__xfrm_decode_session", -Inet.ENOMEM, "no memory for the flow key");
        }
        try {
            long f = xfrm4.afinfo().decodeSession();
            mem.symbols().resolve(f, dstcow.xfrm.core.XfrmFnTypes.DecodeSession.class, "__xfrm_decode_session", "afinfo->decode_session")
                    .decodeSession(skb, fl, reverse ? 1 : 0);
            return flowi.read(mem, fl, "__xfrm_decode_session");
        } finally {
            mem.kfree(fl, "__xfrm_decode_session");
        }
    }

    /** {@code xfrm4_get_saddr}: the source address the route to {@code daddr} uses. */
    public int getSaddr(String daddr) {
        int[] saddr = {0};
        int err = xfrm4.xfrm4GetSaddr(0, saddr, Inet.parse(daddr));
        if (err != 0) {
            throw new Ipv4Error("xfrm4_get_saddr", err, "no route to " + daddr);
        }
        return saddr[0];
    }

    // ---- the end -----------------------------------------------------------------------------------------

    /**
     * Flushes the bundle cache, deletes every state, then shuts the IPv4 routing down
     * ({@link Ipv4Stack#shutdown}); returns what is still allocated since the IPv4 stack booted,
     * except what {@code xfrm_init} itself allocated (the {@code xfrm_dst_cache} descriptor).
     */
    public LeakReport shutdown() {
        xfrm.flowCacheFlush();
        ipv4.gc();
        List<Long> xs;
        synchronized (stateTable) {
            xs = List.copyOf(stateTable);
            stateTable.clear();
        }
        for (long x : xs) {
            states.__xfrmStateDelete(x);
        }
        LeakReport all = ipv4.shutdown();
        return new LeakReport(all.objects().stream().filter(o -> o.seq() < bootFrom || o.seq() >= bootTo).toList(), all.pointerSize());
    }

    @Override
    public String toString() {
        return "IPsec (xfrm4) over " + ipv4;
    }
}
