package dstcow.xfrm.state;

import dstcow.dst.DstKernel;
import dstcow.dst.KernelSource;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.Trace;
import dstcow.dst.mem.TraceKind;
import dstcow.dst.ops.DstOps;
import dstcow.ipv4.net.Inet;
import dstcow.xfrm.core.XfrmFnTypes;

import java.util.concurrent.locks.ReentrantLock;

import static dstcow.dst.KernelSource.PATCHED;

/**
 * IPsec states in native memory, with what xfrm_state.c, include/net/xfrm.h and esp4.c do to
 * them that matters to bundle MTUs and lifetimes: {@code xfrm_state_alloc}, {@code esp_init_state}
 * (header and trailer length), {@code esp4_get_mtu} (called through {@code x->type->get_mtu} by
 * {@code xfrm_state_mtu}), {@code xfrm_state_hold}/{@code xfrm_state_put} and destruction.
 * Neither file is changed by 62fa8a84; the text followed is that of the same period (esp4.c with
 * {@code struct esp_data} and AEAD, before the 2013 rewrite of {@code esp4_get_mtu}). Keys,
 * lifetimes, replay state and encapsulation are not modelled.
 */
public final class XfrmStates {

    public static final String XFRM_STATE_C = "net/xfrm/xfrm_state.c";
    public static final String XFRM_H = "include/net/xfrm.h";
    public static final String ESP4_C = "net/ipv4/esp4.c";
    public static final String LINUX_XFRM_H = "include/linux/xfrm.h";

    @KernelSource(file = LINUX_XFRM_H, symbol = "XFRM_MODE_TRANSPORT", commit = PATCHED)
    public static final int XFRM_MODE_TRANSPORT = 0;
    @KernelSource(file = LINUX_XFRM_H, symbol = "XFRM_MODE_TUNNEL", commit = PATCHED)
    public static final int XFRM_MODE_TUNNEL = 1;
    @KernelSource(file = LINUX_XFRM_H, symbol = "XFRM_MODE_BEET", commit = PATCHED)
    public static final int XFRM_MODE_BEET = 4;

    @KernelSource(file = XFRM_H, symbol = "XFRM_STATE_VOID", commit = PATCHED)
    public static final int XFRM_STATE_VOID = 0;
    @KernelSource(file = XFRM_H, symbol = "XFRM_STATE_VALID", commit = PATCHED)
    public static final int XFRM_STATE_VALID = 2;
    @KernelSource(file = XFRM_H, symbol = "XFRM_STATE_EXPIRED", commit = PATCHED)
    public static final int XFRM_STATE_EXPIRED = 4;
    @KernelSource(file = XFRM_H, symbol = "XFRM_STATE_DEAD", commit = PATCHED)
    public static final int XFRM_STATE_DEAD = 5;

    @KernelSource(file = XFRM_H, symbol = "XFRM_TYPE_NON_FRAGMENT", commit = PATCHED)
    public static final int XFRM_TYPE_NON_FRAGMENT = 1;
    @KernelSource(file = XFRM_H, symbol = "XFRM_TYPE_REPLAY_PROT", commit = PATCHED)
    public static final int XFRM_TYPE_REPLAY_PROT = 2;
    @KernelSource(file = XFRM_H, symbol = "XFRM_TYPE_LOCAL_COADDR", commit = PATCHED)
    public static final int XFRM_TYPE_LOCAL_COADDR = 4;
    @KernelSource(file = XFRM_H, symbol = "XFRM_TYPE_REMOTE_COADDR", commit = PATCHED)
    public static final int XFRM_TYPE_REMOTE_COADDR = 8;

    /** {@code IPPROTO_ESP}. */
    public static final int IPPROTO_ESP = 50;
    /** {@code sizeof(struct ip_esp_hdr)}: SPI and sequence number. */
    @KernelSource(file = "include/linux/ip.h", symbol = "ip_esp_hdr", commit = PATCHED)
    public static final int SIZEOF_IP_ESP_HDR = 8;
    /** {@code sizeof(struct iphdr)} without options. */
    public static final int SIZEOF_IPHDR = 20;
    /** {@code IPV4_BEET_PHMAXLEN}. */
    public static final int IPV4_BEET_PHMAXLEN = 8;

    private final KernelMemory mem;
    private final Trace trace;
    private final XfrmStateLayout l;
    private final boolean smp;
    private final ReentrantLock upLock = new ReentrantLock();
    private final long espType;

