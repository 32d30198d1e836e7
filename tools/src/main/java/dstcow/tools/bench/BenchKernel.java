package dstcow.tools.bench;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;

/**
 * An emulated kernel set up the way the IPv4 route cache uses the dst layer, for the
 * benchmarks: a slab cache of entries created as {@code ip_rt_init()} creates
 * {@code ip_dst_cache} ({@code SLAB_HWCACHE_ALIGN}), an ops table with the device's MTU behind
 * {@code default_mtu} and, on 62fa8a84, {@code dst_cow_metrics_generic} and a {@code destroy}
 * that frees COW'd metrics, and one route's metrics ({@code fi->fib_metrics}: MTU, ADVMSS, RTT)
 * that entries share (patched) or import (parent). The trace is off: benchmarks measure the
 * port, not its bookkeeping.
 */
public final class BenchKernel implements AutoCloseable {

    public static final int DEVICE_MTU = 1500;
    public static final int ROUTE_MTU = 1400;
    public static final int ROUTE_ADVMSS = ROUTE_MTU - 40;
    public static final int ROUTE_RTT_MS = 100;

    public final DstKernel k;
    public final KernelMemory mem;
    public final KmemCache cache;
    public final DstOps ops;
    /** The route's {@code u32 fib_metrics[RTAX_MAX]} (kzalloc'd, as {@code fib_create_info} does). */
    public final long fibMetrics;
    private final long opsAddress;
    private final boolean patched;

    private BenchKernel(DstKernel k, String cacheName, long entryBytes) {
        this.k = k;
        this.mem = k.memory();
        this.patched = k.version() == KernelVersion.PATCHED;
        k.trace().setEnabled(false);
        k.symbols().register("bench_default_mtu", (FnTypes.DefaultMtu) dst -> DEVICE_MTU);
        k.symbols().register("bench_default_advmss", (FnTypes.DefaultAdvmss) dst -> DEVICE_MTU - 40);
        this.cache = mem.kmemCacheCreate(cacheName, entryBytes, 0, KernelMemory.SLAB_HWCACHE_ALIGN, "ip_rt_init");
        DstOps.Builder b = k.dstOpsBuilder("bench_dst_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .defaultMtu("bench_default_mtu")
                .defaultAdvmss("bench_default_advmss")
                .kmemCachep(cache);
        if (patched) {
            k.symbols().register("bench_dst_destroy", (FnTypes.Destroy) k::dstDestroyMetricsGeneric);
            b.cowMetrics("dst_cow_metrics_generic").destroy("bench_dst_destroy");
        }
        this.ops = b.build();
        this.opsAddress = ops.address();
        this.fibMetrics = mem.kzalloc(Rtax.METRICS_BYTES, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(Rtax.RTAX_MTU), ROUTE_MTU, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(Rtax.RTAX_ADVMSS), ROUTE_ADVMSS, "fib_create_info");
        mem.writeU32(fibMetrics + 4L * Rtax.slot(Rtax.RTAX_RTT), ROUTE_RTT_MS, "fib_create_info");
    }

    /** A kernel whose entries are {@code struct dst_entry}-sized. */
    public static BenchKernel boot(KernelVersion version, Abi abi, MemoryMode mode, long heapBytes) {
        DstKernel k = DstKernel.builder(version, abi).mode(mode).heapBytes(heapBytes).traceCapacity(1).build();
        return new BenchKernel(k, "bench_dst_cache", k.sizeofDstEntry());
    }

    /** A kernel whose entries are {@code entryBytes} long, from a cache named {@code cacheName} ({@code ip_dst_cache} for rtables). */
    public static BenchKernel boot(KernelVersion version, Abi abi, MemoryMode mode, long heapBytes, String cacheName, long entryBytes) {
        DstKernel k = DstKernel.builder(version, abi).mode(mode).heapBytes(heapBytes).traceCapacity(1).build();
        try {
            return new BenchKernel(k, cacheName, entryBytes);
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    public boolean patched() {
        return patched;
    }

    /**
     * A route cache entry for the route: {@code dst_alloc}, then its metrics as
     * {@code rt_set_nexthop} sets them: pointed at read-only (patched) or copied in (parent).
     */
    public long newRoute() {
        long dst = k.dstAlloc(opsAddress);
        if (dst == 0) {
            throw new IllegalStateException("dst_alloc returned NULL in " + mem + ": the heap is too small for the benchmark");
        }
        attachRouteMetrics(dst);
        return dst;
    }

    /** Points (patched) or copies (parent) the route's metrics into {@code dst}: the state of a fresh entry. */
    public void attachRouteMetrics(long dst) {
        if (patched) {
            k.dstInitMetrics(dst, fibMetrics, true);
        } else {
            k.dstImportMetrics(dst, fibMetrics);
        }
    }

    /**
     * Puts an entry back to how {@link #newRoute()} left it: on 62fa8a84 the COW'd copy is freed
     * ({@code dst_destroy_metrics_generic}) and the shared metrics are pointed at again.
     */
    public void resetRoute(long dst) {
        if (patched) {
            k.dstDestroyMetricsGeneric(dst);
        }
        attachRouteMetrics(dst);
    }

    /** {@code dst_destroy}: frees the entry (and on 62fa8a84 its private metrics). */
    public void destroy(long dst) {
        k.dstDestroy(dst);
    }

    /** Fails unless {@code actual == expected}: a benchmark that measures a wrong result measures nothing. */
    public static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
        }
    }

    @Override
    public void close() {
        k.close();
    }
}
