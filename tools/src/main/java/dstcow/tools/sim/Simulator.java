package dstcow.tools.sim;

import dstcow.dst.DstKernel;
import dstcow.dst.Rtax;
import dstcow.dst.mem.CacheStats;
import dstcow.dst.mem.Failslab;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.mem.MemoryMode;
import dstcow.ipv4.Ipv4Error;
import dstcow.ipv4.Ipv4Stack;
import dstcow.ipv4.Rtable;
import dstcow.ipv4.net.Inet;
import dstcow.layout.abi.Abi;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.xfrm.Bundle;
import dstcow.xfrm.XfrmStack;
import dstcow.xfrm.XfrmState;
import dstcow.xfrm.state.EspParams;
import dstcow.xfrm.state.XfrmStates;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * A routing workload on the emulated kernel, to test the commit message's claims: N FIB routes,
 * M route-cache entries (one per destination, each held by a reference), then M operations drawn
 * from the {@link Mix}: reads ({@code dst_mtu}, {@code dst_metric_advmss}), PMTU events
 * ({@code ip_rt_update_pmtu}), TCP metric updates ({@code dst_metric_set},
 * {@code set_dst_metric_rtt}), IPsec bundles over an entry, and expiries ({@code rt_del}, then
 * a fresh lookup). Memory comes from the emulator's allocator accounting; cache lines from the
 * addresses the read path touches.
 */
public final class Simulator {

    /** Routes are /20 prefixes under 11.0.0.0/8: at most 4096 of them, 4094 hosts each. */
    public static final int MAX_ROUTES = 4096;
    public static final int HOSTS_PER_ROUTE = 4094;
    /** Reads whose cache lines are collected for the working-set figure (a bound on memory use). */
    static final int LINE_SAMPLE = 200_000;

    public record Config(KernelVersion kernel, Abi abi, int routes, int entries, Mix mix, Failslab failslab,
                         long seed, MemoryMode mode) {
        public Config {
            if (routes < 1 || routes > MAX_ROUTES) {
                throw new IllegalArgumentException("--routes " + routes + " is not allowed: 1 to " + MAX_ROUTES);
            }
            if (entries < 1 || (long) entries > (long) routes * HOSTS_PER_ROUTE) {
                throw new IllegalArgumentException("--entries " + entries + " is not allowed: 1 to routes x " + HOSTS_PER_ROUTE
                        + " (" + (long) routes * HOSTS_PER_ROUTE + " with --routes " + routes + ")");
            }
        }
    }

    /**
     * What one run measured. Bytes are live slab bytes at the end of the operations, with every
     * entry and bundle still held.
     */
    public record Result(KernelVersion kernel, Abi abi, int routes, int entries, String mix,
                         long reads, long pmtuEvents, long tcpUpdates, long bundles, long expiries,
                         long dstCacheObjects, long dstCacheBytes, long kmalloc64Objects, long kmalloc64Bytes,
                         long xfrmCacheBytes, long totalBytes, double bytesPerEntry, long predictedEntryBytes,
                         long cows, long failedCows, long droppedWrites, double linesPerRead, long workingSetLines,
                         long wallMillis, String leakCheck) {
        /** What one {@code ip_dst_cache} object really takes: the slab's bytes over its live objects. */
        public long dstObjectBytes() {
            return dstCacheObjects == 0 ? 0 : dstCacheBytes / dstCacheObjects;
        }
    }

    private Simulator() {
    }

    /** Object size of the {@code ip_dst_cache} slab as the layouts predict it: {@code sizeof(struct rtable)}, HW-cache aligned. */
    public static long predictedEntryBytes(KernelVersion v, Abi abi) {
        RecordLayout rt = LayoutEngine.layout(dstcow.layout.kernel.Rtable.of(v), KernelConfig.defaults(abi));
        long line = abi.l1CacheBytes();
        return (rt.size() + line - 1) / line * line;
    }

