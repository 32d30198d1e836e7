package dstcow.dst.mem;

/**
 * A slab object that is still allocated.
 *
 * @param address     its emulated address
 * @param cache       the cache it came from
 * @param slotSize    bytes its slot occupies
 * @param requested   bytes the caller asked for
 * @param allocatedBy the kernel function that allocated it
 * @param seq         its allocation number (compare with {@link KernelMemory#mark()})
 */
public record LiveObject(long address, String cache, long slotSize, long requested, String allocatedBy, long seq) {
}
