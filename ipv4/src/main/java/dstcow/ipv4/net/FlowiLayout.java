package dstcow.ipv4.net;

import dstcow.dst.mem.KernelMemory;
import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.kernel.Flowi;
import dstcow.layout.model.KernelConfig;

/**
 * {@code struct flowi} member offsets from the layout module's {@link dstcow.layout.kernel.Flowi#DEF},
 * and the copy of a {@link dstcow.ipv4.net.Flowi} value to and from native memory. The IPv4
 * accessor macros of include/net/flow.h map to paths: {@code fl4_dst} is {@code nl_u.ip4_u.daddr},
 * {@code fl_ip_sport} is {@code uli_u.ports.sport}, and so on.
 */
public final class FlowiLayout {

    private final RecordLayout layout;
    private final long oif;
    private final long iif;
    private final long mark;
    private final long daddr;
    private final long saddr;
    private final long tos;
    private final long scope;
    private final long proto;
    private final long flags;
    private final long uli;
    private final long secid;

    public FlowiLayout(KernelConfig config) {
        this.layout = LayoutEngine.layout(Flowi.DEF, config);
        this.oif = MemberPath.offsetOf(layout, "oif");
        this.iif = MemberPath.offsetOf(layout, "iif");
        this.mark = MemberPath.offsetOf(layout, "mark");
        this.daddr = MemberPath.offsetOf(layout, "nl_u.ip4_u.daddr");
        this.saddr = MemberPath.offsetOf(layout, "nl_u.ip4_u.saddr");
        this.tos = MemberPath.offsetOf(layout, "nl_u.ip4_u.tos");
        this.scope = MemberPath.offsetOf(layout, "nl_u.ip4_u.scope");
        this.proto = MemberPath.offsetOf(layout, "proto");
        this.flags = MemberPath.offsetOf(layout, "flags");
        this.uli = MemberPath.offsetOf(layout, "uli_u");
        this.secid = MemberPath.offsetOf(layout, "secid");
    }

    public RecordLayout layout() { return layout; }

    /** {@code sizeof(struct flowi)}. */
    public long size() { return layout.size(); }

    public long oif() { return oif; }

    public long iif() { return iif; }

    public long mark() { return mark; }

    /** {@code fl4_dst}. */
    public long daddr() { return daddr; }

    /** {@code fl4_src}. */
    public long saddr() { return saddr; }

    /** {@code fl4_tos}. */
    public long tos() { return tos; }

    public long scope() { return scope; }

    public long proto() { return proto; }

    public long flags() { return flags; }

    /** The start of {@code uli_u} (ports, ICMP type/code, SPI, GRE key). */
    public long uli() { return uli; }

    public long secid() { return secid; }

    /** Stores every member of {@code f} at {@code fl} (a struct assignment {@code *fl = f}; padding untouched). */
    public void write(KernelMemory mem, long fl, dstcow.ipv4.net.Flowi f, String fn) {
        mem.writeU32(fl + oif, f.oif(), fn);
        mem.writeU32(fl + iif, f.iif(), fn);
        mem.writeU32(fl + mark, f.mark(), fn);
        Inet.storeBe32(mem, fl + daddr, f.daddr(), fn);
        Inet.storeBe32(mem, fl + saddr, f.saddr(), fn);
        mem.writeU8(fl + tos, f.tos(), fn);
        mem.writeU8(fl + scope, f.scope(), fn);
        mem.writeU8(fl + proto, f.proto(), fn);
        mem.writeU8(fl + flags, f.flags(), fn);
        writeUli(mem, fl, f.uli(), fn);
        mem.writeU32(fl + secid, f.secid(), fn);
    }

    /** Reads the flow key at {@code fl}. */
    public dstcow.ipv4.net.Flowi read(KernelMemory mem, long fl, String fn) {
        return new dstcow.ipv4.net.Flowi(mem.readU32(fl + oif, fn), mem.readU32(fl + iif, fn), mem.readU32(fl + mark, fn),
                Inet.loadBe32(mem, fl + daddr, fn), Inet.loadBe32(mem, fl + saddr, fn), mem.readU8(fl + tos, fn),
                mem.readU8(fl + scope, fn), mem.readU8(fl + proto, fn), mem.readU8(fl + flags, fn), readUli(mem, fl, fn),
                mem.readU32(fl + secid, fn));
    }

    /** The four {@code uli_u} bytes, in memory order, as a big-endian int. */
    public int readUli(KernelMemory mem, long fl, String fn) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | mem.readU8(fl + uli + i, fn);
        }
        return v;
    }

    /** Stores four bytes into {@code uli_u}, most significant first (network order for ports, SPI and key). */
    public void writeUli(KernelMemory mem, long fl, int v, String fn) {
        for (int i = 0; i < 4; i++) {
            mem.writeU8(fl + uli + i, v >>> (24 - 8 * i), fn);
        }
    }
}