    public XfrmStates(DstKernel k) {
        this.mem = k.memory();
        this.trace = mem.trace();
        this.l = new XfrmStateLayout(k.config());
        this.smp = k.config().enabled("CONFIG_SMP");
        mem.symbols().register("esp4_get_mtu", (XfrmFnTypes.GetMtu) this::esp4GetMtu);
        mem.symbols().register("esp_destroy", (XfrmFnTypes.StateDestructor) this::espDestroy);
        this.espType = defineEspType();
    }

    /**
     * {@code static const struct xfrm_type esp_type}: {@code .proto = IPPROTO_ESP, .flags =
     * XFRM_TYPE_REPLAY_PROT, .destructor = esp_destroy, .get_mtu = esp4_get_mtu}. Defined in
     * {@code .data}, not {@code .rodata}: the emulated .rodata cannot be initialised after definition.
     */
    @KernelSource(file = ESP4_C, symbol = "esp_type", commit = PATCHED)
    private long defineEspType() {
        String fn = "esp4_init";
        long t = mem.defineData("esp_type", l.type.size(), l.type.align());
        mem.writeU8(t + l.typeProto, IPPROTO_ESP, fn);
        mem.writeU8(t + l.typeFlags, XFRM_TYPE_REPLAY_PROT, fn);
        mem.writePointer(t + l.typeDestructor, mem.symbols().addressOf("esp_destroy"), fn);
        mem.writePointer(t + l.typeGetMtu, mem.symbols().addressOf("esp4_get_mtu"), fn);
        return t;
    }

    public XfrmStateLayout layout() { return l; }

    /** The address of {@code esp_type}. */
    public long espType() { return espType; }

    // ---- members ----------------------------------------------------------------------------------

    public int refcnt(long x) { return mem.atomicRead(x + l.refcnt, "atomic_read"); }

    /** {@code x->km.state}. */
    public int kmState(long x) { return mem.readU8(x + l.kmState, "x->km.state"); }

    public void setKmState(long x, int s, String fn) { mem.writeU8(x + l.kmState, s, fn); }

    public int genid(long x) { return mem.readU32(x + l.genid, "x->genid"); }

    /** Bumps {@code x->genid}, as a state update does, so that bundles over it become stale. */
    public void bumpGenid(long x, String fn) { mem.writeU32(x + l.genid, genid(x) + 1, fn); }

    public int mode(long x) { return mem.readU8(x + l.propsMode, "x->props.mode"); }

    public int family(long x) { return mem.readU16(x + l.propsFamily, "x->props.family"); }

    public int headerLen(long x) { return mem.readU32(x + l.propsHeaderLen, "x->props.header_len"); }

    public int trailerLen(long x) { return mem.readU32(x + l.propsTrailerLen, "x->props.trailer_len"); }

    /** {@code x->id.daddr.a4}, host order. */
    public int daddr(long x) { return Inet.loadBe32(mem, x + l.idDaddr, "x->id.daddr"); }

    /** {@code x->props.saddr.a4}, host order. */
    public int saddr(long x) { return Inet.loadBe32(mem, x + l.propsSaddr, "x->props.saddr"); }

    /** {@code ntohl(x->id.spi)}. */
    public int spi(long x) { return Inet.loadBe32(mem, x + l.idSpi, "x->id.spi"); }

    /** {@code x->type->flags}. */
    public int typeFlags(long x) {
        long t = mem.readPointer(x + l.typePtr, "x->type");
        return mem.readU8(t + l.typeFlags, "x->type->flags");
    }

    /** {@code x->sel}: the selector's addresses, prefixes, ports, masks, protocol and interface. */
    public Selector selector(long x) {
        String fn = "x->sel";
        return new Selector(Inet.loadBe32(mem, x + l.selDaddr, fn), Inet.loadBe32(mem, x + l.selSaddr, fn),
                be16(x + l.selDport, fn), be16(x + l.selDportMask, fn), be16(x + l.selSport, fn), be16(x + l.selSportMask, fn),
                mem.readU16(x + l.selFamily, fn), mem.readU8(x + l.selPrefixlenD, fn), mem.readU8(x + l.selPrefixlenS, fn),
                mem.readU8(x + l.selProto, fn), mem.readU32(x + l.selIfindex, fn));
    }

    private int be16(long a, String fn) {
        return (mem.readU8(a, fn) << 8) | mem.readU8(a + 1, fn);
    }

    private void storeBe16(long a, int v, String fn) {
        mem.writeU8(a, v >>> 8, fn);
        mem.writeU8(a + 1, v, fn);
    }

