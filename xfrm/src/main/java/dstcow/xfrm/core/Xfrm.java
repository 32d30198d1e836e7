package dstcow.xfrm.core;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.DstOpsLayout;
import dstcow.dst.ops.FnTypes;
import dstcow.ipv4.net.Devices;
import dstcow.ipv4.net.Flowi;
import dstcow.ipv4.net.FlowiLayout;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.route.DstInlines;
import dstcow.ipv4.struct.DstFields;
import dstcow.xfrm.state.XfrmStates;

import java.util.ArrayList;
import java.util.List;

import static dstcow.dst.KernelSource.PATCHED;
import static dstcow.dst.Rtax.RTAX_MTU;

/**
 * The xfrm core around bundles: the port of the parts of net/xfrm/xfrm_policy.c and
 * include/net/xfrm.h that allocate, build, measure, check and free {@code struct xfrm_dst}
 * bundles, and the afinfo registration that completes an address family's {@code dst_ops}.
 *
 * <h2>Metric inheritance</h2>
 * {@link #xfrmBundleCreate} gives each bundle element a copy of the metrics of the route below it
 * ({@code dst_copy_metrics}): in 62fa8a84 a COW of the element's read-only default metrics into a
 * private kmalloc'd array, then the copy; in the parent a memcpy into the inline array.
 * {@link #xfrmInitPmtu} and {@link #xfrmBundleOk} write the element's MTU into that copy. The copy
 * is a snapshot: later changes to the route reach the bundle only through the MTU re-check of
 * {@code xfrm_bundle_ok}.
 *
 * <h2>Source</h2>
 * The text of xfrm_policy.c at 62fa8a84 is not in the stored sources: this follows the nearest
 * stored text (the flow-cache version of 2.6.35-2.6.38, {@code xfrm_bundle_ok(pol, first, fl,
 * family, strict)}) with the metric lines of the accessor series applied as KERNEL.md section 8.2
 * lists them: {@code dst_copy_metrics} and {@code dst_metric_set} (defb3519),
 * {@code xfrm_default_advmss} (0dbaee3b), {@code xfrm_default_mtu} (d33e4553). The file is not
 * changed by 62fa8a84, so both kernels run this text.
 *
 * <h2>Reduced</h2>
 * Policies and templates are not modelled: a bundle is built from states the caller resolved
 * ({@code xfrm_tmpl_resolve} takes a reference on each), {@code num_pols} stays 0 and the flow
 * cache is a list ({@link #flowCache()}). {@code CONFIG_XFRM_SUB_POLICY} origin/partner copies are
 * not made. IPv6 is not modelled.
 */
public final class Xfrm {

    public static final String XFRM_POLICY_C = "net/xfrm/xfrm_policy.c";
    public static final String XFRM_H = "include/net/xfrm.h";

    /** {@code XFRM_MAX_DEPTH}. */
    @KernelSource(file = XFRM_H, symbol = "XFRM_MAX_DEPTH", commit = PATCHED)
    public static final int XFRM_MAX_DEPTH = 6;

    /** {@code NPROTO} ({@code AF_MAX} of that era). */
    public static final int NPROTO = 37;

    private final DstKernel k;
    private final KernelMemory mem;
    private final Trace trace;
    private final DstFields f;
    private final DstInlines di;
    private final Devices devices;
    private final XfrmStates states;
    private final XfrmDstLayout xl;
    private final FlowiLayout flowi;
    private final long rtFl;
    private final DstOpsLayout opsLayout;
    private final KmemCache xfrmDstCache;
    private final long xfrmBundleFcOps;
    private final long xfrm4DstOpsNet;
    private final XfrmPolicyAfinfo[] xfrmPolicyAfinfo = new XfrmPolicyAfinfo[NPROTO];
    private final Object afinfoLock = new Object();
    /** The flow cache stand-in: bundles the cache owns, without a reference (it {@code dst_free}s them). */
    private final List<Long> flowCache = new ArrayList<>();

