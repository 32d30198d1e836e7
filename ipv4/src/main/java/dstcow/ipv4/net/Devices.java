package dstcow.ipv4.net;

import dstcow.dst.mem.KernelMemory;
import dstcow.layout.model.KernelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices of the one network namespace ({@code init_net}): lookup by index
 * ({@code dev_get_by_index}), by name and by the address of their {@code struct net_device}
 * (following a {@code dst->dev} read from native memory), and the loopback device.
 */
public final class Devices {

    /** The loopback MTU of that era ({@code (16 * 1024) + 20 + 20 + 12}). */
    public static final int LOOPBACK_MTU = 16436;

    private final KernelMemory mem;
    private final KernelConfig config;
    private final Map<Integer, NetDevice> byIndex = new ConcurrentHashMap<>();
    private final Map<String, NetDevice> byName = new ConcurrentHashMap<>();
    private final Map<Long, NetDevice> byAddress = new ConcurrentHashMap<>();
    private final NetDevice loopback;
    private final long offName;
    private final long offIfindex;
    private final long offFlags;
    private final long offMtu;
    private int nextIndex = 1;

    public Devices(KernelMemory mem, KernelConfig config) {
        this.mem = mem;
        this.config = config;
        dstcow.layout.engine.RecordLayout l = dstcow.layout.engine.LayoutEngine.layout(NetDevice.STAND_IN, config);
        this.offName = dstcow.ipv4.struct.MemberPath.offsetOf(l, "name");
        this.offIfindex = dstcow.ipv4.struct.MemberPath.offsetOf(l, "ifindex");
        this.offFlags = dstcow.ipv4.struct.MemberPath.offsetOf(l, "flags");
        this.offMtu = dstcow.ipv4.struct.MemberPath.offsetOf(l, "mtu");
        this.loopback = register("lo", LOOPBACK_MTU, true);
        loopback.setAddr(Inet.INADDR_LOOPBACK, 8);
    }

    /** Registers a device with the next free index. */
    public synchronized NetDevice register(String name, int mtu, boolean isLoopback) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("a device named '" + name + "' exists; devices: " + String.join(", ", byName.keySet()));
        }
        NetDevice d = NetDevice.register(mem, config, name, nextIndex++, mtu, isLoopback);
        byIndex.put(d.ifindex(), d);
        byName.put(name, d);
        byAddress.put(d.address(), d);
        return d;
    }

    /** {@code dev->mtu} through a {@code struct net_device *} read from native memory: NULL oopses, as in C. */
    public int devMtu(long dev, String fn) { return mem.readU32(dev + offMtu, fn); }

    /** {@code dev->ifindex} through a pointer. */
    public int devIfindex(long dev, String fn) { return mem.readU32(dev + offIfindex, fn); }

    /** {@code dev->flags} through a pointer. */
    public int devFlags(long dev, String fn) { return mem.readU32(dev + offFlags, fn); }

    /** {@code dev->name} through a pointer. */
    public String devName(long dev, String fn) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < NetDevice.IFNAMSIZ; i++) {
            int c = mem.readU8(dev + offName + i, fn);
            if (c == 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** {@code net->loopback_dev}. */
    public NetDevice loopback() { return loopback; }

    /** {@code dev_get_by_index_rcu}: null if there is none. */
    public NetDevice byIndex(int ifindex) { return byIndex.get(ifindex); }

    /** By name; the error lists the devices. */
    public NetDevice byName(String name) {
        NetDevice d = byName.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device '" + name + "'; devices: " + String.join(", ", byName.keySet()));
        }
        return d;
    }

    /** The device whose {@code struct net_device} is at {@code address} (a {@code dst->dev}), or null for 0 or a stranger. */
    public NetDevice at(long address) { return address == 0 ? null : byAddress.get(address); }

    /** {@code __ip_dev_find(net, addr)}: the device that has {@code addr} as its address, or null. */
    public NetDevice byAddr(int addr) {
        for (NetDevice d : all()) {
            if (d.addr() == addr && addr != 0) {
                return d;
            }
        }
        return null;
    }

    /** The device on whose subnet {@code addr} lies (the connected route's device), or null. */
    public NetDevice onLink(int addr) {
        NetDevice best = null;
        for (NetDevice d : all()) {
            if (d.onLink(addr) && !d.isLoopback() && (best == null || d.prefixlen() > best.prefixlen())) {
                best = d;
            }
        }
        return best;
    }

    /** Every device, by index. */
    public List<NetDevice> all() {
        List<NetDevice> l = new ArrayList<>(byIndex.values());
        l.sort(java.util.Comparator.comparingInt(NetDevice::ifindex));
        return l;
    }
}
