/**
 * Benchmarks of struct access and of the patch's claims (issue 6), in the style of the JMH
 * samples: one question per class, baseline first, the verdict in the names.
 *
 * <ul>
 *   <li>{@link dstcow.tools.bench.MetricReadBench}: what does a metric read cost, through the
 *       patched kernel's shared read-only pointer and the parent's inline array, in fast and
 *       checked memory, against a jextract-style FFM accessor, an on-heap mirror and a plain
 *       {@code int[]}?</li>
 *   <li>{@link dstcow.tools.bench.WritePathBench}: what does the first metric write (COW:
 *       kmalloc, copy, cmpxchg) cost, and the writes after it?</li>
 *   <li>{@link dstcow.tools.bench.FalseSharingBench}: what does refcount traffic on
 *       {@code __refcnt} cost readers of {@code ops}/{@code input}/{@code output}/{@code _metrics}
 *       with the kernel's layout, and with the pad removed?</li>
 *   <li>{@link dstcow.tools.bench.MemoryFootprint}: bytes per route-cache entry (a computation
 *       from the allocator's accounting, not a timing).</li>
 *   <li>{@link dstcow.tools.bench.NativeBaseline}: the same accesses in C over the same layouts,
 *       offsets generated from the layout module, built with {@code gcc -O2} at run time.</li>
 * </ul>
 * {@link dstcow.tools.bench.BenchSuite} runs them all (through the JMH Runner API) for
 * {@code dstcow bench}.
 */
package dstcow.tools.bench;
