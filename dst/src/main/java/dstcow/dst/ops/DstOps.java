package dstcow.dst.ops;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.Symbol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code struct dst_ops} in emulated memory: a view (its address and the memory) with a
 * builder that defines one in {@code .data}, as the kernel's {@code static struct dst_ops
 * ipv4_dst_ops = { ... }} does. Function-pointer members hold addresses from the
 * {@link dstcow.dst.mem.SymbolTable}; the dst code reads them from native memory at each call.
 */
public final class DstOps {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_DECNET = 12;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_IPV6 = 0x86DD;

    private final KernelMemory memory;
    private final DstOpsLayout layout;
    private final long address;

    private DstOps(KernelMemory memory, DstOpsLayout layout, long address) {
        this.memory = memory;
        this.layout = layout;
        this.address = address;
    }

    /** A view of the {@code struct dst_ops} at {@code address} (for instance one read from {@code dst->ops}). */
    public static DstOps at(KernelMemory memory, DstOpsLayout layout, long address) {
        return new DstOps(memory, layout, address);
    }

    /** Starts defining a {@code struct dst_ops} called {@code name} in {@code .data}. */
    public static Builder builder(KernelMemory memory, DstOpsLayout layout, String name) {
        return new Builder(memory, layout, name);
    }

    public long address() { return address; }

    public DstOpsLayout layout() { return layout; }

    /** The static object's name ({@code ipv4_dst_ops}), or its address if it is not a static object. */
    public String name() {
        String s = memory.symbolize(address);
        return s.isEmpty() ? memory.hex(address) : s;
    }

    public int family() {
        return memory.readU16(address + layout.family(), "dst_ops.family");
    }

    /** {@code be16_to_cpu(ops->protocol)}. */
    public int protocol() {
        int raw = memory.readU16(address + layout.protocol(), "dst_ops.protocol");
        return memory.abi().bigEndian() ? raw : Integer.reverseBytes(raw) >>> 16;
    }

    public int gcThresh() {
        return memory.readU32(address + layout.gcThresh(), "dst_ops.gc_thresh");
    }

    /** The value of a function-pointer member (0 for NULL). */
    public long function(String member) {
        return memory.readPointer(address + layout.function(member), "dst_ops." + member);
    }

    /** The kernel name a function-pointer member points to, or {@code NULL}. */
    public String functionName(String member) {
        long p = function(member);
        if (p == 0) {
            return "NULL";
        }
        Symbol s = memory.symbols().lookup(p);
        return s == null ? memory.hex(p) : s.name();
    }

    /** {@code ops->kmem_cachep}, as an address. */
    public long kmemCachep() {
        return memory.readPointer(address + layout.kmemCachep(), "dst_ops.kmem_cachep");
    }

    /** The cache {@code ops->kmem_cachep} points to. */
    public KmemCache cache() {
        return memory.cacheAt(kmemCachep(), "dst_ops.kmem_cachep");
    }

    /** {@code pcpuc_entries.count}: the entries allocated from these ops and not destroyed. */
    public long entries() {
        return memory.readU64(address + layout.pcpucCount(), "dst_entries_get_slow");
    }

    /** {@code .member = function} pairs, for printing. */
    public Map<String, String> functions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String m : layout.functionMembers()) {
            out.put(m, functionName(m));
        }
        return out;
    }

    /** {@code AF_INET} for 2, and so on; the number itself for families not named here. */
    public static String familyName(int family) {
        return switch (family) {
            case AF_INET -> "AF_INET";
            case AF_INET6 -> "AF_INET6";
            case AF_DECNET -> "AF_DECnet";
            default -> Integer.toString(family);
        };
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("struct dst_ops ").append(name()).append(" = {");
        b.append(" .family = ").append(familyName(family()));
        functions().forEach((m, f) -> {
            if (!f.equals("NULL")) {
                b.append(", .").append(m).append(" = ").append(f);
            }
        });
        return b.append(" }").toString();
    }

    /** Defines a {@code struct dst_ops} in {@code .data}; unset members stay 0 (NULL). */
    public static final class Builder {
        private final KernelMemory memory;
        private final DstOpsLayout layout;
        private final String name;
        private int family;
        private int protocol;
        private int gcThresh;
        private long kmemCachep;
        private final Map<String, Long> functions = new LinkedHashMap<>();

        private Builder(KernelMemory memory, DstOpsLayout layout, String name) {
            this.memory = memory;
            this.layout = layout;
            this.name = name;
        }

        public Builder family(int af) {
            this.family = af;
            return this;
        }

        /** Stores {@code cpu_to_be16(ethP)} ({@code ETH_P_IP} for IPv4). */
        public Builder protocol(int ethP) {
            if (ethP < 0 || ethP > 0xffff) {
                throw new IllegalArgumentException("protocol 0x" + Integer.toHexString(ethP) + " does not fit __be16");
            }
            this.protocol = ethP;
            return this;
        }

        public Builder gcThresh(int thresh) {
            this.gcThresh = thresh;
            return this;
        }

        /**
         * {@code .member = symbol}: the symbol must be registered and implement the member's
         * {@link FnTypes} interface; the member must exist in this kernel's struct.
         */
        public Builder function(String member, String symbol) {
            layout.function(member);
            long addr = memory.symbols().addressOf(symbol);
            Class<?> type = FnTypes.ofDstOpsMember(member);
            Object impl = memory.symbols().lookup(addr).implementation();
            if (!type.isInstance(impl)) {
                throw new IllegalArgumentException("dst_ops." + member + " needs a FnTypes." + type.getSimpleName()
                        + " but " + symbol + " is a " + FnTypes.typeName(impl));
            }
            functions.put(member, addr);
            return this;
        }

        public Builder gc(String symbol) { return function("gc", symbol); }

        public Builder check(String symbol) { return function("check", symbol); }

        public Builder defaultAdvmss(String symbol) { return function("default_advmss", symbol); }

        public Builder defaultMtu(String symbol) { return function("default_mtu", symbol); }

        public Builder cowMetrics(String symbol) { return function("cow_metrics", symbol); }

        public Builder destroy(String symbol) { return function("destroy", symbol); }

        public Builder ifdown(String symbol) { return function("ifdown", symbol); }

        public Builder negativeAdvice(String symbol) { return function("negative_advice", symbol); }

        public Builder linkFailure(String symbol) { return function("link_failure", symbol); }

        public Builder updatePmtu(String symbol) { return function("update_pmtu", symbol); }

        public Builder localOut(String symbol) { return function("local_out", symbol); }

        public Builder kmemCachep(KmemCache cache) {
            this.kmemCachep = cache == null ? 0 : cache.address();
            return this;
        }

        /** Defines the struct in {@code .data} and returns its view. */
        public DstOps build() {
            long a = memory.defineData(name, layout.size(), layout.align());
            String fn = "dst_ops " + name;
            memory.writeU16(a + layout.family(), family, fn);
            int be = memory.abi().bigEndian() ? protocol : Integer.reverseBytes(protocol) >>> 16;
            memory.writeU16(a + layout.protocol(), be, fn);
            memory.writeU32(a + layout.gcThresh(), gcThresh, fn);
            for (Map.Entry<String, Long> e : functions.entrySet()) {
                memory.writePointer(a + layout.function(e.getKey()), e.getValue(), fn);
            }
            memory.writePointer(a + layout.kmemCachep(), kmemCachep, fn);
            return new DstOps(memory, layout, a);
        }
    }
}
