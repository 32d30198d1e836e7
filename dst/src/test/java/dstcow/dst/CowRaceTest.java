package dstcow.dst;

import dstcow.dst.mem.CmpxchgHook;
import dstcow.dst.mem.LeakReport;
import dstcow.dst.mem.MemoryMode;
import dstcow.dst.mem.TraceEvent;
import dstcow.dst.mem.TraceKind;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static dstcow.dst.Rtax.RTAX_MAX;
import static dstcow.dst.Rtax.RTAX_MTU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads racing the first write to one entry: exactly one copy survives, every loser frees its
 * own, nothing leaks, and every pointer returned is the survivor; refcount traffic from many
 * threads is exact.
 *
 * <p>Rounds default to a quick run; {@code -Ddstcow.race.rounds=100000} (and
 * {@code -Ddstcow.race.threads=16}) makes a long one.
 */
class CowRaceTest {

    static final int ROUNDS = Integer.getInteger("dstcow.race.rounds", 200);
    static final int THREADS = Math.max(8, Integer.getInteger("dstcow.race.threads", 8));

    static Stream<Arguments> modesAndAbis() {
        return Stream.of(MemoryMode.values()).flatMap(m -> Stream.of(Abi.X86_64, Abi.I386).map(a -> Arguments.of(m, a)));
    }

    /**
     * Holds every racer at the cmpxchg on one {@code _metrics} word until all have reached it:
     * by then each has read the read-only word, kmalloc'd and filled its copy, which is the
     * kernel's race window. Exactly one exchange can then win.
     */
    private static final class Rendezvous implements CmpxchgHook {
        private final CyclicBarrier barrier;
        private volatile long word;

        Rendezvous(int parties) {
            this.barrier = new CyclicBarrier(parties);
        }

        void arm(long address) {
            this.word = address;
        }