    /**
     * {@code xfrm_init()} for {@code init_net}: {@code xfrm_policy_init} creates
     * {@code xfrm_dst_cache}; {@code net->xfrm.xfrm4_dst_ops} is defined (zero until an IPv4 afinfo
     * registers); the functions the registration installs are registered.
     *
     * @param rtFl {@code offsetof(struct rtable, fl)}, for {@code xfrm_flowi_addr_get} users
     */
    public Xfrm(DstKernel k, Devices devices, XfrmStates states, long rtFl) {
        if (!k.config().enabled("CONFIG_XFRM")) {
            throw new IllegalArgumentException("the xfrm module needs CONFIG_XFRM (dst_entry.xfrm); the kernel was built with "
                    + k.config().diffFromDefaults());
        }
        this.k = k;
        this.mem = k.memory();
        this.trace = mem.trace();
        this.f = new DstFields(k);
        this.di = new DstInlines(k, f);
        this.devices = devices;
        this.states = states;
        this.xl = new XfrmDstLayout(k.version(), k.config());
        this.flowi = new FlowiLayout(k.config());
        this.rtFl = rtFl;
        this.opsLayout = k.dstOpsLayout();
        var sym = mem.symbols();
        sym.register("xfrm_dst_check", (FnTypes.Check) this::xfrmDstCheck);
        sym.register("xfrm_default_advmss", (FnTypes.DefaultAdvmss) this::xfrmDefaultAdvmss);
        sym.register("xfrm_default_mtu", (FnTypes.DefaultMtu) this::xfrmDefaultMtu);
        sym.register("xfrm_negative_advice", (FnTypes.NegativeAdvice) this::xfrmNegativeAdvice);
        sym.register("xfrm_link_failure", (FnTypes.LinkFailure) this::xfrmLinkFailure);
        sym.register("__xfrm_garbage_collect", (XfrmFnTypes.GarbageCollect) this::__xfrmGarbageCollect);
        sym.register("xfrm_bundle_flo_delete", (FnTypes.Destroy) this::xfrmBundleFloDelete);
        // static const struct flow_cache_ops xfrm_bundle_fc_ops: only .delete matters here.
        this.xfrmBundleFcOps = mem.defineData("xfrm_bundle_fc_ops", 3L * mem.pointerSize(), mem.pointerSize());
        mem.writePointer(xfrmBundleFcOps + 2L * mem.pointerSize(), sym.addressOf("xfrm_bundle_flo_delete"), "xfrm_init");
        this.xfrmDstCache = xfrmPolicyInit();
        this.xfrm4DstOpsNet = k.dstOpsBuilder("init_net.xfrm.xfrm4_dst_ops").build().address();
    }

    /** {@code static int xfrm_policy_init(struct net *net)}: the {@code xfrm_dst_cache} of {@code init_net}. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_policy_init", commit = PATCHED, note = "the policy hash tables are not modelled")
    private KmemCache xfrmPolicyInit() {
        KmemCache c = mem.kmemCacheCreate("xfrm_dst_cache", xl.size(), 0, KernelMemory.SLAB_HWCACHE_ALIGN, "xfrm_policy_init");
        if (c == null) {
            throw new IllegalStateException("kmem_cache_create(\"xfrm_dst_cache\") failed at boot (SLAB_PANIC)");
        }
        return c;
    }

    public XfrmDstLayout xfrmDstLayout() { return xl; }

    public KmemCache xfrmDstCache() { return xfrmDstCache; }

    /** The address of {@code net->xfrm.xfrm4_dst_ops}: the ops bundles are allocated from. */
    public long xfrm4DstOpsNet() { return xfrm4DstOpsNet; }

    public XfrmStates states() { return states; }

    public DstFields dstFields() { return f; }

    public DstInlines dstInlines() { return di; }

    /** The bundles the flow cache stand-in holds, oldest first. */
    public synchronized List<Long> flowCache() { return List.copyOf(flowCache); }

    // ---- struct xfrm_dst members --------------------------------------------------------------------

    public long route(long xdst) { return mem.readPointer(xdst + xl.route(), "xdst->route"); }

    public int childMtuCached(long xdst) { return mem.readU32(xdst + xl.childMtuCached(), "xdst->child_mtu_cached"); }

    public int routeMtuCached(long xdst) { return mem.readU32(xdst + xl.routeMtuCached(), "xdst->route_mtu_cached"); }

    public int numXfrms(long xdst) { return mem.readU32(xdst + xl.numXfrms(), "xdst->num_xfrms"); }

    private void setChildMtuCached(long xdst, int v, String fn) { mem.writeU32(xdst + xl.childMtuCached(), v, fn); }

    private void setRouteMtuCached(long xdst, int v, String fn) { mem.writeU32(xdst + xl.routeMtuCached(), v, fn); }

    // ---- afinfo ------------------------------------------------------------------------------------