    /**
     * {@code struct xfrm_selector}, host order.
     *
     * @param daddr      destination address
     * @param saddr      source address
     * @param dport      destination port
     * @param dportMask  its mask
     * @param sport      source port
     * @param sportMask  its mask
     * @param family     address family (0 matches nothing specific)
     * @param prefixlenD destination prefix length
     * @param prefixlenS source prefix length
     * @param proto      upper protocol, 0 for any
     * @param ifindex    interface, 0 for any
     */
    public record Selector(int daddr, int saddr, int dport, int dportMask, int sport, int sportMask, int family, int prefixlenD,
                           int prefixlenS, int proto, int ifindex) {
        /** Any traffic of the family. */
        public static Selector any(int family) {
            return new Selector(0, 0, 0, 0, 0, 0, family, 0, 0, 0, 0);
        }
    }

    // ---- xfrm_state.c and xfrm.h ------------------------------------------------------------------------

    /**
     * {@code struct xfrm_state *xfrm_state_alloc(struct net *net)}: a zeroed state with one
     * reference (the state table's), or 0.
     */
    @KernelSource(file = XFRM_STATE_C, symbol = "xfrm_state_alloc", commit = PATCHED,
            note = "timers, lifetimes and replay defaults are not modelled")
    public long xfrmStateAlloc() {
        String fn = "xfrm_state_alloc";
        long x = mem.kzalloc(l.stateSize(), fn);
        if (x != 0) {
            mem.atomicSet(x + l.refcnt, 1, fn);
        }
        return x;
    }

    /**
     * {@code xfrm state add} of an ESP SA over IPv4 reduced to what the emulator needs: allocate,
     * fill {@code id}, {@code props} and {@code sel}, point {@code type} at {@code esp_type}, run
     * {@code esp_init_state} (which allocates the {@code esp_data} and the transform) and mark
     * the state valid. Returns the state, or 0 when an allocation failed.
     */
    @KernelSource(file = "net/xfrm/xfrm_user.c", symbol = "xfrm_state_construct", commit = PATCHED,
            note = "reduced: no netlink attributes, no xfrm_init_state mode lookup, no hash insertion")
    public long xfrmStateConstruct(EspParams p, int saddr, int daddr, int spi, Selector sel) {
        String fn = "xfrm_state_construct";
        long x = xfrmStateAlloc();
        if (x == 0) {
            return 0;
        }
        Inet.storeBe32(mem, x + l.idDaddr, daddr, fn);
        Inet.storeBe32(mem, x + l.idSpi, spi, fn);
        mem.writeU8(x + l.idProto, IPPROTO_ESP, fn);
        mem.writeU8(x + l.propsMode, p.mode(), fn);
        mem.writeU16(x + l.propsFamily, DstOps.AF_INET, fn);
        Inet.storeBe32(mem, x + l.propsSaddr, saddr, fn);
        Inet.storeBe32(mem, x + l.selDaddr, sel.daddr(), fn);
        Inet.storeBe32(mem, x + l.selSaddr, sel.saddr(), fn);
        storeBe16(x + l.selDport, sel.dport(), fn);
        storeBe16(x + l.selDportMask, sel.dportMask(), fn);
        storeBe16(x + l.selSport, sel.sport(), fn);
        storeBe16(x + l.selSportMask, sel.sportMask(), fn);
        mem.writeU16(x + l.selFamily, sel.family(), fn);
        mem.writeU8(x + l.selPrefixlenD, sel.prefixlenD(), fn);
        mem.writeU8(x + l.selPrefixlenS, sel.prefixlenS(), fn);
        mem.writeU8(x + l.selProto, sel.proto(), fn);
        mem.writeU32(x + l.selIfindex, sel.ifindex(), fn);
        mem.writePointer(x + l.typePtr, espType, fn);
        int err = espInitState(x, p);
        if (err != 0) {
            setKmState(x, XFRM_STATE_DEAD, fn);
            xfrmStatePut(x);
            return 0;
        }
        setKmState(x, XFRM_STATE_VALID, fn);
        trace.emit(TraceKind.NOTE, fn, x, "xfrm_state " + mem.hex(x) + ": ESP spi 0x" + Integer.toHexString(spi) + " "
                + (p.tunnel() ? "tunnel " : "transport ") + Inet.format(saddr) + " -> " + Inet.format(daddr) + ", " + p.name()
                + ", header_len " + headerLen(x) + ", trailer_len " + trailerLen(x));
        return x;
    }