    public static Result run(Config c, LongConsumer progress) {
        long started = System.nanoTime();
        long heap = heapFor(c.entries(), c.abi());
        // As many buckets as entries (the kernel sizes rt_hash_table by memory): gc_thresh is the bucket
        // count, so a cache of held entries never enters rt_garbage_collect's slow path.
        int buckets = Integer.highestOneBit(Math.max(256, c.entries() * 2 - 1));
        try (DstKernel k = DstKernel.builder(c.kernel(), c.abi()).mode(c.mode()).heapBytes(heap).traceCapacity(1).build()) {
            k.trace().setEnabled(false);
            Ipv4Stack s = Ipv4Stack.boot(k, buckets, c.seed());
            XfrmStack ipsec = XfrmStack.boot(s);
            s.addDevice("eth0", 1500, "10.0.0.1/8");
            for (int i = 0; i < c.routes(); i++) {
                int prefix = (11 << 24) | (i << 12);
                int mtu = 1500 - 20 * (i % 5);
                s.addRoute(Inet.format(prefix) + "/20 via 10.0.0.254 dev eth0 mtu " + mtu + " advmss " + (mtu - 40)
                        + " rtt " + (800 + 8 * (i % 7)) + " window 65535");
            }
            XfrmState sa = ipsec.addState(EspParams.aesCbcSha1(XfrmStates.XFRM_MODE_TRANSPORT), "10.0.0.1", "11.0.0.1", 0x100);
            if (c.failslab() != null) {
                k.memory().setFailslab(c.failslab());
            }
            Rtable[] entries = new Rtable[c.entries()];
            int[] dest = new int[c.entries()];
            long total = (long) c.entries() * 2;
            long done = 0;
            for (int j = 0; j < c.entries(); j++) {
                int route = j % c.routes();
                int host = 1 + j / c.routes();
                dest[j] = (11 << 24) | (route << 12) | host;
                entries[j] = lookup(s, dest[j]);
                if (++done % 4096 == 0) {
                    progress.accept(done * 1000 / total);
                }
            }
            SplittableRandom r = new SplittableRandom(c.seed());
            long reads = 0, pmtu = 0, tcp = 0, expiries = 0, cows = 0, failedCows = 0, dropped = 0, lineSum = 0, lineReads = 0;
            Set<Long> workingSet = new HashSet<>();
            List<Bundle> bundles = new ArrayList<>();
            int line = c.abi().l1CacheBytes();
            long offNext = k.offsetOf("next");
            long offRefcnt = k.offsetOf("__refcnt");
            long offUse = k.offsetOf("__use");
            long offLastuse = k.offsetOf("lastuse");
            long offMetrics = k.offsetOf("_metrics");
            for (int op = 0; op < c.entries(); op++) {
                int j = r.nextInt(c.entries());
                Rtable rt = entries[j];
                if (rt == null) {
                    rt = entries[j] = lookup(s, dest[j]);
                    if (rt == null) {
                        continue;
                    }
                }
                switch (c.mix().pick(r)) {
                    case READ -> {
                        reads++;
                        int mtu = rt.mtu();
                        int advmss = rt.advmss();
                        if (mtu == 0 || advmss == 0) {
                            throw new IllegalStateException("entry " + rt + " read mtu " + mtu + ", advmss " + advmss);
                        }
                        if (lineReads < LINE_SAMPLE) {
                            // The cache-hit path of ip_route_output_key and the two metric reads: the chain link,
                            // dst_use's refcount/use/lastuse, the metrics word or array, RTAX_MTU and RTAX_ADVMSS.
                            long a = rt.address();
                            long m = rt.metricsAddress();
                            long[] touched = {a + offNext, a + offRefcnt, a + offUse, a + offLastuse, a + offMetrics,
                                    m + 4L * Rtax.slot(Rtax.RTAX_MTU), m + 4L * Rtax.slot(Rtax.RTAX_ADVMSS)};
                            Set<Long> lines = new HashSet<>();
                            for (long t : touched) {
                                lines.add(t / line);
                            }
                            lineSum += lines.size();
                            lineReads++;
                            workingSet.addAll(lines);
                        }
                    }
                    case PMTU -> {
                        pmtu++;
                        int want = Math.max(576, rt.mtu() - 8);
                        boolean readOnly = readOnly(k, rt);
                        s.updatePmtu(rt, want);
                        if (rt.mtu() != want) {
                            dropped++;
                            failedCows += readOnly ? 1 : 0;
                        } else if (readOnly && !readOnly(k, rt)) {
                            cows++;
                        }
                    }
                    case TCP -> {
                        tcp++;
                        int cwnd = 10 + r.nextInt(30);
                        boolean readOnly = readOnly(k, rt);
                        s.setMetric(rt, Rtax.RTAX_CWND, cwnd);
                        if (rt.metric(Rtax.RTAX_CWND) != cwnd) {
                            dropped++;
                            failedCows += readOnly ? 1 : 0;
                        } else {
                            cows += readOnly && !readOnly(k, rt) ? 1 : 0;
                            s.setRtt(rt, Rtax.RTAX_RTT, 25 + r.nextInt(25));
                        }
                    }
                    case IPSEC -> {
                        try {
                            bundles.add(ipsec.bundle(rt, sa));
                        } catch (Ipv4Error e) {
                            failedCows++;
                        }
                    }
                    case EXPIRE -> {
                        expiries++;
                        s.route().rtDel(s.route().rtHash(dest[j], 0, 0, s.route().rtGenid()), rt.address());
                        entries[j] = lookup(s, dest[j]);
                    }
                }
                if (++done % 4096 == 0) {
                    progress.accept(done * 1000 / total);
                }
            }
            progress.accept(1000);
            CacheStats dstCache = k.memory().stats("ip_dst_cache");
            CacheStats k64 = k.memory().stats("kmalloc-64");
            CacheStats xfrmCache = k.memory().stats("xfrm_dst_cache");
            long totalBytes = k.memory().liveBytes();
            long wall = (System.nanoTime() - started) / 1_000_000;
            for (Bundle b : bundles) {
                ipsec.release(b);
            }
            for (Rtable e : entries) {
                if (e != null) {
                    s.release(e);
                }
            }
            k.memory().setFailslab(Failslab.never());
            LeakReport leaks = ipsec.shutdown();
            return new Result(c.kernel(), c.abi(), c.routes(), c.entries(), c.mix().toString(), reads, pmtu, tcp, bundles.size(),
                    expiries, dstCache.liveObjects(), dstCache.liveBytes(), k64.liveObjects(), k64.liveBytes(), xfrmCache.liveBytes(),
                    totalBytes, (double) (dstCache.liveBytes() + k64.liveBytes()) / c.entries(), predictedEntryBytes(c.kernel(), c.abi()),
                    cows, failedCows, dropped, lineReads == 0 ? 0 : (double) lineSum / lineReads, workingSet.size(), wall,
                    leaks.isEmpty() ? "no leaks" : leaks.toString());
        }
    }