    /**
     * {@code int xfrm_policy_register_afinfo(struct xfrm_policy_afinfo *afinfo)}: fills the
     * family's {@code dst_ops} members it left NULL ({@code kmem_cachep = xfrm_dst_cache},
     * {@code check}, {@code default_advmss}, {@code default_mtu}, {@code negative_advice},
     * {@code link_failure}) and {@code garbage_collect}, then copies the {@code dst_ops} into
     * every namespace's {@code net->xfrm.xfrm4_dst_ops}.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_policy_register_afinfo", commit = PATCHED,
            note = "default_advmss and default_mtu lines as 0dbaee3b and d33e4553 add them; one namespace")
    public int xfrmPolicyRegisterAfinfo(XfrmPolicyAfinfo afinfo) {
        String fn = "xfrm_policy_register_afinfo";
        int err = 0;
        if (afinfo == null) {
            return -Inet.EINVAL;
        }
        if (afinfo.family >= NPROTO) {
            return -Inet.EAFNOSUPPORT;
        }
        synchronized (afinfoLock) {
            if (xfrmPolicyAfinfo[afinfo.family] != null) {
                err = -Inet.ENOBUFS;
            } else {
                long dstOps = afinfo.dstOps;
                if (mem.readPointer(dstOps + opsLayout.kmemCachep(), fn) == 0) {
                    mem.writePointer(dstOps + opsLayout.kmemCachep(), xfrmDstCache.address(), fn);
                }
                fillNull(dstOps, "check", "xfrm_dst_check", fn);
                fillNull(dstOps, "default_advmss", "xfrm_default_advmss", fn);
                fillNull(dstOps, "default_mtu", "xfrm_default_mtu", fn);
                fillNull(dstOps, "negative_advice", "xfrm_negative_advice", fn);
                fillNull(dstOps, "link_failure", "xfrm_link_failure", fn);
                if (afinfo.garbageCollect == 0) {
                    afinfo.garbageCollect = mem.symbols().addressOf("__xfrm_garbage_collect");
                }
                xfrmPolicyAfinfo[afinfo.family] = afinfo;
            }
        }
        // rtnl_lock(); for_each_net(net): *xfrm_dst_ops = *afinfo->dst_ops;
        if (afinfo.family == DstOps.AF_INET) {
            mem.memcpy(xfrm4DstOpsNet, afinfo.dstOps, opsLayout.size(), fn);
        }
        return err;
    }

    private void fillNull(long dstOps, String member, String symbol, String fn) {
        long at = dstOps + opsLayout.function(member);
        if (mem.readPointer(at, fn) == 0) {
            mem.writePointer(at, mem.symbols().addressOf(symbol), fn);
        }
    }

    /**
     * {@code int xfrm_policy_unregister_afinfo(struct xfrm_policy_afinfo *afinfo)}: forgets the
     * family and clears the {@code dst_ops} members registration set ({@code kmem_cachep},
     * {@code check}, {@code negative_advice}, {@code link_failure}) and {@code garbage_collect}.
     * As in the kernel, {@code default_advmss} and {@code default_mtu} stay, and the namespace
     * copies are not touched.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_policy_unregister_afinfo", commit = PATCHED)
    public int xfrmPolicyUnregisterAfinfo(XfrmPolicyAfinfo afinfo) {
        String fn = "xfrm_policy_unregister_afinfo";
        int err = 0;
        if (afinfo == null) {
            return -Inet.EINVAL;
        }
        if (afinfo.family >= NPROTO) {
            return -Inet.EAFNOSUPPORT;
        }
        synchronized (afinfoLock) {
            if (xfrmPolicyAfinfo[afinfo.family] != null) {
                if (xfrmPolicyAfinfo[afinfo.family] != afinfo) {
                    err = -Inet.EINVAL;
                } else {
                    long dstOps = afinfo.dstOps;
                    xfrmPolicyAfinfo[afinfo.family] = null;
                    mem.writePointer(dstOps + opsLayout.kmemCachep(), 0, fn);
                    mem.writePointer(dstOps + opsLayout.function("check"), 0, fn);
                    mem.writePointer(dstOps + opsLayout.function("negative_advice"), 0, fn);
                    mem.writePointer(dstOps + opsLayout.function("link_failure"), 0, fn);
                    afinfo.garbageCollect = 0;
                }
            }
        }
        return err;
    }

    /** {@code static struct xfrm_policy_afinfo *xfrm_policy_get_afinfo(unsigned short family)}: null if none. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_policy_get_afinfo", commit = PATCHED, note = "no read lock held across the call")
    public XfrmPolicyAfinfo xfrmPolicyGetAfinfo(int family) {
        if (family >= NPROTO) {
            return null;
        }
        synchronized (afinfoLock) {
            return xfrmPolicyAfinfo[family];
        }
    }

    private <T> T call(long fnAddress, Class<T> type, String caller, String what) {
        T impl = mem.symbols().resolve(fnAddress, type, caller, what);
        if (trace.enabled()) {
            trace.emit(TraceKind.CALL, caller, fnAddress, what + " = " + mem.symbolize(fnAddress));
        }
        return impl;
    }

    // ---- building a bundle --------------------------------------------------------------------------

    /**
     * {@code static inline struct xfrm_dst *xfrm_alloc_dst(struct net *net, int family)}: a bundle
     * element from {@code net->xfrm.xfrm4_dst_ops} ({@code dst_alloc}, so its metrics start
     * read-only on {@code dst_default_metrics} in 62fa8a84), or {@code ERR_PTR}.
     *
     * <p>Faithful to the text of that period: when {@code dst_alloc} fails,
     * {@code xdst = ERR_PTR(-ENOBUFS)} and the next statement still writes
     * {@code xdst->flo.ops}, through the error pointer: an oops at a small address.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_alloc_dst", commit = PATCHED)
    public long xfrmAllocDst(long net, int family) {
        String fn = "xfrm_alloc_dst";
        XfrmPolicyAfinfo afinfo = xfrmPolicyGetAfinfo(family);
        if (afinfo == null) {
            return ErrPtr.ERR_PTR(mem, -Inet.EINVAL);
        }
        long dstOps;
        if (family == DstOps.AF_INET) {
            dstOps = xfrm4DstOpsNet;
        } else {
            throw new IllegalStateException("BUG() in xfrm_alloc_dst: family " + family + " (only AF_INET is modelled)");
        }
        long xdst = k.dstAlloc(dstOps);
        if (xdst == 0) {
            xdst = ErrPtr.ERR_PTR(mem, -Inet.ENOBUFS);
        }
        mem.writePointer(ErrPtr.add(mem, xdst, xl.floOps()), xfrmBundleFcOps, fn);
        return xdst;
    }

    /** {@code static inline int xfrm_init_path(struct xfrm_dst *path, struct dst_entry *dst, int nfheader_len)}: the family's {@code init_path}. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_init_path", commit = PATCHED)
    public int xfrmInitPath(long path, long dst, int nfheaderLen) {
        XfrmPolicyAfinfo afinfo = xfrmPolicyGetAfinfo(k.dstOps(k.ops(dst)).family());
        if (afinfo == null) {
            return -Inet.EINVAL;
        }
        return call(afinfo.initPath, XfrmFnTypes.InitPath.class, "xfrm_init_path", "afinfo->init_path").initPath(path, dst, nfheaderLen);
    }

    /** {@code static inline int xfrm_fill_dst(struct xfrm_dst *xdst, struct net_device *dev, struct flowi *fl)}: the family's {@code fill_dst}. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_fill_dst", commit = PATCHED)
    public int xfrmFillDst(long xdst, long dev, Flowi fl) {
        XfrmPolicyAfinfo afinfo = xfrmPolicyGetAfinfo(k.dstOps(k.ops(xdst)).family());
        if (afinfo == null) {
            return -Inet.EINVAL;
        }
        return call(afinfo.fillDst, XfrmFnTypes.FillDst.class, "xfrm_fill_dst", "afinfo->fill_dst").fillDst(xdst, dev, fl);
    }

    /** {@code static inline int xfrm_get_tos(struct flowi *fl, int family)}: the family's {@code get_tos}, or -EINVAL. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_get_tos", commit = PATCHED)
    public int xfrmGetTos(Flowi fl, int family) {
        XfrmPolicyAfinfo afinfo = xfrmPolicyGetAfinfo(family);
        if (afinfo == null) {
            return -Inet.EINVAL;
        }
        return call(afinfo.getTos, XfrmFnTypes.GetTos.class, "xfrm_get_tos", "afinfo->get_tos").getTos(fl);
    }

    /**
     * {@code static inline struct dst_entry *xfrm_dst_lookup(struct xfrm_state *x, int tos,
     * xfrm_address_t *prev_saddr, xfrm_address_t *prev_daddr, int family)}: the route to the
     * state's tunnel endpoint, through the family's {@code dst_lookup}; on success the endpoint
     * addresses become the flow's for the next transform.
     *
     * @param addrs {@code {saddr, daddr}}, the caller's stack variables, updated in place
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_dst_lookup", commit = PATCHED,
            note = "care-of addresses (XFRM_TYPE_*_COADDR, Mobile IPv6) are not modelled")
    public long xfrmDstLookup(long x, int tos, int[] addrs, int family) {
        int saddr = states.saddr(x);
        int daddr = states.daddr(x);
        if ((states.typeFlags(x) & (XfrmStates.XFRM_TYPE_LOCAL_COADDR | XfrmStates.XFRM_TYPE_REMOTE_COADDR)) != 0) {
            throw new IllegalStateException("xfrm_dst_lookup: care-of address types are not modelled");
        }
        long dst = __xfrmDstLookup(0, tos, saddr, daddr, family);
        if (!ErrPtr.IS_ERR(mem, dst)) {
            addrs[0] = saddr;
            addrs[1] = daddr;
        }
        return dst;
    }

    /** {@code static inline struct dst_entry *__xfrm_dst_lookup(struct net *net, int tos, xfrm_address_t *saddr, xfrm_address_t *daddr, int family)}. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "__xfrm_dst_lookup", commit = PATCHED)
    public long __xfrmDstLookup(long net, int tos, Integer saddr, int daddr, int family) {
        XfrmPolicyAfinfo afinfo = xfrmPolicyGetAfinfo(family);
        if (afinfo == null) {
            return ErrPtr.ERR_PTR(mem, -Inet.EAFNOSUPPORT);
        }
        return call(afinfo.dstLookup, XfrmFnTypes.DstLookup.class, "__xfrm_dst_lookup", "afinfo->dst_lookup")
                .dstLookup(net, tos, saddr, daddr);
    }

    /**
     * {@code static struct dst_entry *xfrm_bundle_create(struct xfrm_policy *policy, struct
     * xfrm_state **xfrm, int nx, struct flowi *fl, struct dst_entry *dst)}: one {@code xfrm_dst}
     * per state, outermost first, each holding a reference on the route below it
     * ({@code xdst->route}) and a copy of that route's metrics ({@code dst_copy_metrics}); tunnel
     * mode looks up the route to the endpoint, which becomes the route below the next element and,
     * at the end, the bundle's path. Then {@code xfrm_init_path}, {@code xfrm_init_pmtu} and
     * {@code fill_dst} with header and trailer lengths. Consumes one reference on each state.
     *
     * @param family {@code policy->selector.family} (policies are not modelled)
     * @return the first element, or {@code ERR_PTR}
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_bundle_create", commit = PATCHED,
            note = "neigh_clone is not modelled (neighbours stay NULL)")
    public long xfrmBundleCreate(int family, long[] xfrm, int nx, Flowi fl, long dst) {
        String fn = "xfrm_bundle_create";
        long now = k.jiffies();
        long dev;
        long dstPrev = 0;
        long dst0 = 0;
        int i = 0;
        int err;
        int headerLen = 0;
        int nfheaderLen = 0;
        int trailerLen = 0;
        int tos;
        // xfrm_flowi_addr_get(fl, &saddr, &daddr, family)
        int[] addrs = {fl.saddr(), fl.daddr()};

        tos = xfrmGetTos(fl, family);
        err = tos;
        if (tos < 0) {
            return putStates(xfrm, i, nx, dst0, err);
        }
        k.dstHold(dst);

        for (; i < nx; i++) {
            long xdst = xfrmAllocDst(0, family);
            long dst1 = xdst;
            err = ErrPtr.PTR_ERR(xdst);
            if (ErrPtr.IS_ERR(mem, xdst)) {
                k.dstRelease(dst);
                return putStates(xfrm, i, nx, dst0, err);
            }
            if (dstPrev == 0) {
                dst0 = dst1;
            } else {
                f.setChild(dstPrev, k.dstClone(dst1), fn);
                k.setFlags(dst1, k.flags(dst1) | DstKernel.DST_NOHASH);
            }

            mem.writePointer(xdst + xl.route(), dst, fn);
            k.dstCopyMetrics(dst1, dst);

            if (states.mode(xfrm[i]) != XfrmStates.XFRM_MODE_TRANSPORT) {
                family = states.family(xfrm[i]);
                dst = xfrmDstLookup(xfrm[i], tos, addrs, family);
                err = ErrPtr.PTR_ERR(dst);
                if (ErrPtr.IS_ERR(mem, dst)) {
                    return putStates(xfrm, i, nx, dst0, err);
                }
            } else {
                k.dstHold(dst);
            }

            f.setXfrm(dst1, xfrm[i], fn);
            mem.writeU32(xdst + xl.xfrmGenid(), states.genid(xfrm[i]), fn);

            f.setObsolete(dst1, -1, fn);
            k.setFlags(dst1, k.flags(dst1) | DstKernel.DST_HOST);
            f.setLastuse(dst1, now, fn);

            f.setInput(dst1, k.dstDiscardAddress(), fn);
            f.setOutput(dst1, mem.symbols().addressOf("xfrm4_output"), fn);

            f.setNext(dst1, dstPrev, fn);
            dstPrev = dst1;

            headerLen += states.headerLen(xfrm[i]);
            if ((states.typeFlags(xfrm[i]) & XfrmStates.XFRM_TYPE_NON_FRAGMENT) != 0) {
                nfheaderLen += states.headerLen(xfrm[i]);
            }
            trailerLen += states.trailerLen(xfrm[i]);
        }

        f.setChild(dstPrev, dst, fn);
        f.setPath(dst0, dst, fn);

        err = -Inet.ENODEV;
        dev = f.dev(dst, fn);
        if (dev == 0) {
            return freeDst(dst0, err);
        }
        // Copy neighbour for reachability confirmation: neigh_clone(dst->neighbour), not modelled.

        xfrmInitPath(dst0, dst, nfheaderLen);
        xfrmInitPmtu(dstPrev);

        for (dstPrev = dst0; dstPrev != dst; dstPrev = f.child(dstPrev, fn)) {
            long xdst = dstPrev;
            err = xfrmFillDst(xdst, dev, fl);
            if (err != 0) {
                return freeDst(dst0, err);
            }
            f.setHeaderLen(dstPrev, headerLen, fn);
            f.setTrailerLen(dstPrev, trailerLen, fn);
            long x = f.xfrm(xdst, fn);
            headerLen -= states.headerLen(x);
            trailerLen -= states.trailerLen(x);
        }
        return dst0;
    }

    /** The {@code put_states:} label of {@code xfrm_bundle_create}. */
    private long putStates(long[] xfrm, int i, int nx, long dst0, int err) {
        for (; i < nx; i++) {
            states.xfrmStatePut(xfrm[i]);
        }
        return freeDst(dst0, err);
    }

