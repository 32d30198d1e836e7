package dstcow.ipv4.net;

import dstcow.dst.mem.KernelMemory;
import dstcow.ipv4.struct.MemberPath;
import dstcow.layout.ctype.CType;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static dstcow.layout.kernel.KTypes.CHAR;
import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;

/**
 * A network device: a stand-in {@code struct net_device} in native memory with the four members
 * route.c reads through {@code dst->dev} ({@code name}, {@code ifindex}, {@code flags},
 * {@code mtu}), and, on the Java side, what route.c reads through its {@code struct in_device}
 * (the primary address and the devconf switches).
 *
 * <p>Devices are out of the project's scope (DESIGN.md); the stand-in exists because
 * {@code ipv4_default_mtu()} and {@code ipv4_default_advmss()} read {@code dst->dev->mtu} and
 * {@code rt_cache_seq_show()} prints {@code dst->dev->name}. It is declared as data and laid out by
 * the engine like every other struct, but it is not the kernel's {@code struct net_device} (which
 * has hundreds of members): do not compare its layout with the kernel's. Devices live in
 * {@code .data} for the life of the kernel, so they never show in a leak report; {@code dev_hold}
 * and {@code dev_put} are not modelled.
 */
public final class NetDevice {

    /** {@code IFNAMSIZ}. */
    public static final int IFNAMSIZ = 16;

    /** The stand-in: {@code struct net_device { char name[IFNAMSIZ]; int ifindex; unsigned int flags; unsigned int mtu; }}. */
    public static final RecordDef STAND_IN = RecordDef.struct("net_device",
            new KernelSource("include/linux/netdevice.h", "stand-in: name, ifindex, flags, mtu only", dstcow.dst.KernelSource.PATCHED),
            Member.of("name", CType.array(CHAR, IFNAMSIZ)),
            Member.of("ifindex", INT),
            Member.of("flags", UINT),
            Member.of("mtu", UINT));

    private final KernelMemory mem;
    private final long address;
    private final long offIfindex;
    private final long offFlags;
    private final long offMtu;
    private final String name;
    private final int ifindex;
    private volatile int addr;
    private volatile int prefixlen;
    // struct in_device devconf, IPV4_DEVCONF_* (include/linux/inetdevice.h); defaults are the kernel's.
    private volatile boolean forwarding;
    private volatile boolean acceptRedirects = true;
    private volatile boolean sharedMedia = true;
    private volatile boolean secureRedirects = true;
    private volatile boolean noXfrm;
    private volatile boolean noPolicy;

    private NetDevice(KernelMemory mem, long address, RecordLayout layout, String name, int ifindex) {
        this.mem = mem;
        this.address = address;
        this.offIfindex = MemberPath.offsetOf(layout, "ifindex");
        this.offFlags = MemberPath.offsetOf(layout, "flags");
        this.offMtu = MemberPath.offsetOf(layout, "mtu");
        this.name = name;
        this.ifindex = ifindex;
    }

