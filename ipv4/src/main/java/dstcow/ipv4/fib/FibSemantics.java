package dstcow.ipv4.fib;

import dstcow.dst.KernelSource;
import dstcow.dst.Rtax;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.ipv4.net.Devices;
import dstcow.ipv4.net.Inet;
import dstcow.ipv4.net.Nla;
import dstcow.ipv4.net.NetDevice;
import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.FibInfo;
import dstcow.layout.model.KernelConfig;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * {@code struct fib_info} in native memory and the functions of net/ipv4/fib_semantics.c and
 * include/net/ip_fib.h that make, share and free it: {@code fib_create_info} (which fills
 * {@code fib_metrics} from the route's {@code RTA_METRICS}), {@code fib_find_info} (routes with
 * equal attributes share one fib_info, metrics included), {@code fib_release_info},
 * {@code fib_info_put} and {@code free_fib_info}.
 *
 * <h2>The two reference counts</h2>
 * {@code fib_treeref} counts the routes (FIB aliases) using the fib_info; {@code fib_clntref}
 * counts clients, starting at one for the table itself. After 62fa8a84 each route cache entry
 * that points at {@code fi->fib_metrics} holds a client reference ({@code rt->fi}), so the metrics
 * it reads stay alive after the route is deleted; {@code fib_info_put} frees the fib_info with the
 * last one. In the parent kernel cache entries copy the metrics and hold nothing.
 *
 * <p>Neither file is changed by 62fa8a84; their stored text is not at that commit, so this
 * follows KERNEL.md section 7.3 and the fib_semantics.c of that period. One nexthop per route
 * ({@code CONFIG_IP_ROUTE_MULTIPATH} routes with several are not built); the fib_info hash is a
 * list; RCU-deferred freeing is immediate.
 */
public final class FibSemantics {

    public static final String FIB_SEMANTICS_C = "net/ipv4/fib_semantics.c";
    public static final String IP_FIB_H = "include/net/ip_fib.h";

    private final KernelMemory mem;
    private final Trace trace;
    private final Devices devices;
    private final RecordLayout layout;
    private final long size;
    private final long nhSize;
    private final long offTreeref;
    private final long offClntref;
    private final long offDead;
    private final long offFlags;
    private final long offProtocol;
    private final long offPrefsrc;
    private final long offPriority;
    private final long offMetrics;
    private final long offNhs;
    private final long offNh;
    private final long nhDev;
    private final long nhParent;
    private final long nhFlags;
    private final long nhScope;
    private final long nhWeight;
    private final long nhTclassid;
    private final long nhOif;
    private final long nhGw;
    /** {@code fib_info_hash}, as the list of live fib_infos (guarded by this, the {@code fib_info_lock}). */
    private final List<Long> fibInfoHash = new ArrayList<>();

    public FibSemantics(KernelMemory mem, KernelConfig config, Devices devices) {
        this.mem = mem;
        this.trace = mem.trace();
        this.devices = devices;
        this.layout = LayoutEngine.layout(FibInfo.DEF, config);
        RecordLayout nh = LayoutEngine.layout(FibInfo.FIB_NH, config);
        this.size = layout.size();
        this.nhSize = nh.size();
        this.offTreeref = MemberPath.offsetOf(layout, "fib_treeref");
        this.offClntref = MemberPath.offsetOf(layout, "fib_clntref");
        this.offDead = MemberPath.offsetOf(layout, "fib_dead");
        this.offFlags = MemberPath.offsetOf(layout, "fib_flags");
        this.offProtocol = MemberPath.offsetOf(layout, "fib_protocol");
        this.offPrefsrc = MemberPath.offsetOf(layout, "fib_prefsrc");
        this.offPriority = MemberPath.offsetOf(layout, "fib_priority");
        this.offMetrics = MemberPath.offsetOf(layout, "fib_metrics");
        this.offNhs = MemberPath.offsetOf(layout, "fib_nhs");
        this.offNh = MemberPath.offsetOf(layout, "fib_nh");
        this.nhDev = MemberPath.offsetOf(nh, "nh_dev");
        this.nhParent = MemberPath.offsetOf(nh, "nh_parent");
        this.nhFlags = MemberPath.offsetOf(nh, "nh_flags");
        this.nhScope = MemberPath.offsetOf(nh, "nh_scope");
        this.nhWeight = MemberPath.offsetOrAbsent(nh, "nh_weight");
        this.nhTclassid = MemberPath.offsetOrAbsent(nh, "nh_tclassid");
        this.nhOif = MemberPath.offsetOf(nh, "nh_oif");
        this.nhGw = MemberPath.offsetOf(nh, "nh_gw");
    }

    /** {@code struct fib_info} as laid out for this kernel's ABI and configuration. */
    public RecordLayout layout() { return layout; }

    // ---- the struct, member by member ----------------------------------------------------------------