    /**
     * {@code static int esp_init_state(struct xfrm_state *x)}: allocates {@code struct esp_data}
     * and the AEAD transform, and sets {@code props.header_len} (ESP header and IV, plus the outer
     * IPv4 header in tunnel mode) and {@code props.trailer_len} (padding, pad length and next
     * header, ICV).
     */
    @KernelSource(file = ESP4_C, symbol = "esp_init_state", commit = PATCHED,
            note = "the crypto_alloc_aead of esp_init_aead/esp_init_authenc is a kzalloc'd stand-in with the algorithm's sizes; no encap")
    public int espInitState(long x, EspParams p) {
        String fn = "esp_init_state";
        long esp = mem.kzalloc(l.espData.size(), fn);
        if (esp == 0) {
            return -Inet.ENOMEM;
        }
        mem.writePointer(x + l.data, esp, fn);
        long aead = mem.kzalloc(l.aead.size(), "crypto_alloc_aead");
        if (aead == 0) {
            return -Inet.ENOMEM;
        }
        mem.writeU32(aead + l.aeadIvsize, p.ivsize(), fn);
        mem.writeU32(aead + l.aeadAuthsize, p.authsize(), fn);
        mem.writeU32(aead + l.aeadBlocksize, p.blocksize(), fn);
        mem.writePointer(esp + l.espAead, aead, fn);
        mem.writeU32(esp + l.espPadlen, 0, fn);

        int headerLen = SIZEOF_IP_ESP_HDR + cryptoAeadIvsize(aead);
        if (mode(x) == XFRM_MODE_TUNNEL) {
            headerLen += SIZEOF_IPHDR;
        } else if (mode(x) == XFRM_MODE_BEET) {
            headerLen += IPV4_BEET_PHMAXLEN;
        }
        mem.writeU32(x + l.propsHeaderLen, headerLen, fn);
        int align = align4(cryptoAeadBlocksize(aead));
        int padlen = mem.readU32(esp + l.espPadlen, fn);
        if (padlen != 0) {
            align = Math.max(align, padlen);
        }
        mem.writeU32(x + l.propsTrailerLen, align + 1 + cryptoAeadAuthsize(aead), fn);
        return 0;
    }

    private static int align4(int v) {
        return (v + 3) & ~3;
    }

    private int cryptoAeadIvsize(long aead) { return mem.readU32(aead + l.aeadIvsize, "crypto_aead_ivsize"); }

    private int cryptoAeadAuthsize(long aead) { return mem.readU32(aead + l.aeadAuthsize, "crypto_aead_authsize"); }

    private int cryptoAeadBlocksize(long aead) { return mem.readU32(aead + l.aeadBlocksize, "crypto_aead_blocksize"); }

    /**
     * {@code static u32 esp4_get_mtu(struct xfrm_state *x, int mtu)}: the largest payload that,
     * once encrypted, padded to the block size, authenticated and given its headers, fits in
     * {@code mtu}; transport mode assumes the worst-case padding.
     */
    @KernelSource(file = ESP4_C, symbol = "esp4_get_mtu", commit = PATCHED)
    public int esp4GetMtu(long x, int mtu) {
        String fn = "esp4_get_mtu";
        long esp = mem.readPointer(x + l.data, fn);
        long aead = mem.readPointer(esp + l.espAead, fn);
        int blksize = align4(cryptoAeadBlocksize(aead));
        int padlen = mem.readU32(esp + l.espPadlen, fn);
        int align = Integer.compareUnsigned(blksize, padlen) >= 0 ? blksize : padlen;
        int rem;

        mtu -= headerLen(x) + cryptoAeadAuthsize(aead);
        rem = mtu & (align - 1);
        mtu &= ~(align - 1);

        switch (mode(x)) {
            case XFRM_MODE_TUNNEL -> {
            }
            case XFRM_MODE_BEET -> mtu += minUnsigned(IPV4_BEET_PHMAXLEN, rem);
            default -> {
                // XFRM_MODE_TRANSPORT: the worst case
                mtu -= blksize - 4;
                mtu += minUnsigned(blksize - 4, rem);
            }
        }
        return mtu - 2;
    }

