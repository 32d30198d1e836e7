package dstcow.dst.mem;

import java.util.SplittableRandom;

/**
 * Fault injection for slab allocations, after the kernel's failslab
 * (Documentation/fault-injection/fault-injection.txt): fail with a probability drawn from a
 * seeded generator, or fail the Nth allocation, optionally only in one cache, at most
 * {@code times} times. Install it with {@link KernelMemory#setFailslab(Failslab)}; a failed
 * allocation returns NULL and is recorded as {@link TraceKind#ALLOC_FAILED}.
 *
 * <p>Instances are configured through the factories and the {@code only...}/{@code times}
 * copies, and carry their own counters, so the same plan reproduces the same failures.
 */
public final class Failslab {

    private enum Rule { NEVER, ALWAYS, PROBABILITY, NTH }

    private final Rule rule;
    private final double probability;
    private final long seed;
    private final long nth;
    private final String cache;
    private final long times;

    private SplittableRandom random;
    private long attempts;
    private long failures;

    private Failslab(Rule rule, double probability, long seed, long nth, String cache, long times) {
        this.rule = rule;
        this.probability = probability;
        this.seed = seed;
        this.nth = nth;
        this.cache = cache;
        this.times = times;
        this.random = new SplittableRandom(seed);
    }

    /** Never fails: the default. */
    public static Failslab never() {
        return new Failslab(Rule.NEVER, 0, 0, 0, null, -1);
    }

    /** Fails every matching allocation. */
    public static Failslab always() {
        return new Failslab(Rule.ALWAYS, 1, 0, 0, null, -1);
    }

    /** Fails each matching allocation with probability {@code p}, drawn from a generator seeded with {@code seed}. */
    public static Failslab probability(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("failslab probability " + p + " is not in [0, 1]");
        }
        return new Failslab(Rule.PROBABILITY, p, seed, 0, null, -1);
    }

    /** Fails the {@code n}th matching allocation from now (1 = the next one), once. */
    public static Failslab nth(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("failslab nth " + n + " must be at least 1 (1 = the next allocation)");
        }
        return new Failslab(Rule.NTH, 0, 0, n, null, 1);
    }

    /** A copy that only considers allocations from the named cache ({@code kmalloc-64}, {@code ip_dst_cache}). */
    public Failslab onlyCache(String cacheName) {
        return new Failslab(rule, probability, seed, nth, cacheName, times);
    }

    /** A copy that fails at most {@code n} times ({@code -1}: no limit). */
    public Failslab times(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("failslab times " + n + " must be -1 (no limit) or at least 0");
        }
        return new Failslab(rule, probability, seed, nth, cache, n);
    }

    /** Decides for one allocation; called by the allocator under its lock. */
    synchronized boolean shouldFail(String cacheName) {
        if (rule == Rule.NEVER || (cache != null && !cache.equals(cacheName))) {
            return false;
        }
        attempts++;
        if (times >= 0 && failures >= times) {
            return false;
        }
        boolean fail = switch (rule) {
            case ALWAYS -> true;
            case PROBABILITY -> random.nextDouble() < probability;
            case NTH -> attempts == nth;
            case NEVER -> false;
        };
        if (fail) {
            failures++;
        }
        return fail;
    }

    /** Matching allocations seen so far. */
    public synchronized long attempts() { return attempts; }

    /** Allocations failed so far. */
    public synchronized long failures() { return failures; }

    @Override
    public String toString() {
        String what = switch (rule) {
            case NEVER -> "never";
            case ALWAYS -> "always";
            case PROBABILITY -> "probability " + probability + " (seed " + seed + ")";
            case NTH -> "allocation #" + nth;
        };
        return "failslab: " + what + (cache == null ? "" : " in " + cache)
                + (times < 0 || rule == Rule.NTH ? "" : ", at most " + times + " times");
    }
}