    /** {@code fi->fib_metrics}: the address of the embedded {@code u32[RTAX_MAX]}. */
    public long fibMetrics(long fi) { return fi + offMetrics; }

    /** {@code fi->fib_metrics[metric-1]}. */
    public int metric(long fi, int metric) {
        return mem.readU32(fibMetrics(fi) + 4L * Rtax.slot(metric), "fi->fib_metrics");
    }

    /** {@code atomic_read(&fi->fib_clntref)}. */
    public int clntref(long fi) { return mem.atomicRead(fi + offClntref, "atomic_read"); }

    /** {@code atomic_inc(&fi->fib_clntref)}, by a client taking a reference. */
    public void clntrefInc(long fi, String fn) { mem.atomicAddReturn(fi + offClntref, 1, fn); }

    public int treeref(long fi) { return mem.readU32(fi + offTreeref, "fi->fib_treeref"); }

    public boolean dead(long fi) { return mem.readU32(fi + offDead, "fi->fib_dead") != 0; }

    /** {@code fi->fib_prefsrc}, host order. */
    public int prefsrc(long fi) { return Inet.loadBe32(mem, fi + offPrefsrc, "fi->fib_prefsrc"); }

    /** {@code fi->fib_nh[sel].nh_gw}, host order ({@code FIB_RES_GW}). */
    public int nhGw(long fi, int sel) { return Inet.loadBe32(mem, nh(fi, sel) + nhGw, "FIB_RES_GW"); }

    /** {@code fi->fib_nh[sel].nh_scope}. */
    public int nhScope(long fi, int sel) { return mem.readU8(nh(fi, sel) + nhScope, "FIB_RES_NH"); }

    /** {@code fi->fib_nh[sel].nh_oif}. */
    public int nhOif(long fi, int sel) { return mem.readU32(nh(fi, sel) + nhOif, "FIB_RES_OIF"); }

    /** {@code fi->fib_nh[sel].nh_dev}, as the device ({@code FIB_RES_DEV}). */
    public NetDevice nhDev(long fi, int sel) { return devices.at(mem.readPointer(nh(fi, sel) + nhDev, "FIB_RES_DEV")); }

    /** {@code fi->fib_nh[sel].nh_tclassid}, 0 without {@code CONFIG_IP_ROUTE_CLASSID}. */
    public int nhTclassid(long fi, int sel) {
        return nhTclassid < 0 ? 0 : mem.readU32(nh(fi, sel) + nhTclassid, "FIB_RES_NH");
    }

    private long nh(long fi, int sel) {
        return fi + offNh + nhSize * sel;
    }

    /** The live fib_infos, oldest first. */
    public synchronized List<Long> all() {
        return List.copyOf(fibInfoHash);
    }

    // ---- fib_semantics.c ------------------------------------------------------------------------------