    /**
     * {@code register_netdevice} reduced to the stand-in: defines {@code struct net_device} in
     * {@code .data} (symbol {@code netdev_<name>}) with the name, index, {@code IFF_UP} (plus
     * {@code IFF_LOOPBACK} for a loopback device) and the MTU.
     */
    public static NetDevice register(KernelMemory mem, KernelConfig config, String name, int ifindex, int mtu, boolean loopback) {
        Objects.requireNonNull(name, "name");
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("device name '" + name + "' must have 1.." + (IFNAMSIZ - 1) + " characters (IFNAMSIZ is " + IFNAMSIZ + ")");
        }
        if (mtu < 68) {
            throw new IllegalArgumentException("device " + name + ": MTU " + mtu + " is below 68, the IPv4 minimum");
        }
        RecordLayout layout = LayoutEngine.layout(STAND_IN, config);
        long a = mem.defineData("netdev_" + name, layout.size(), layout.align());
        NetDevice d = new NetDevice(mem, a, layout, name, ifindex);
        String fn = "register_netdevice";
        long nameAt = a + MemberPath.offsetOf(layout, "name");
        for (int i = 0; i < bytes.length; i++) {
            mem.writeU8(nameAt + i, bytes[i], fn);
        }
        mem.writeU32(a + d.offIfindex, ifindex, fn);
        mem.writeU32(a + d.offFlags, Inet.IFF_UP | (loopback ? Inet.IFF_LOOPBACK : 0), fn);
        mem.writeU32(a + d.offMtu, mtu, fn);
        return d;
    }

    /** The address of the stand-in {@code struct net_device}: what {@code dst->dev} holds. */
    public long address() { return address; }

    public String name() { return name; }

    public int ifindex() { return ifindex; }

    /** {@code dev->mtu}, read from native memory. */
    public int mtu() { return mem.readU32(address + offMtu, "dev->mtu"); }

    /** Sets {@code dev->mtu} (what {@code ip link set dev X mtu N} does, without the notifier chain). */
    public void setMtu(int mtu) {
        if (mtu < 68) {
            throw new IllegalArgumentException("device " + name + ": MTU " + mtu + " is below 68, the IPv4 minimum");
        }
        mem.writeU32(address + offMtu, mtu, "dev_set_mtu");
    }

    /** {@code dev->flags}. */
    public int flags() { return mem.readU32(address + offFlags, "dev->flags"); }

    /** Sets or clears {@code IFF_UP}. */
    public void setUp(boolean up) {
        int f = flags();
        mem.writeU32(address + offFlags, up ? f | Inet.IFF_UP : f & ~Inet.IFF_UP, up ? "dev_open" : "dev_close");
    }

    public boolean isUp() { return (flags() & Inet.IFF_UP) != 0; }

    public boolean isLoopback() { return (flags() & Inet.IFF_LOOPBACK) != 0; }

    /** The primary address ({@code in_dev->ifa_list->ifa_local}), host order; 0 if none. */
    public int addr() { return addr; }

    public int prefixlen() { return prefixlen; }

    /** Assigns the primary address (what {@code ip addr add} records in the in_device). */
    public void setAddr(int addr, int prefixlen) {
        Inet.mask(prefixlen);
        this.addr = addr;
        this.prefixlen = prefixlen;
    }

    /** Whether {@code a} is on this device's subnet ({@code inet_addr_onlink}). */
    public boolean onLink(int a) {
        return addr != 0 && ((a ^ addr) & Inet.mask(prefixlen)) == 0;
    }

    public boolean forwarding() { return forwarding; }

    public void setForwarding(boolean on) { this.forwarding = on; }

    /** {@code IN_DEV_RX_REDIRECTS}: accept_redirects. */
    public boolean acceptRedirects() { return acceptRedirects; }

    public void setAcceptRedirects(boolean on) { this.acceptRedirects = on; }

    /** {@code IN_DEV_SHARED_MEDIA} (default on). */
    public boolean sharedMedia() { return sharedMedia; }

    public void setSharedMedia(boolean on) { this.sharedMedia = on; }

    /** {@code IN_DEV_SEC_REDIRECTS} (default on). */
    public boolean secureRedirects() { return secureRedirects; }

    public void setSecureRedirects(boolean on) { this.secureRedirects = on; }

    /** {@code IN_DEV_CONF_GET(in_dev, NOXFRM)}. */
    public boolean noXfrm() { return noXfrm; }

    public void setNoXfrm(boolean on) { this.noXfrm = on; }

    /** {@code IN_DEV_CONF_GET(in_dev, NOPOLICY)}. */
    public boolean noPolicy() { return noPolicy; }

    public void setNoPolicy(boolean on) { this.noPolicy = on; }

    @Override
    public String toString() {
        return name + " (ifindex " + ifindex + ", mtu " + mtu() + (addr != 0 ? ", " + Inet.format(addr) + "/" + prefixlen : "")
                + (isUp() ? "" : ", down") + ")";
    }
}