    /** The {@code free_dst:} label of {@code xfrm_bundle_create}. */
    private long freeDst(long dst0, int err) {
        if (dst0 != 0) {
            k.dstFree(dst0);
        }
        return ErrPtr.ERR_PTR(mem, err);
    }

    /**
     * {@code static struct xfrm_dst *xfrm_resolve_and_create_bundle(...)} reduced: the templates
     * are already resolved to {@code xfrm} (each state held, as {@code xfrm_tmpl_resolve} holds
     * them); {@code xfrm_bundle_create}, then {@code num_xfrms}. No policies are recorded.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_resolve_and_create_bundle", commit = PATCHED,
            note = "no xfrm_tmpl_resolve, no policies (num_pols stays 0), no SUB_POLICY origin copy")
    public long xfrmResolveAndCreateBundle(long[] xfrm, int nx, Flowi fl, int family, long dstOrig) {
        long dst = xfrmBundleCreate(family, xfrm, nx, fl, dstOrig);
        if (ErrPtr.IS_ERR(mem, dst)) {
            return dst;
        }
        long xdst = dst;
        mem.writeU32(xdst + xl.numXfrms(), nx, "xfrm_resolve_and_create_bundle");
        mem.writeU32(xdst + xl.numPols(), 0, "xfrm_resolve_and_create_bundle");
        return xdst;
    }

    /**
     * {@code xfrm_bundle_lookup}'s creation path: the new bundle goes into the flow cache (which
     * holds no reference and will {@code dst_free} it) and the caller gets one reference.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_bundle_lookup", commit = PATCHED,
            note = "the flow cache is a list; no reuse of an old bundle")
    public long xfrmBundleLookup(long[] xfrm, int nx, Flowi fl, int family, long dstOrig) {
        long newXdst = xfrmResolveAndCreateBundle(xfrm, nx, fl, family, dstOrig);
        if (ErrPtr.IS_ERR(mem, newXdst)) {
            return newXdst;
        }
        synchronized (this) {
            flowCache.add(newXdst);
        }
        // Flow cache does not have reference, it dst_free()'s, but we do need to return one reference for original caller.
        k.dstHold(newXdst);
        return newXdst;
    }

    /** {@code static void xfrm_bundle_flo_delete(struct flow_cache_object *flo)}: the flow cache lets go of a bundle. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_bundle_flo_delete", commit = PATCHED)
    public void xfrmBundleFloDelete(long xdst) {
        synchronized (this) {
            flowCache.remove(xdst);
        }
        k.dstFree(xdst);
    }

    /** {@code flow_cache_flush()} for the bundles: {@code ops->delete} on each. */
    @KernelSource(file = "net/core/flow.c", symbol = "flow_cache_flush", commit = PATCHED, note = "a list walk, no per-CPU tables")
    public void flowCacheFlush() {
        for (long xdst : flowCache()) {
            xfrmBundleFloDelete(xdst);
        }
    }

