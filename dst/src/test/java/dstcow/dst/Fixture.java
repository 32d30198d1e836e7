package dstcow.dst;

import dstcow.dst.mem.KernelMemory;
import dstcow.dst.mem.KmemCache;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.ops.DstOps;
import dstcow.dst.ops.FnTypes;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A booted kernel with what the dst tests need: a device MTU of 1500 behind
 * {@code default_mtu}/{@code default_advmss}, a {@code test_dst_cache} of entries and a
 * {@code test_dst_ops} table whose {@code destroy} counts its calls and, on 62fa8a84, frees
 * COW'd metrics as DECnet's {@code dn_dst_destroy} does.
 */
final class Fixture implements AutoCloseable {
    static final int DEVICE_MTU = 1500;
    static final int DEVICE_ADVMSS = DEVICE_MTU - 40;

    final DstKernel k;
    final KernelMemory mem;
    final KmemCache cache;
    final DstOps ops;
    final AtomicInteger destroyed = new AtomicInteger();

    private Fixture(DstKernel k) {
        this.k = k;
        this.mem = k.memory();
        k.symbols().register("test_default_mtu", (FnTypes.DefaultMtu) dst -> DEVICE_MTU);
        k.symbols().register("test_default_advmss", (FnTypes.DefaultAdvmss) dst -> DEVICE_ADVMSS);
        boolean patched = k.version() == KernelVersion.PATCHED;
        k.symbols().register("test_dst_destroy", (FnTypes.Destroy) dst -> {
            destroyed.incrementAndGet();
            if (patched) {
                k.dstDestroyMetricsGeneric(dst);
            }
        });
        cache = mem.kmemCacheCreate("test_dst_cache", k.sizeofDstEntry(), 0, KernelMemory.SLAB_HWCACHE_ALIGN, "test_init");
        DstOps.Builder b = k.dstOpsBuilder("test_dst_ops")
                .family(DstOps.AF_INET)
                .protocol(DstOps.ETH_P_IP)
                .defaultMtu("test_default_mtu")
                .defaultAdvmss("test_default_advmss")
                .destroy("test_dst_destroy")
                .kmemCachep(cache);
        if (patched) {
            b.cowMetrics("dst_cow_metrics_generic");
        }
        ops = b.build();
    }

    static Fixture boot(KernelVersion version, Abi abi, MemoryMode mode) {
        return new Fixture(DstKernel.boot(version, abi, mode));
    }

    boolean patched() {
        return k.version() == KernelVersion.PATCHED;
    }

    /** {@code dst_alloc(&test_dst_ops)}, which must succeed. */
    long alloc() {
        long dst = k.dstAlloc(ops.address());
        assertNotEquals(0, dst, "dst_alloc returned NULL");
        return dst;
    }

    /** A kzalloc'd {@code u32[RTAX_MAX]} standing in for {@code fi->fib_metrics}, filled with {@code metric, value} pairs. */
    long sharedMetrics(int... metricValuePairs) {
        long p = mem.kzalloc(Rtax.METRICS_BYTES, "fib_create_info");
        for (int i = 0; i < metricValuePairs.length; i += 2) {
            mem.writeU32(p + 4L * Rtax.slot(metricValuePairs[i]), metricValuePairs[i + 1], "fib_create_info");
        }
        return p;
    }

    /** The 14 values of the metrics array at {@code p}. */
    int[] metricsAt(long p) {
        int[] v = new int[Rtax.RTAX_MAX];
        for (int i = 0; i < v.length; i++) {
            v[i] = mem.readU32(p + 4L * i, "test");
        }
        return v;
    }

    /** The 14 values as the entry's accessor reads them. */
    int[] metricsOf(long dst) {
        int[] v = new int[Rtax.RTAX_MAX];
        for (int m = 1; m <= Rtax.RTAX_MAX; m++) {
            v[m - 1] = k.dstMetricRaw(dst, m);
        }
        return v;
    }

    @Override
    public void close() {
        k.close();
    }
}
