package dstcow.dst.mem;

import java.util.HashMap;
import java.util.Map;

/**
 * A slab cache ({@code struct kmem_cache *}): the kmalloc size classes and the caches made by
 * {@link KernelMemory#kmemCacheCreate}. Its {@link #address()} is the emulated address of its
 * {@code struct kmem_cache}, which is what native structs store ({@code dst_ops.kmem_cachep});
 * {@link KernelMemory#cacheAt} maps it back.
 *
 * <p>Allocation state and accounting are guarded by the owning memory's lock.
 */
public final class KmemCache {

    private final KernelMemory memory;
    private final String name;
    private final long objectSize;
    private final long requestedSize;
    private final long align;
    private final int slabPages;
    private final boolean kmalloc;
    private long address;

    // Allocator state, guarded by memory.lock.
    final LongStack freelist = new LongStack();
    final Map<Long, LongStack> largeFreelists = new HashMap<>();
    long liveObjects;
    long liveBytes;
    long highWaterObjects;
    long highWaterBytes;
    long allocations;
    long frees;
    long failures;
    boolean destroyed;

    KmemCache(KernelMemory memory, String name, long objectSize, long requestedSize, long align, int slabPages, boolean kmalloc) {
        this.memory = memory;
        this.name = name;
        this.objectSize = objectSize;
        this.requestedSize = requestedSize;
        this.align = align;
        this.slabPages = slabPages;
        this.kmalloc = kmalloc;
    }

    void setAddress(long address) { this.address = address; }

    public String name() { return name; }

    /** Bytes per object slot: the requested size rounded up to the alignment (0 for {@code kmalloc-large}). */
    public long objectSize() { return objectSize; }

    /** The object size given to {@code kmem_cache_create} (for kmalloc caches, the class size). */
    public long requestedSize() { return requestedSize; }

    /** The object alignment the cache guarantees. */
    public long align() { return align; }

    /** Pages per slab. */
    public int slabPages() { return slabPages; }

    /** Whether this is one of the kmalloc size classes. */
    public boolean kmalloc() { return kmalloc; }

    /** The emulated address of this cache's {@code struct kmem_cache}. */
    public long address() { return address; }

    public CacheStats stats() {
        return memory.stats(this);
    }

    void recordAlloc(long bytes) {
        allocations++;
        liveObjects++;
        liveBytes += bytes;
        highWaterObjects = Math.max(highWaterObjects, liveObjects);
        highWaterBytes = Math.max(highWaterBytes, liveBytes);
    }

    void recordFree(long bytes) {
        frees++;
        liveObjects--;
        liveBytes -= bytes;
    }

    CacheStats snapshot() {
        return new CacheStats(name, objectSize, liveObjects, liveBytes, highWaterObjects, highWaterBytes, allocations, frees, failures);
    }

    @Override
    public String toString() {
        return name + " (" + (objectSize == 0 ? "page-sized" : objectSize + "-byte") + " objects, align " + align + ")";
    }
}