    private static int minUnsigned(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** {@code static void esp_destroy(struct xfrm_state *x)}: frees the transform and {@code esp_data}. */
    @KernelSource(file = ESP4_C, symbol = "esp_destroy", commit = PATCHED, note = "crypto_free_aead is a kfree of the stand-in")
    public void espDestroy(long x) {
        String fn = "esp_destroy";
        long esp = mem.readPointer(x + l.data, fn);
        if (esp == 0) {
            return;
        }
        mem.kfree(mem.readPointer(esp + l.espAead, fn), "crypto_free_aead");
        mem.kfree(esp, fn);
    }

    /**
     * {@code int xfrm_state_mtu(struct xfrm_state *x, int mtu)}: under {@code x->lock},
     * {@code x->type->get_mtu(x, mtu)} for a valid state, else {@code mtu - header_len}.
     */
    @KernelSource(file = XFRM_STATE_C, symbol = "xfrm_state_mtu", commit = PATCHED)
    public int xfrmStateMtu(long x, int mtu) {
        String fn = "xfrm_state_mtu";
        int res;
        spinLockBh(x, fn);
        try {
            long type = mem.readPointer(x + l.typePtr, fn);
            long getMtu = type == 0 ? 0 : mem.readPointer(type + l.typeGetMtu, fn);
            if (kmState(x) == XFRM_STATE_VALID && type != 0 && getMtu != 0) {
                XfrmFnTypes.GetMtu f = mem.symbols().resolve(getMtu, XfrmFnTypes.GetMtu.class, fn, "x->type->get_mtu");
                if (trace.enabled()) {
                    trace.emit(TraceKind.CALL, fn, getMtu, "x->type->get_mtu = " + mem.symbolize(getMtu));
                }
                res = f.getMtu(x, mtu);
            } else {
                res = mtu - headerLen(x);
            }
        } finally {
            spinUnlockBh(x, fn);
        }
        return res;
    }

    private void spinLockBh(long x, String fn) {
        if (smp) {
            mem.spinLock(x + l.lock, fn);
        } else {
            upLock.lock();
        }
    }

    private void spinUnlockBh(long x, String fn) {
        if (smp) {
            mem.spinUnlock(x + l.lock, fn);
        } else {
            upLock.unlock();
        }
    }

    /** {@code static inline void xfrm_state_hold(struct xfrm_state *x)}. */
    @KernelSource(file = XFRM_H, symbol = "xfrm_state_hold", commit = PATCHED)
    public void xfrmStateHold(long x) {
        mem.atomicAddReturn(x + l.refcnt, 1, "xfrm_state_hold");
    }

    /** {@code static inline void xfrm_state_put(struct xfrm_state *x)}: the last reference destroys. */
    @KernelSource(file = XFRM_H, symbol = "xfrm_state_put", commit = PATCHED)
    public void xfrmStatePut(long x) {
        if (mem.atomicAddReturn(x + l.refcnt, -1, "xfrm_state_put") == 0) {
            __xfrmStateDestroy(x);
        }
    }

    /**
     * {@code void __xfrm_state_destroy(struct xfrm_state *x)}: warns unless the state is dead;
     * the deferred {@code xfrm_state_gc_destroy} runs at once: {@code x->type->destructor(x)},
     * then the state is freed.
     */
    @KernelSource(file = XFRM_STATE_C, symbol = "__xfrm_state_destroy", commit = PATCHED,
            note = "the gc work (xfrm_state_gc_destroy) runs at once; timers, algorithms and security are not modelled")
    public void __xfrmStateDestroy(long x) {
        String fn = "__xfrm_state_destroy";
        if (kmState(x) != XFRM_STATE_DEAD) {
            trace.emit(TraceKind.WARNING, fn, x, "WARN_ON(x->km.state != XFRM_STATE_DEAD) in __xfrm_state_destroy(): state "
                    + kmState(x));
        }
        long type = mem.readPointer(x + l.typePtr, "xfrm_state_gc_destroy");
        if (type != 0) {
            long d = mem.readPointer(type + l.typeDestructor, "xfrm_state_gc_destroy");
            mem.symbols().resolve(d, XfrmFnTypes.StateDestructor.class, "xfrm_state_gc_destroy", "x->type->destructor").destructor(x);
        }
        mem.kfree(x, "xfrm_state_gc_destroy");
    }

    /**
     * {@code int __xfrm_state_delete(struct xfrm_state *x)}: marks the state dead and drops the
     * reference {@code xfrm_state_alloc} gave; bundles still holding it keep it alive.
     */
    @KernelSource(file = XFRM_STATE_C, symbol = "__xfrm_state_delete", commit = PATCHED, note = "no hash tables to unlink")
    public int __xfrmStateDelete(long x) {
        int err = -Inet.ESRCH;
        if (kmState(x) != XFRM_STATE_DEAD) {
            setKmState(x, XFRM_STATE_DEAD, "__xfrm_state_delete");
            xfrmStatePut(x);
            err = 0;
        }
        return err;
    }
}
