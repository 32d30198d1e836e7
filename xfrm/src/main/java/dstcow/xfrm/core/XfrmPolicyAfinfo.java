package dstcow.xfrm.core;

/**
 * {@code struct xfrm_policy_afinfo} (include/net/xfrm.h): what an address family registers with
 * the xfrm core: its family, its {@code struct dst_ops} (the address of the static table) and its
 * functions, as addresses in the kernel's symbol table. The struct itself is kept on the Java side
 * (its layout of that period is not transcribed); its function pointers are real emulated
 * addresses, resolved at each call.
 */
public final class XfrmPolicyAfinfo {
    final int family;
    final long dstOps;
    long garbageCollect;
    final long dstLookup;
    final long getSaddr;
    final long decodeSession;
    final long getTos;
    final long initPath;
    final long fillDst;

    /**
     * @param family         {@code .family}
     * @param dstOps         {@code .dst_ops}: the address of the family's static {@code struct dst_ops}
     * @param garbageCollect {@code .garbage_collect}, or 0 (registration fills in {@code __xfrm_garbage_collect})
     */
    public XfrmPolicyAfinfo(int family, long dstOps, long garbageCollect, long dstLookup, long getSaddr, long decodeSession,
                            long getTos, long initPath, long fillDst) {
        this.family = family;
        this.dstOps = dstOps;
        this.garbageCollect = garbageCollect;
        this.dstLookup = dstLookup;
        this.getSaddr = getSaddr;
        this.decodeSession = decodeSession;
        this.getTos = getTos;
        this.initPath = initPath;
        this.fillDst = fillDst;
    }

    public int family() { return family; }

    public long dstOps() { return dstOps; }

    /** {@code .garbage_collect} as registered (0 before registration fills it). */
    public long garbageCollect() { return garbageCollect; }

    public long dstLookup() { return dstLookup; }

    public long getSaddr() { return getSaddr; }

    public long decodeSession() { return decodeSession; }

    public long getTos() { return getTos; }

    public long initPath() { return initPath; }

    public long fillDst() { return fillDst; }
}
