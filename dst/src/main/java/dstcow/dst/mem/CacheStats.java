package dstcow.dst.mem;

/**
 * Accounting of one slab cache at one moment, as {@code /proc/slabinfo} would show it.
 *
 * @param name              the cache ({@code kmalloc-64}, {@code dst_entry})
 * @param objectSize        bytes per object slot (0 for {@code kmalloc-large}, whose objects vary)
 * @param liveObjects       objects allocated and not freed
 * @param liveBytes         bytes of their slots (what they cost, not what was asked for)
 * @param highWaterObjects  the most objects ever live at once
 * @param highWaterBytes    the most bytes ever live at once
 * @param allocations       successful allocations
 * @param frees             frees
 * @param failures          allocations that returned NULL (failslab or out of memory)
 */
public record CacheStats(String name, long objectSize, long liveObjects, long liveBytes, long highWaterObjects,
                         long highWaterBytes, long allocations, long frees, long failures) {

    @Override
    public String toString() {
        return String.format("%-20s obj %5d  live %5d (%7d B)  hwm %5d (%7d B)  alloc %6d  free %6d  failed %4d",
                name, objectSize, liveObjects, liveBytes, highWaterObjects, highWaterBytes, allocations, frees, failures);
    }
}