        @Override
        public void beforeCmpxchg(long address, String function) {
            if (address == word && function.equals("dst_cow_metrics_generic")) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError("racers did not all reach the cmpxchg", e);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void racersHeldAtTheCmpxchgLeaveOneCopyAndLosersFreeTheirOwn(MemoryMode mode, Abi abi) throws Exception {
        int rounds = Math.max(1, ROUNDS / 10);
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long shared = f.sharedMetrics(RTAX_MTU, 1500);
            Rendezvous rendezvous = new Rendezvous(THREADS);
            f.mem.setCmpxchgHook(rendezvous);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                for (int round = 0; round < rounds; round++) {
                    long mark = f.mem.mark();
                    long traceMark = k.trace().mark();
                    long dst = f.alloc();
                    k.dstInitMetrics(dst, shared, true);
                    rendezvous.arm(dst + k.offsetOf("_metrics"));
                    List<Long> pointers = race(pool, THREADS, t -> {
                        long p = k.dstMetricsWritePtr(dst);
                        // The pointer must be usable: in checked memory a freed copy would oops here.
                        long slot = p + 4L * (t % RTAX_MAX);
                        f.mem.writeU32(slot, 7000 + t, "racer");
                        f.mem.readU32(slot, "racer");
                        return p;
                    });
                    rendezvous.arm(0);

                    long survivor = k.dstMetricsPtr(dst);
                    List<TraceEvent> events = k.trace().since(traceMark);
                    assertEquals(1, events.stream().filter(e -> e.kind() == TraceKind.CMPXCHG_WON).count(), "round " + round);
                    assertEquals(THREADS - 1, events.stream().filter(e -> e.kind() == TraceKind.CMPXCHG_LOST).count());
                    List<TraceEvent> kmallocs = events.stream().filter(e -> e.kind() == TraceKind.KMALLOC).toList();
                    List<TraceEvent> kfrees = events.stream().filter(e -> e.kind() == TraceKind.KFREE).toList();
                    assertEquals(THREADS, kmallocs.size());
                    assertEquals(THREADS - 1, kfrees.size());
                    for (TraceEvent free : kfrees) {
                        // Each loser frees the copy it allocated itself, on its own thread.
                        assertTrue(kmallocs.stream().anyMatch(a -> a.address() == free.address() && a.thread().equals(free.thread())),
                                "freed by another thread: " + free);
                        assertNotEquals(survivor, free.address());
                    }
                    for (long p : pointers) {
                        assertEquals(survivor, p, "every racer writes to the surviving copy");
                    }
                    LeakReport live = f.mem.leaksSince(mark);
                    assertEquals(2, live.objects().size(), live.toString());
                    assertEquals(survivor, live.objects().get(1).address());
                    k.dstFree(dst);
                    assertTrue(f.mem.leaksSince(mark).isEmpty(), f.mem.leaksSince(mark).toString());
                }
            } finally {
                f.mem.setCmpxchgHook(null);
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void freeRunningRacersLoseNoWriteAndLeakNothing(MemoryMode mode, Abi abi) throws Exception {
        try (Fixture f = Fixture.boot(KernelVersion.PATCHED, abi, mode)) {
            DstKernel k = f.k;
            long shared = f.sharedMetrics(RTAX_MTU, 1500);
            long start = f.mem.liveBytes();
            long allocMark = f.mem.mark();
            long wonBefore = k.trace().count(TraceKind.CMPXCHG_WON);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            int lost = 0;
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    long dst = f.alloc();
                    k.dstInitMetrics(dst, shared, true);
                    long lostBefore = k.trace().count(TraceKind.CMPXCHG_LOST);
                    int r = round;
                    race(pool, THREADS, t -> {
                        int metric = 1 + t % RTAX_MAX;
                        k.dstMetricSet(dst, metric, r * 100 + t);
                        return 0L;
                    });
                    lost += (int) (k.trace().count(TraceKind.CMPXCHG_LOST) - lostBefore);
                    for (int t = 0; THREADS <= RTAX_MAX && t < THREADS; t++) {
                        assertEquals(r * 100 + t, k.dstMetricRaw(dst, 1 + t), "round " + round + ": the write of thread " + t + " was lost");
                    }
                    assertEquals(1, f.mem.leaksSince(allocMark).objects().stream()
                            .filter(o -> o.allocatedBy().equals("dst_cow_metrics_generic")).count(), "one copy survives");
                    k.dstFree(dst);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2L * ROUNDS, k.trace().count(TraceKind.CMPXCHG_WON) - wonBefore,
                    "per round, one COW cmpxchg and one destroy cmpxchg win");
            assertEquals(start, f.mem.liveBytes());
            assertTrue(f.mem.leaksSince(allocMark).isEmpty());
            System.out.printf("free-running COW race, %s %s: %d rounds x %d threads, %d cmpxchg lost%n", abi, mode, ROUNDS, THREADS, lost);
        }
    }

    @ParameterizedTest
    @MethodSource("modesAndAbis")
    void refcountTrafficFromManyThreadsIsExact(MemoryMode mode, Abi abi) throws Exception {
        for (KernelVersion version : KernelVersion.values()) {
            try (Fixture f = Fixture.boot(version, abi, mode)) {
                DstKernel k = f.k;
                long dst = f.alloc();
                int perThread = Math.max(1000, ROUNDS * 10);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                try {
                    race(pool, THREADS, t -> {
                        for (int i = 0; i < perThread; i++) {
                            k.dstHold(dst);
                            k.dstClone(dst);
                            k.dstRelease(dst);
                            if (i % 2 == 0) {
                                k.dstRelease(dst);
                            }
                        }
                        return 0L;
                    });
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(THREADS * (perThread / 2), k.refcnt(dst), version + " kernel");
                assertEquals(0, k.trace().count(TraceKind.WARNING));
            }
        }
    }

    private interface Racer {
        long run(int thread) throws Exception;
    }

    /** Starts {@code n} racers together and returns what each returned, in thread order. */
    private static List<Long> race(ExecutorService pool, int n, Racer racer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int id = t;
            Callable<Long> task = () -> {
                start.await(10, TimeUnit.SECONDS);
                return racer.run(id);
            };
            futures.add(pool.submit(task));
        }
        List<Long> out = new ArrayList<>();
        for (Future<Long> fu : futures) {
            out.add(fu.get(60, TimeUnit.SECONDS));
        }
        return out;
    }
}