    /** {@code static void __xfrm_garbage_collect(struct net *net)}: flushes the flow cache (and the socket bundles, never made here). */
    @KernelSource(file = XFRM_POLICY_C, symbol = "__xfrm_garbage_collect", commit = PATCHED)
    public void __xfrmGarbageCollect(long net) {
        flowCacheFlush();
    }

    // ---- checking and measuring ----------------------------------------------------------------------

    /** {@code static struct dst_entry *xfrm_dst_check(struct dst_entry *dst, u32 cookie)}: the bundle, or NULL if stale. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_dst_check", commit = PATCHED)
    public long xfrmDstCheck(long dst, int cookie) {
        if (f.obsolete(dst, "xfrm_dst_check") < 0 && !staleBundle(dst)) {
            return dst;
        }
        return 0;
    }

    /** {@code static int stale_bundle(struct dst_entry *dst)}: {@code !xfrm_bundle_ok(NULL, dst, NULL, AF_UNSPEC, 0)}. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "stale_bundle", commit = PATCHED)
    public boolean staleBundle(long dst) {
        return !xfrmBundleOk(0, dst, null, 0, 0);
    }

    /** {@code void xfrm_dst_ifdown(struct dst_entry *dst, struct net_device *dev)}: moves the bundle's elements off a dying device. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_dst_ifdown", commit = PATCHED, note = "dev_hold/dev_put not modelled")
    public void xfrmDstIfdown(long dst, long dev) {
        String fn = "xfrm_dst_ifdown";
        while ((dst = f.child(dst, fn)) != 0 && f.xfrm(dst, fn) != 0 && f.dev(dst, fn) == dev) {
            f.setDev(dst, devices.loopback().address(), fn);
        }
    }

    /** {@code static void xfrm_link_failure(struct sk_buff *skb)}: impossible; nothing. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_link_failure", commit = PATCHED)
    public void xfrmLinkFailure(long skb) {
        // Impossible. Such dst must be popped before reaches point of failure.
    }

    /** {@code static struct dst_entry *xfrm_negative_advice(struct dst_entry *dst)}: drops an obsolete bundle. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_negative_advice", commit = PATCHED)
    public long xfrmNegativeAdvice(long dst) {
        if (dst != 0) {
            if (f.obsolete(dst, "xfrm_negative_advice") != 0) {
                k.dstRelease(dst);
                dst = 0;
            }
        }
        return dst;
    }

    /**
     * {@code static void xfrm_init_pmtu(struct dst_entry *dst)}: from the innermost element out
     * ({@code dst->next}), caches the child's and the route's MTU and writes the smaller of the
     * state's MTU over the child and the route's MTU into the element's metrics.
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_init_pmtu", commit = PATCHED)
    public void xfrmInitPmtu(long dst) {
        String fn = "xfrm_init_pmtu";
        do {
            long xdst = dst;
            int pmtu;
            int routeMtuCached;

            pmtu = k.dstMtu(f.child(dst, fn));
            setChildMtuCached(xdst, pmtu, fn);

            pmtu = states.xfrmStateMtu(f.xfrm(dst, fn), pmtu);

            routeMtuCached = k.dstMtu(route(xdst));
            setRouteMtuCached(xdst, routeMtuCached, fn);

            if (Integer.compareUnsigned(pmtu, routeMtuCached) > 0) {
                pmtu = routeMtuCached;
            }

            k.dstMetricSet(dst, RTAX_MTU, pmtu);
        } while ((dst = f.next(dst, fn)) != 0);
    }

    /**
     * {@code int xfrm_bundle_ok(struct xfrm_policy *pol, struct xfrm_dst *first, struct flowi *fl,
     * int family, int strict)}: 0 if the bundle is stale (path or route invalidated, device down,
     * state no longer valid or changed, selector or addresses not matching {@code fl}); else 1,
     * after re-deriving the MTUs when a child's or route's MTU moved: from the innermost changed
     * element out, {@code mtu = min(xfrm_state_mtu(x, mtu), route_mtu_cached)} is written with
     * {@code dst_metric_set} and passed on through {@code child_mtu_cached}.
     *
     * @param pol only compared with NULL (security hooks always match)
     * @param fl  a flow to check the selectors against, or null
     */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_bundle_ok", commit = PATCHED,
            note = "no LSM (security_xfrm_state_pol_flow_match holds); the outer mode's tunnel flag is props.mode; no SUB_POLICY")
    public boolean xfrmBundleOk(long pol, long first, Flowi fl, int family, int strict) {
        String fn = "xfrm_bundle_ok";
        long dst = first;
        long last;
        int mtu;

        if (di.dstCheck(f.path(dst, fn), mem.readU32(dst + xl.pathCookie(), fn)) == 0
                || (f.dev(dst, fn) != 0 && (devices.devFlags(f.dev(dst, fn), fn) & Inet.IFF_UP) == 0)) {
            return false;
        }
        last = 0;
        do {
            long xdst = dst;
            long x = f.xfrm(dst, fn);
            if (fl != null && !xfrmSelectorMatch(states.selector(x), fl, family)) {
                return false;
            }
            if (states.kmState(x) != XfrmStates.XFRM_STATE_VALID) {
                return false;
            }
            if (mem.readU32(xdst + xl.xfrmGenid(), fn) != states.genid(x)) {
                return false;
            }
            if (mem.readU32(xdst + xl.numPols(), fn) > 0) {
                throw new IllegalStateException("xfrm_bundle_ok: bundles with policies are not modelled");
            }
            if (strict != 0 && fl != null && states.mode(x) != XfrmStates.XFRM_MODE_TUNNEL && !xfrmStateAddrFlowCheck(x, fl)) {
                return false;
            }

            mtu = k.dstMtu(f.child(dst, fn));
            if (childMtuCached(xdst) != mtu) {
                last = xdst;
                setChildMtuCached(xdst, mtu, fn);
            }

            if (di.dstCheck(route(xdst), mem.readU32(xdst + xl.routeCookie(), fn)) == 0) {
                return false;
            }
            mtu = k.dstMtu(route(xdst));
            if (routeMtuCached(xdst) != mtu) {
                last = xdst;
                setRouteMtuCached(xdst, mtu, fn);
            }

            dst = f.child(dst, fn);
        } while (f.xfrm(dst, fn) != 0);

        if (last == 0) {
            return true;
        }

        mtu = childMtuCached(last);
        for (;;) {
            dst = last;

            mtu = states.xfrmStateMtu(f.xfrm(dst, fn), mtu);
            if (Integer.compareUnsigned(mtu, routeMtuCached(last)) > 0) {
                mtu = routeMtuCached(last);
            }
            k.dstMetricSet(dst, RTAX_MTU, mtu);

            if (last == first) {
                break;
            }

            last = f.next(last, fn);
            setChildMtuCached(last, mtu, fn);
        }
        return true;
    }

    /** {@code int xfrm_selector_match(struct xfrm_selector *sel, struct flowi *fl, unsigned short family)} for AF_INET. */
    @KernelSource(file = XFRM_H, symbol = "xfrm_selector_match", commit = PATCHED, note = "__xfrm4_selector_match; other families do not match")
    public static boolean xfrmSelectorMatch(XfrmStates.Selector sel, Flowi fl, int family) {
        if (family != DstOps.AF_INET) {
            return false;
        }
        return addrMatch(fl.daddr(), sel.daddr(), sel.prefixlenD())
                && addrMatch(fl.saddr(), sel.saddr(), sel.prefixlenS())
                && ((xfrmFlowiDport(fl) ^ sel.dport()) & sel.dportMask()) == 0
                && ((xfrmFlowiSport(fl) ^ sel.sport()) & sel.sportMask()) == 0
                && (fl.proto() == sel.proto() || sel.proto() == 0)
                && (fl.oif() == sel.ifindex() || sel.ifindex() == 0);
    }

    private static boolean addrMatch(int a, int b, int prefixlen) {
        return prefixlen == 0 || ((a ^ b) & Inet.mask(Math.min(prefixlen, 32))) == 0;
    }

    /** {@code xfrm_flowi_dport}: the port a selector's dport matches (ICMP code, GRE key low half). */
    @KernelSource(file = XFRM_H, symbol = "xfrm_flowi_dport", commit = PATCHED)
    static int xfrmFlowiDport(Flowi fl) {
        return switch (fl.proto()) {
            case 6, 17, 136, 132 -> fl.dport();
            case 1 -> fl.icmpCode();
            case 47 -> fl.greKey() & 0xffff;
            default -> 0;
        };
    }

    /** {@code xfrm_flowi_sport}: the port a selector's sport matches (ICMP type, GRE key high half). */
    @KernelSource(file = XFRM_H, symbol = "xfrm_flowi_sport", commit = PATCHED)
    static int xfrmFlowiSport(Flowi fl) {
        return switch (fl.proto()) {
            case 6, 17, 136, 132 -> fl.sport();
            case 1 -> fl.icmpType();
            case 47 -> fl.greKey() >>> 16;
            default -> 0;
        };
    }

    /** {@code xfrm_state_addr_flow_check} for AF_INET: the flow's addresses are the state's. */
    @KernelSource(file = XFRM_H, symbol = "xfrm_state_addr_flow_check", commit = PATCHED)
    private boolean xfrmStateAddrFlowCheck(long x, Flowi fl) {
        return fl.daddr() == states.daddr(x) && fl.saddr() == states.saddr(x);
    }

    /** {@code static unsigned int xfrm_default_advmss(const struct dst_entry *dst)}: the path's advmss. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_default_advmss", commit = "0dbaee3b37e118a96bb7b8eb0d9bbaeeb46264be",
            note = "unchanged up to 62fa8a84")
    public int xfrmDefaultAdvmss(long dst) {
        return k.dstMetricAdvmss(f.path(dst, "xfrm_default_advmss"));
    }

    /** {@code static unsigned int xfrm_default_mtu(const struct dst_entry *dst)}: the path's MTU. */
    @KernelSource(file = XFRM_POLICY_C, symbol = "xfrm_default_mtu", commit = "d33e455337ea2c71d09d7f4367d6ad6dd32b6965",
            note = "unchanged up to 62fa8a84")
    public int xfrmDefaultMtu(long dst) {
        return k.dstMtu(f.path(dst, "xfrm_default_mtu"));
    }

    // ---- destruction ----------------------------------------------------------------------------------

    /**
     * {@code static inline void xfrm_dst_destroy(struct xfrm_dst *xdst)}: drops the policies, the
     * route reference and the state reference; no metrics (the family's destroy frees those).
     */
    @KernelSource(file = XFRM_H, symbol = "xfrm_dst_destroy", commit = PATCHED, note = "xfrm_pols_put has nothing to put (num_pols is 0)")
    public void xfrmDstDestroy(long xdst) {
        String fn = "xfrm_dst_destroy";
        k.dstRelease(route(xdst));
        long x = f.xfrm(xdst, fn);
        if (x != 0) {
            states.xfrmStatePut(x);
        }
        if (xl.origin() >= 0) {
            mem.kfree(mem.readPointer(xdst + xl.origin(), fn), fn);
            mem.writePointer(xdst + xl.origin(), 0, fn);
            mem.kfree(mem.readPointer(xdst + xl.partner(), fn), fn);
            mem.writePointer(xdst + xl.partner(), 0, fn);
        }
    }

    /** The {@code struct flowi} of {@code xdst->u.rt.fl}. */
    public Flowi rtFl(long xdst) {
        return flowi.read(mem, xdst + rtFl, "xdst->u.rt.fl");
    }
}
