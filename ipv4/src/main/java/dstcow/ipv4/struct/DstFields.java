package dstcow.ipv4.struct;

import dstcow.dst.DstKernel;
import dstcow.dst.mem.KernelMemory;
import dstcow.layout.engine.RecordLayout;

/**
 * The members of {@code struct dst_entry} that route.c and xfrm_policy.c read and write directly
 * ({@code rt->dst.expires = ...}) and for which {@link DstKernel} has no public accessor: the
 * plain C stores and loads, at offsets from the kernel's own {@code dst_entry} layout. Members
 * that a config leaves out ({@code xfrm} without {@code CONFIG_XFRM}, {@code tclassid} without
 * {@code CONFIG_IP_ROUTE_CLASSID}) have offset -1 and are skipped, as the {@code #ifdef}s skip them.
 *
 * <p>An adapter: the dst module could expose these (see the ipv4 README).
 */
public final class DstFields {

    private final KernelMemory mem;
    private final long dev;
    private final long expires;
    private final long error;
    private final long obsolete;
    private final long headerLen;
    private final long trailerLen;
    private final long xfrm;
    private final long tclassid;
    private final long neighbour;
    private final long hh;
    private final long next;
    private final long child;
    private final long path;
    private final long input;
    private final long output;
    private final long refcnt;
    private final long use;
    private final long lastuse;
    private final long flags;

    public DstFields(DstKernel k) {
        this.mem = k.memory();
        RecordLayout l = k.dstEntryLayout();
        this.dev = MemberPath.offsetOf(l, "dev");
        this.expires = MemberPath.offsetOf(l, "expires");
        this.error = MemberPath.offsetOf(l, "error");
        this.obsolete = MemberPath.offsetOf(l, "obsolete");
        this.headerLen = MemberPath.offsetOf(l, "header_len");
        this.trailerLen = MemberPath.offsetOf(l, "trailer_len");
        this.xfrm = MemberPath.offsetOrAbsent(l, "xfrm");
        this.tclassid = MemberPath.offsetOrAbsent(l, "tclassid");
        this.neighbour = MemberPath.offsetOf(l, "neighbour");
        this.hh = MemberPath.offsetOf(l, "hh");
        this.next = MemberPath.offsetOf(l, "next");
        this.child = MemberPath.offsetOf(l, "child");
        this.path = MemberPath.offsetOf(l, "path");
        this.input = MemberPath.offsetOf(l, "input");
        this.output = MemberPath.offsetOf(l, "output");
        this.refcnt = MemberPath.offsetOf(l, "__refcnt");
        this.use = MemberPath.offsetOf(l, "__use");
        this.lastuse = MemberPath.offsetOf(l, "lastuse");
        this.flags = MemberPath.offsetOf(l, "flags");
    }

    /** {@code dst->dev} (the address of its {@code struct net_device}). */
    public long dev(long dst, String fn) { return mem.readPointer(dst + dev, fn); }

    public void setDev(long dst, long d, String fn) { mem.writePointer(dst + dev, d, fn); }

    /** {@code dst->expires} (jiffies, 0 for never). */
    public long expires(long dst, String fn) { return mem.readULong(dst + expires, fn); }

    public void setExpires(long dst, long v, String fn) { mem.writeULong(dst + expires, v, fn); }

    /** {@code dst->error} ({@code short}). */
    public int error(long dst, String fn) { return (short) mem.readU16(dst + error, fn); }

    public void setError(long dst, int v, String fn) { mem.writeU16(dst + error, v, fn); }

    /** {@code dst->obsolete} ({@code short}). */
    public int obsolete(long dst, String fn) { return (short) mem.readU16(dst + obsolete, fn); }

    public void setObsolete(long dst, int v, String fn) { mem.writeU16(dst + obsolete, v, fn); }

    public int headerLen(long dst, String fn) { return mem.readU16(dst + headerLen, fn); }

    public void setHeaderLen(long dst, int v, String fn) { mem.writeU16(dst + headerLen, v, fn); }

    public int trailerLen(long dst, String fn) { return mem.readU16(dst + trailerLen, fn); }

    public void setTrailerLen(long dst, int v, String fn) { mem.writeU16(dst + trailerLen, v, fn); }

    /** Whether {@code dst->xfrm} exists ({@code CONFIG_XFRM}). */
    public boolean hasXfrm() { return xfrm >= 0; }

    /** {@code dst->xfrm}; 0 without {@code CONFIG_XFRM} (where the member is {@code __pad1}). */
    public long xfrm(long dst, String fn) { return xfrm < 0 ? 0 : mem.readPointer(dst + xfrm, fn); }

    public void setXfrm(long dst, long x, String fn) {
        if (xfrm >= 0) {
            mem.writePointer(dst + xfrm, x, fn);
        }
    }

    public boolean hasTclassid() { return tclassid >= 0; }

    /** {@code dst->tclassid} ({@code CONFIG_IP_ROUTE_CLASSID}), 0 without it. */
    public int tclassid(long dst, String fn) { return tclassid < 0 ? 0 : mem.readU32(dst + tclassid, fn); }

    public void setTclassid(long dst, int v, String fn) {
        if (tclassid >= 0) {
            mem.writeU32(dst + tclassid, v, fn);
        }
    }

    public long neighbour(long dst, String fn) { return mem.readPointer(dst + neighbour, fn); }

    public void setNeighbour(long dst, long v, String fn) { mem.writePointer(dst + neighbour, v, fn); }

    public long hh(long dst, String fn) { return mem.readPointer(dst + hh, fn); }

    public void setHh(long dst, long v, String fn) { mem.writePointer(dst + hh, v, fn); }

    /** The union {@code next}/{@code rt_next}: the hash chain of the route cache, the bundle list of xfrm. */
    public long next(long dst, String fn) { return mem.readPointer(dst + next, fn); }

    public void setNext(long dst, long v, String fn) { mem.writePointer(dst + next, v, fn); }

    public long child(long dst, String fn) { return mem.readPointer(dst + child, fn); }

    public void setChild(long dst, long v, String fn) { mem.writePointer(dst + child, v, fn); }

    public long path(long dst, String fn) { return mem.readPointer(dst + path, fn); }

    public void setPath(long dst, long v, String fn) { mem.writePointer(dst + path, v, fn); }

    public long input(long dst, String fn) { return mem.readPointer(dst + input, fn); }

    public void setInput(long dst, long f, String fn) { mem.writePointer(dst + input, f, fn); }

    public long output(long dst, String fn) { return mem.readPointer(dst + output, fn); }

    public void setOutput(long dst, long f, String fn) { mem.writePointer(dst + output, f, fn); }

    /** {@code atomic_set(&dst->__refcnt, v)}. */
    public void setRefcnt(long dst, int v, String fn) { mem.atomicSet(dst + refcnt, v, fn); }

    /** {@code atomic_read(&dst->__refcnt)}. */
    public int refcnt(long dst, String fn) { return mem.atomicRead(dst + refcnt, fn); }

    public int use(long dst, String fn) { return mem.readU32(dst + use, fn); }

    public void setUse(long dst, int v, String fn) { mem.writeU32(dst + use, v, fn); }

    public long lastuse(long dst, String fn) { return mem.readULong(dst + lastuse, fn); }

    public void setLastuse(long dst, long v, String fn) { mem.writeULong(dst + lastuse, v, fn); }

    public int flags(long dst, String fn) { return mem.readU32(dst + flags, fn); }

    public void setFlags(long dst, int v, String fn) { mem.writeU32(dst + flags, v, fn); }
}