    /**
     * {@code struct fib_info *fib_create_info(struct fib_config *cfg)}: a zeroed fib_info with one
     * nexthop, its metrics filled from the {@code RTA_METRICS} attributes; an equal existing
     * fib_info is shared instead (its {@code fib_treeref} grows). Returns the fib_info, or a
     * negative errno: {@code -EINVAL} for a metric type above {@code RTAX_MAX} or an inconsistent
     * route, {@code -ENOBUFS} when the allocation fails, {@code -ENODEV} without a device.
     */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "fib_create_info", commit = PATCHED,
            note = "one nexthop; fib_check_nh reduced to the connected-subnet check; no fib_info hash resizing")
    public long fibCreateInfo(FibConfig cfg) {
        String fn = "fib_create_info";
        int nhs = 1;
        int err = -Inet.ENOBUFS;
        long fi = mem.kzalloc(size + nhs * nhSize, fn);
        if (fi == 0) {
            return err;
        }
        mem.writeU32(fi + offProtocol, cfg.protocol(), fn);
        mem.writeU32(fi + offFlags, 0, fn);
        mem.writeU32(fi + offPriority, cfg.priority(), fn);
        Inet.storeBe32(mem, fi + offPrefsrc, cfg.prefsrc(), fn);
        mem.writeU32(fi + offNhs, nhs, fn);
        mem.writePointer(nh(fi, 0) + nhParent, fi, fn);
        long nh = nh(fi, 0);
        mem.writeU32(nh + nhOif, cfg.oif() == null ? 0 : cfg.oif().ifindex(), fn);
        Inet.storeBe32(mem, nh + nhGw, cfg.gw(), fn);
        if (nhWeight >= 0) {
            mem.writeU32(nh + nhWeight, 1, fn);
        }

        ByteOrder order = mem.abi().bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] mx = cfg.mx();
        for (Nla.Attr nla : Nla.nlaForEachAttr(mx, order)) {
            int type = nla.type();
            if (type != 0) {
                if (type > Rtax.RTAX_MAX) {
                    return failure(fi, -Inet.EINVAL, "metric type " + type + " is above RTAX_MAX (" + Rtax.RTAX_MAX + ")");
                }
                mem.writeU32(fibMetrics(fi) + 4L * (type - 1), Nla.getU32(mx, nla, order), fn);
            }
        }

        boolean errorType = cfg.type() == Inet.RTN_BLACKHOLE || cfg.type() == Inet.RTN_UNREACHABLE || cfg.type() == Inet.RTN_PROHIBIT;
        if (errorType) {
            // fib_props[cfg->fc_type].error: no nexthop to check.
            if (cfg.gw() != 0 || cfg.oif() != null) {
                return failure(fi, -Inet.EINVAL, "a " + cfg.type() + " route takes no gateway or device");
            }
        } else if (cfg.scope() > Inet.RT_SCOPE_HOST) {
            return failure(fi, -Inet.EINVAL, "scope " + cfg.scope() + " is above RT_SCOPE_HOST");
        } else if (cfg.scope() == Inet.RT_SCOPE_HOST) {
            // Local address is added.
            if (cfg.gw() != 0) {
                return failure(fi, -Inet.EINVAL, "a host-scope route takes no gateway");
            }
            mem.writeU8(nh + nhScope, Inet.RT_SCOPE_NOWHERE, fn);
            if (cfg.oif() == null) {
                return failure(fi, -Inet.ENODEV, "a host-scope route needs a device");
            }
            mem.writePointer(nh + nhDev, cfg.oif().address(), fn);
        } else {
            err = fibCheckNh(cfg, nh);
            if (err != 0) {
                return failure(fi, err, "fib_check_nh");
            }
        }

        long ofi = fibFindInfo(fi);
        if (ofi != 0) {
            mem.writeU32(fi + offDead, 1, fn);
            freeFibInfo(fi);
            mem.writeU32(ofi + offTreeref, treeref(ofi) + 1, fn);
            trace.emit(TraceKind.NOTE, fn, ofi, "fib_info " + mem.hex(ofi) + " shared (equal attributes and metrics), fib_treeref "
                    + treeref(ofi));
            return ofi;
        }
        mem.writeU32(fi + offTreeref, treeref(fi) + 1, fn);
        mem.atomicAddReturn(fi + offClntref, 1, fn);
        synchronized (this) {
            fibInfoHash.add(fi);
        }
        trace.emit(TraceKind.NOTE, fn, fi, "fib_info " + mem.hex(fi) + " created, fib_metrics at " + mem.hex(fibMetrics(fi))
                + metricsText(fi) + ", fib_clntref 1");
        return fi;
    }

    private long failure(long fi, int err, String why) {
        mem.writeU32(fi + offDead, 1, "fib_create_info");
        freeFibInfo(fi);
        trace.emit(TraceKind.NOTE, "fib_create_info", 0, "route rejected: " + why + " (" + Inet.errno(err) + ")");
        return err;
    }

    /**
     * {@code static int fib_check_nh(struct fib_config *cfg, struct fib_info *fi, struct fib_nh *nh)}
     * reduced: a gateway must be on a connected subnet (its device becomes the nexthop device and
     * the nexthop scope is {@code RT_SCOPE_LINK}); without a gateway the given device is used with
     * {@code RT_SCOPE_HOST}.
     */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "fib_check_nh", commit = PATCHED,
            note = "the gateway lookup is reduced to the connected subnets of the devices")
    private int fibCheckNh(FibConfig cfg, long nh) {
        String fn = "fib_check_nh";
        if (cfg.gw() != 0) {
            NetDevice dev = cfg.oif() != null && cfg.oif().onLink(cfg.gw()) ? cfg.oif() : devices.onLink(cfg.gw());
            if (dev == null || (cfg.oif() != null && dev != cfg.oif())) {
                return -Inet.ENETUNREACH;
            }
            mem.writeU8(nh + nhScope, Inet.RT_SCOPE_LINK, fn);
            mem.writeU32(nh + nhOif, dev.ifindex(), fn);
            mem.writePointer(nh + nhDev, dev.address(), fn);
            return 0;
        }
        if (cfg.oif() == null) {
            return -Inet.ENODEV;
        }
        if (!cfg.oif().isUp()) {
            return -Inet.ENETUNREACH;
        }
        mem.writePointer(nh + nhDev, cfg.oif().address(), fn);
        mem.writeU8(nh + nhScope, Inet.RT_SCOPE_HOST, fn);
        return 0;
    }

    /**
     * {@code static struct fib_info *fib_find_info(const struct fib_info *nfi)}: a live fib_info
     * equal to {@code nfi} in protocol, preferred source, priority, all of {@code fib_metrics},
     * flags and nexthop; or 0.
     */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "fib_find_info", commit = PATCHED)
    public synchronized long fibFindInfo(long nfi) {
        String fn = "fib_find_info";
        for (long fi : fibInfoHash) {
            if (mem.readU32(fi + offNhs, fn) != mem.readU32(nfi + offNhs, fn)) {
                continue;
            }
            if (mem.readU32(nfi + offProtocol, fn) == mem.readU32(fi + offProtocol, fn)
                    && mem.readU32(nfi + offPrefsrc, fn) == mem.readU32(fi + offPrefsrc, fn)
                    && mem.readU32(nfi + offPriority, fn) == mem.readU32(fi + offPriority, fn)
                    && metricsEqual(nfi, fi)
                    && mem.readU32(nfi + offFlags, fn) == mem.readU32(fi + offFlags, fn)
                    && nhComp(fi, nfi)) {
                return fi;
            }
        }
        return 0;
    }

    private boolean metricsEqual(long a, long b) {
        for (int i = 0; i < Rtax.RTAX_MAX; i++) {
            if (mem.readU32(fibMetrics(a) + 4L * i, "fib_find_info") != mem.readU32(fibMetrics(b) + 4L * i, "fib_find_info")) {
                return false;
            }
        }
        return true;
    }

    /** {@code static int nh_comp(const struct fib_info *fi, const struct fib_info *ofi)}, as a boolean "equal". */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "nh_comp", commit = PATCHED)
    private boolean nhComp(long fi, long ofi) {
        String fn = "nh_comp";
        long a = nh(fi, 0);
        long b = nh(ofi, 0);
        return mem.readU32(a + nhOif, fn) == mem.readU32(b + nhOif, fn)
                && mem.readU32(a + nhGw, fn) == mem.readU32(b + nhGw, fn)
                && mem.readU8(a + nhScope, fn) == mem.readU8(b + nhScope, fn)
                && (nhWeight < 0 || mem.readU32(a + nhWeight, fn) == mem.readU32(b + nhWeight, fn))
                && (nhTclassid < 0 || mem.readU32(a + nhTclassid, fn) == mem.readU32(b + nhTclassid, fn))
                && mem.readU32(a + nhFlags, fn) == mem.readU32(b + nhFlags, fn);
    }

    /**
     * {@code void fib_release_info(struct fib_info *fi)}: a route stops using {@code fi}; with the
     * last one the fib_info leaves the hash, is marked dead and the table's client reference is
     * dropped.
     */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "fib_release_info", commit = PATCHED)
    public synchronized void fibReleaseInfo(long fi) {
        String fn = "fib_release_info";
        if (fi == 0) {
            return;
        }
        int ref = treeref(fi) - 1;
        mem.writeU32(fi + offTreeref, ref, fn);
        if (ref == 0) {
            fibInfoHash.remove(fi);
            mem.writeU32(fi + offDead, 1, fn);
            fibInfoPut(fi);
        }
    }

    /** {@code static inline void fib_info_put(struct fib_info *fi)}: drops a client reference; the last frees. */
    @KernelSource(file = IP_FIB_H, symbol = "fib_info_put", commit = PATCHED)
    public void fibInfoPut(long fi) {
        int left = mem.atomicAddReturn(fi + offClntref, -1, "fib_info_put");
        if (trace.enabled()) {
            trace.emit(TraceKind.NOTE, "fib_info_put", fi, "fib_info " + mem.hex(fi) + " fib_clntref -> " + left);
        }
        if (left == 0) {
            freeFibInfo(fi);
        }
    }

    /**
     * {@code void free_fib_info(struct fib_info *fi)}: frees a dead fib_info; an alive one is
     * refused with the kernel's warning ({@code "Freeing alive fib_info"}) and leaks.
     */
    @KernelSource(file = FIB_SEMANTICS_C, symbol = "free_fib_info", commit = PATCHED,
            note = "dev_put of the nexthop device is not modelled; an RCU-deferred free is immediate")
    public void freeFibInfo(long fi) {
        String fn = "free_fib_info";
        if (mem.readU32(fi + offDead, fn) == 0) {
            trace.emit(TraceKind.WARNING, fn, fi, "Freeing alive fib_info " + mem.hex(fi));
            return;
        }
        mem.writePointer(nh(fi, 0) + nhDev, 0, fn);
        mem.kfree(fi, fn);
    }

    /** The non-zero metrics, {@code " (mtu 1400, advmss 1360)"}, or empty. */
    public String metricsText(long fi) {
        StringBuilder b = new StringBuilder();
        for (int m = 1; m <= Rtax.RTAX_MAX; m++) {
            int v = metric(fi, m);
            if (v != 0) {
                b.append(b.isEmpty() ? " (" : ", ").append(Rtax.name(m)).append(' ').append(Integer.toUnsignedString(v));
            }
        }
        return b.isEmpty() ? "" : b.append(')').toString();
    }
}