    /** Emulated heap for a run: the entries, their copies and bundles, and the boot-time objects. */
    static long heapFor(int entries, Abi abi) {
        long want = (long) entries * 640 + (8L << 20);
        if (abi.is64Bit()) {
            return Math.max(want, 64L << 20);
        }
        long max = 16L * 1024 * 1024 - 128 * 1024 - 16 * 1024;
        if (want > max) {
            throw new IllegalArgumentException("--entries " + entries + " needs about " + want / (1 << 20) + " MiB of emulated heap; "
                    + abi + " is 32-bit, whose lowmem below the kernel image holds at most 16 MiB: use at most "
                    + (max - (8L << 20)) / 640 + " entries there, or a 64-bit ABI");
        }
        return max;
    }

    private static boolean readOnly(DstKernel k, Rtable rt) {
        return k.version() == KernelVersion.PATCHED && (k.metricsWord(rt.address()) & DstKernel.DST_METRICS_READ_ONLY) != 0;
    }

    /** A lookup that survives an allocation failure (the kernel returns -ENOBUFS; the entry is simply missing). */
    private static Rtable lookup(Ipv4Stack s, int daddr) {
        try {
            return s.outputRoute(Inet.format(daddr));
        } catch (Ipv4Error e) {
            return null;
        }
    }
}
