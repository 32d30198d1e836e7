package dstcow.dst.mem;

import dstcow.layout.abi.Abi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An emulated kernel address space over native memory: one FFM {@link Arena} holding an
 * emulated {@code .rodata}, {@code .data} and slab heap at deterministic kernel-like addresses,
 * with the ABI's pointer width and byte order; a SLUB-like allocator ({@code kmalloc} size
 * classes, {@code kmem_cache}s) with accounting, failslab-style fault injection and a leak
 * report; an emulated {@code .text} of function symbols; and a {@link Trace}.
 *
 * <h2>Address map</h2>
 * <pre>
 *                 64-bit ABIs                    32-bit ABIs
 * .text           0xffffffff81000000 (symbols)   0xc1000000 (symbols)
 * .rodata         0xffff880000000000  64 KiB     0xc0000000  64 KiB
 * .data           0xffff880000010000  64 KiB     0xc0010000  64 KiB
 * slab heap       0xffff880000020000  heapBytes  0xc0020000  heapBytes (at most 16 MiB - 128 KiB,
 *                                                            below the kernel image at 0xc1000000)
 * </pre>
 * The first page is never mapped: an access below {@link #PAGE_SIZE} is a NULL pointer
 * dereference. Emulated address {@code a} lives at segment offset {@code a - dataBase()}: no
 * access ever looks an address up in a map.
 *
 * <h2>Modes</h2>
 * In {@link MemoryMode#CHECKED} every access is validated under the memory's lock against the
 * slab metadata and reported as a {@link KernelOops} when wrong; freed and uninitialised slab
 * memory is poisoned with {@link #POISON_FREE}. In {@link MemoryMode#FAST} an access is one
 * unsigned comparison (is it inside this memory? if not, an oops rather than a JVM crash), one
 * addition and one FFM access through a constant segment spanning the address space, with the
 * ABI's byte order. Both modes lay memory out identically (freed objects pass through the same
 * quarantine before reuse), so the same run gives the same addresses in both.
 *
 * <p>Fast mode needs {@code --enable-native-access} (it calls {@code MemorySegment.reinterpret});
 * without it the JDK prints a warning. Close the memory only when no thread uses it.
 *
 * <h2>Values</h2>
 * {@code u32} values travel as Java {@code int} bits, {@code u64} and {@code unsigned long}
 * as {@code long} bits ({@code unsigned long} zero-extended on 32-bit ABIs). Every access names
 * the kernel function making it, for oops messages.
 */
public final class KernelMemory extends MemoryAccess implements AutoCloseable {

    public static final long PAGE_SIZE = 4096;
    /** What {@code kmalloc(0)} returns (include/linux/slab.h): not NULL, but never dereferenceable. */
    public static final long ZERO_SIZE_PTR = 16;
    public static final long DATA_BASE_64 = 0xffff880000000000L;
    public static final long TEXT_BASE_64 = 0xffffffff81000000L;
    public static final long DATA_BASE_32 = 0xc0000000L;
    public static final long TEXT_BASE_32 = 0xc1000000L;
    public static final long RODATA_BYTES = 64 * 1024;
    public static final long DATA_BYTES = 64 * 1024;
    public static final long DEFAULT_HEAP_BYTES = 4L * 1024 * 1024;
    /** SLUB's largest kmalloc cache ({@code SLUB_MAX_SIZE = 2 * PAGE_SIZE}); larger requests take whole pages. */
    public static final long KMALLOC_MAX_CACHE_SIZE = 2 * PAGE_SIZE;
    /** {@code SLAB_HWCACHE_ALIGN} (include/linux/slab.h): align objects on cache lines. */
    public static final int SLAB_HWCACHE_ALIGN = 0x00002000;
    /** SLUB's {@code POISON_FREE}: freed and uninitialised objects read as {@code 0x6b6b6b6b}. */
    public static final byte POISON_FREE = 0x6b;
    /**
     * Bytes of the stand-in {@code struct kmem_cache} behind each cache's address. SLUB's real
     * descriptor is not modelled: only its address matters to the structs that point to it.
     */
    public static final long KMEM_CACHE_STANDIN_SIZE = 128;

    /** Spare bytes after the emulated memory, so that fast mode's bound check can ignore the access size. */
    private static final long SLACK = 8;

    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Atomics need naturally aligned handles; FFM refuses a misaligned atomic access. */
    private static final VarHandle A32_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle A32_BE = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).varHandle();
    private static final VarHandle A64_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle A64_BE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN).varHandle();

    private final Abi abi;
    private final MemoryMode mode;
    private final boolean checked;
    private final boolean bigEndian;
    private final boolean wide;
    private final int pointerSize;
    private final Arena arena;
    private final MemorySegment seg;
    private final long dataBase;
    private final long textBase;
    private final long dataSize;
    private final long heapStart;
    private final long kmallocMinSize;
    private final long kmallocMinAlign;
    private final long slabMinAlign;
    private final Trace trace;
    private final SymbolTable symbols;
    private final Object lock = new Object();

    // Guarded by lock.
    private final TreeMap<Long, StaticObject> statics = new TreeMap<>();
    private final Map<String, StaticObject> staticsByName = new HashMap<>();
    private long rodataBump;
    private long dataBump;
    private long heapBump;
    private final Slab[] pageSlab;
    private final List<Slab> slabs = new ArrayList<>();
    private final Map<String, KmemCache> cachesByName = new LinkedHashMap<>();
    private final Map<Long, KmemCache> cachesByAddress = new HashMap<>();
    private final TreeMap<Long, KmemCache> kmallocBySize = new TreeMap<>();
    private final KmemCache kmallocLarge;
    private final ArrayDeque<Long> quarantine = new ArrayDeque<>();
    private final long quarantineLimit;
    private long quarantineBytes;
    private long allocSeq;
    private long liveBytes;
    private long liveObjects;
    private Failslab failslab = Failslab.never();
    private volatile CmpxchgHook cmpxchgHook;
    private volatile boolean closed;
    /** Fast mode's bound: {@code dataSize} while open, 0 once closed (so every fast access fails). */
    private long fastLimit;
    /** The code running on this memory, each with its copy of the window; flushed on close. Guarded by lock. */
    private final List<MemoryAccess> attached = new ArrayList<>();
    /** Native address minus emulated address: fast mode adds it to reach the arena's memory. */
    private final long nativeDelta;

    private KernelMemory(Builder b) {
        this.abi = b.abi;
        this.mode = b.mode;
        this.checked = b.mode == MemoryMode.CHECKED;
        this.bigEndian = b.abi.bigEndian();
        this.pointerSize = b.abi.pointerSize();
        this.wide = pointerSize == 8;
        if (b.abi.longSize() != pointerSize) {
            throw new IllegalArgumentException("ABI " + b.abi + " has " + b.abi.longSize() + "-byte long but "
                    + pointerSize + "-byte pointers; the emulator needs sizeof(long) == sizeof(void *), as Linux does");
        }
        long heap = roundUp(b.heapBytes, PAGE_SIZE);
        this.dataBase = wide ? DATA_BASE_64 : DATA_BASE_32;
        this.textBase = wide ? TEXT_BASE_64 : TEXT_BASE_32;
        this.heapStart = RODATA_BYTES + DATA_BYTES;
        this.dataSize = heapStart + heap;
        if (!wide && dataSize > TEXT_BASE_32 - DATA_BASE_32) {
            throw new IllegalArgumentException("heap of " + b.heapBytes + " bytes does not fit on " + abi
                    + ": 32-bit lowmem below the kernel image at 0xc1000000 holds at most "
                    + (TEXT_BASE_32 - DATA_BASE_32 - heapStart) + " bytes of heap");
        }
        this.slabMinAlign = archSlabMinalign(abi);
        this.kmallocMinAlign = archKmallocMinalign(abi);
        this.kmallocMinSize = Math.max(8, kmallocMinAlign);
        this.quarantineLimit = b.quarantineBytes >= 0 ? b.quarantineBytes : Math.min(heap / 8, 256 * 1024);
        this.arena = Arena.ofShared();
        this.seg = arena.allocate(dataSize + SLACK, PAGE_SIZE);
        this.nativeDelta = seg.address() - dataBase;
        this.fastLimit = dataSize;
        window(window(), nativeDelta);
        this.pageSlab = new Slab[(int) (heap / PAGE_SIZE)];
        this.trace = new Trace(pointerSize, b.traceCapacity);
        this.symbols = new SymbolTable(this, textBase);
        this.dataBump = RODATA_BYTES;
        this.kmallocLarge = new KmemCache(this, "kmalloc-large", 0, 0, PAGE_SIZE, 0, true);
        bootKmallocCaches();
    }

    /** A builder with the defaults: checked mode, {@link #DEFAULT_HEAP_BYTES}, a trace of {@link Trace#DEFAULT_CAPACITY}. */
    public static Builder builder(Abi abi) {
        return new Builder(abi);
    }

    public static KernelMemory create(Abi abi, MemoryMode mode) {
        return builder(abi).mode(mode).build();
    }

    /** Options for a new address space. */
    public static final class Builder {
        private final Abi abi;
        private MemoryMode mode = MemoryMode.CHECKED;
        private long heapBytes = DEFAULT_HEAP_BYTES;
        private int traceCapacity = Trace.DEFAULT_CAPACITY;
        private long quarantineBytes = -1;

        private Builder(Abi abi) {
            this.abi = java.util.Objects.requireNonNull(abi, "abi");
        }

        public Builder mode(MemoryMode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Bytes of slab heap (rounded up to pages). */
        public Builder heapBytes(long bytes) {
            if (bytes < PAGE_SIZE) {
                throw new IllegalArgumentException("heap of " + bytes + " bytes is smaller than one page (" + PAGE_SIZE + ")");
            }
            this.heapBytes = bytes;
            return this;
        }

        public Builder traceCapacity(int events) {
            this.traceCapacity = events;
            return this;
        }

        /** Bytes of freed objects held back from reuse (default: an eighth of the heap, at most 256 KiB). */
        public Builder quarantineBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("quarantine of " + bytes + " bytes is negative");
            }
            this.quarantineBytes = bytes;
            return this;
        }

        public KernelMemory build() {
            return new KernelMemory(this);
        }
    }

    // ---- the ABI's slab rules -----------------------------------------------------------------

    /**
     * {@code ARCH_SLAB_MINALIGN}, {@code __alignof__(unsigned long long)}: GCC's preferred
     * alignment of {@code long long}, which is 8 even on i386 (where struct members get 4) and 2 on m68k.
     */
    public static long archSlabMinalign(Abi abi) {
        return abi == Abi.M68K ? 2 : 8;
    }

    /**
     * {@code ARCH_KMALLOC_MINALIGN}: {@code ARCH_DMA_MINALIGN} where the architecture sets it
     * (ARM: {@code L1_CACHE_BYTES}), else {@link #archSlabMinalign}.
     */
    public static long archKmallocMinalign(Abi abi) {
        return abi == Abi.ARM ? abi.l1CacheBytes() : archSlabMinalign(abi);
    }

    private void bootKmallocCaches() {
        List<Long> sizes = new ArrayList<>();
        for (long s = kmallocMinSize; s <= KMALLOC_MAX_CACHE_SIZE; s <<= 1) {
            sizes.add(s);
        }
        if (kmallocMinSize <= 32) {
            sizes.add(96L);
        }
        if (kmallocMinSize <= 64) {
            sizes.add(192L);
        }
        sizes.sort(null);
        // SLUB keeps the kmalloc caches' descriptors in a static array (kmalloc_caches[]).
        long base = defineData("kmalloc_caches", KMEM_CACHE_STANDIN_SIZE * sizes.size(), 64);
        int i = 0;
        for (long size : sizes) {
            KmemCache c = new KmemCache(this, "kmalloc-" + size, size, size, kmallocMinAlign, slabPages(size), true);
            c.setAddress(base + KMEM_CACHE_STANDIN_SIZE * i++);
            kmallocBySize.put(size, c);
            cachesByName.put(c.name(), c);
            cachesByAddress.put(c.address(), c);
        }
        cachesByName.put(kmallocLarge.name(), kmallocLarge);
    }

    private static int slabPages(long objSize) {
        int pages = 1;
        while (pages < 8 && pages * PAGE_SIZE / objSize < 8) {
            pages <<= 1;
        }
        return (int) Math.max(pages, (objSize + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    // ---- identity --------------------------------------------------------------------------

    public Abi abi() { return abi; }

    public MemoryMode mode() { return mode; }

    public boolean checked() { return checked; }

    /** {@code sizeof(void *)}, which is also {@code sizeof(unsigned long)}. */
    public int pointerSize() { return pointerSize; }

    public Trace trace() { return trace; }

    public SymbolTable symbols() { return symbols; }

    /** The emulated address of the first byte of {@code .rodata}. */
    public long dataBase() { return dataBase; }

    public long textBase() { return textBase; }

    /** The first address of the slab heap. */
    public long heapBase() { return dataBase + heapStart; }

    /** The minimum alignment of kmalloc'd memory on this ABI. */
    public long kmallocMinAlign() { return kmallocMinAlign; }

    /** The kmalloc size classes, smallest first ({@code kmalloc-8}, {@code kmalloc-16}, ...). */
    public List<KmemCache> kmallocCaches() {
        synchronized (lock) {
            return List.copyOf(kmallocBySize.values());
        }
    }

    /** The cache a {@code kmalloc(size)} is served from ({@code kmalloc-large} above {@link #KMALLOC_MAX_CACHE_SIZE}). */
    public KmemCache kmallocCacheFor(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("kmalloc(" + size + ") has no cache: size 0 gives ZERO_SIZE_PTR, negative sizes are invalid");
        }
        if (size > KMALLOC_MAX_CACHE_SIZE) {
            return kmallocLarge;
        }
        // kmalloc_index() (include/linux/slub_def.h): the 96 and 192 classes exist only when the
        // minimum size allows them.
        if (size <= kmallocMinSize) {
            return kmallocBySize.get(kmallocMinSize);
        }
        if (kmallocMinSize <= 32 && size > 64 && size <= 96) {
            return kmallocBySize.get(96L);
        }
        if (kmallocMinSize <= 64 && size > 128 && size <= 192) {
            return kmallocBySize.get(192L);
        }
        return kmallocBySize.get(Long.highestOneBit(size - 1) << 1);
    }

    // ---- kmalloc ----------------------------------------------------------------------------

    /** {@code kmalloc(size, GFP_ATOMIC)}: an uninitialised object from the size class, or 0 (NULL) on failure. */
    public long kmalloc(long size, String fn) {
        return kmallocImpl(size, false, fn);
    }

    /** {@code kzalloc(size, GFP_ATOMIC)}: like {@link #kmalloc} but zeroed. */
    public long kzalloc(long size, String fn) {
        return kmallocImpl(size, true, fn);
    }

    private long kmallocImpl(long size, boolean zero, String fn) {
        if (size < 0) {
            throw new IllegalArgumentException("kmalloc of " + size + " bytes in " + fn + ": size is negative");
        }
        String call = zero ? "kzalloc" : "kmalloc";
        if (size == 0) {
            trace.emit(TraceKind.KMALLOC, fn, ZERO_SIZE_PTR, call + "(0) = ZERO_SIZE_PTR");
            return ZERO_SIZE_PTR;
        }
        return allocate(kmallocCacheFor(size), size, zero, fn, TraceKind.KMALLOC, call);
    }

    /** {@code kfree(p)}: NULL and {@link #ZERO_SIZE_PTR} are ignored, as in the kernel. */
    public void kfree(long address, String fn) {
        if (address == 0 || address == ZERO_SIZE_PTR) {
            return;
        }
        free(address, null, fn, TraceKind.KFREE);
    }

    /** {@code ksize(p)}: the usable size of a live object (its slot). */
    public long ksize(long address, String fn) {
        synchronized (lock) {
            long off = address - dataBase;
            Slab s = slabAt(off);
            int i = s == null ? -1 : s.indexOf(off);
            if (i < 0 || s.state[i] != Slab.LIVE || s.objectStart(i) != off) {
                throw oops(OopsKind.INVALID_FREE, address, Access.READ, 0, fn, "ksize of " + describe(address)
                        + ", which is not a live slab object");
            }
            return s.objSize;
        }
    }

    // ---- kmem_cache -------------------------------------------------------------------------

    /**
     * {@code kmem_cache_create(name, size, align, flags, NULL)}: a cache whose objects are
     * {@code size} bytes, aligned as SLUB's {@code calculate_alignment()} decides (honouring
     * {@link #SLAB_HWCACHE_ALIGN}). Its stand-in descriptor is kmalloc'd, as SLUB does.
     *
     * @return the cache, or {@code null} if the descriptor could not be allocated (failslab)
     */
    public KmemCache kmemCacheCreate(String name, long size, long align, int flags, String fn) {
        if (size <= 0) {
            throw new IllegalArgumentException("kmem_cache_create(\"" + name + "\") with object size " + size + ": must be positive");
        }
        if (align < 0 || (align != 0 && Long.bitCount(align) != 1)) {
            throw new IllegalArgumentException("kmem_cache_create(\"" + name + "\") with align " + align + ": must be 0 or a power of two");
        }
        synchronized (lock) {
            if (cachesByName.containsKey(name)) {
                throw new IllegalArgumentException("kmem_cache_create: a cache named '" + name + "' exists; caches: "
                        + String.join(", ", cachesByName.keySet()));
            }
        }
        long a = calculateAlignment(flags, align, size);
        long objSize = roundUp(roundUp(size, pointerSize), a);
        KmemCache c = new KmemCache(this, name, objSize, size, a, slabPages(objSize), false);
        long descriptor = kzalloc(KMEM_CACHE_STANDIN_SIZE, fn);
        if (descriptor == 0) {
            return null;
        }
        synchronized (lock) {
            c.setAddress(descriptor);
            cachesByName.put(name, c);
            cachesByAddress.put(descriptor, c);
        }
        trace.emit(TraceKind.NOTE, fn, descriptor, "kmem_cache_create(\"" + name + "\", " + size + ") = " + c);
        return c;
    }

    /** SLUB's {@code calculate_alignment()} (mm/slub.c). */
    private long calculateAlignment(int flags, long align, long size) {
        if ((flags & SLAB_HWCACHE_ALIGN) != 0) {
            long ralign = abi.l1CacheBytes();
            while (size <= ralign / 2) {
                ralign /= 2;
            }
            align = Math.max(align, ralign);
        }
        if (align < slabMinAlign) {
            align = slabMinAlign;
        }
        return roundUp(align, pointerSize);
    }

    /**
     * {@code kmem_cache_destroy(c)}. A cache that still has objects is left alone with a
     * warning in the trace, as SLUB does ("Slab cache still has objects").
     *
     * @return whether the cache was destroyed
     */
    public boolean kmemCacheDestroy(KmemCache cache, String fn) {
        synchronized (lock) {
            if (cache.kmalloc()) {
                throw new IllegalArgumentException("kmem_cache_destroy(" + cache.name() + "): the kmalloc caches cannot be destroyed");
            }
            if (cache.liveObjects > 0) {
                trace.emit(TraceKind.WARNING, fn, cache.address(), "kmem_cache_destroy " + cache.name()
                        + ": Slab cache still has objects (" + cache.liveObjects + " live)");
                return false;
            }
            cache.destroyed = true;
            cachesByName.remove(cache.name());
            cachesByAddress.remove(cache.address());
        }
        kfree(cache.address(), fn);
        return true;
    }

    /** {@code kmem_cache_alloc(c, GFP_ATOMIC)}: an uninitialised object, or 0 (NULL) on failure. */
    public long kmemCacheAlloc(KmemCache cache, String fn) {
        return allocate(cache, cache.requestedSize(), false, fn, TraceKind.CACHE_ALLOC, "kmem_cache_alloc");
    }

    /** {@code kmem_cache_zalloc(c, GFP_ATOMIC)}: a zeroed object, or 0 (NULL) on failure. */
    public long kmemCacheZalloc(KmemCache cache, String fn) {
        return allocate(cache, cache.requestedSize(), true, fn, TraceKind.CACHE_ALLOC, "kmem_cache_zalloc");
    }

    /** {@code kmem_cache_free(c, p)}: {@code p} must be a live object of {@code c}. */
    public void kmemCacheFree(KmemCache cache, long address, String fn) {
        if (address == 0) {
            throw oops(OopsKind.NULL_POINTER, 0, Access.FREE, 0, fn, "kmem_cache_free(" + cache.name() + ", NULL)");
        }
        free(address, cache, fn, TraceKind.CACHE_FREE);
    }

    /**
     * The cache whose {@code struct kmem_cache} is at {@code address}: how a
     * {@code struct kmem_cache *} read from native memory is followed.
     */
    public KmemCache cacheAt(long address, String fn) {
        synchronized (lock) {
            KmemCache c = cachesByAddress.get(address);
            if (c != null) {
                return c;
            }
        }
        if (Long.compareUnsigned(address, PAGE_SIZE) < 0) {
            throw oops(OopsKind.NULL_POINTER, address, Access.READ, pointerSize, fn, "struct kmem_cache * is NULL");
        }
        throw oops(OopsKind.WILD_POINTER, address, Access.READ, pointerSize, fn,
                "not a struct kmem_cache (" + describe(address) + ")");
    }

    /** A cache by name; the error lists the caches. */
    public KmemCache cache(String name) {
        synchronized (lock) {
            KmemCache c = cachesByName.get(name);
            if (c == null) {
                throw new IllegalArgumentException("no slab cache '" + name + "'; caches: " + String.join(", ", cachesByName.keySet()));
            }
            return c;
        }
    }

    public List<KmemCache> caches() {
        synchronized (lock) {
            return List.copyOf(cachesByName.values());
        }
    }

    // ---- the allocator ----------------------------------------------------------------------

    private long allocate(KmemCache c, long requested, boolean zero, String fn, TraceKind kind, String call) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("kernel memory is closed");
            }
            if (c.destroyed) {
                throw new IllegalStateException(call + " from " + c.name() + " in " + fn + ": the cache was destroyed");
            }
            if (failslab.shouldFail(c.name())) {
                c.failures++;
                trace.emit(TraceKind.ALLOC_FAILED, fn, 0, allocCall(kind, call, requested, c) + " = NULL (" + failslab + ")");
                return 0;
            }
            long off = takeSlot(c, requested);
            if (off < 0) {
                c.failures++;
                trace.emit(TraceKind.ALLOC_FAILED, fn, 0, allocCall(kind, call, requested, c) + " = NULL (out of memory: the "
                        + (dataSize - heapStart) + "-byte emulated heap is full)");
                return 0;
            }
            Slab s = slabAt(off);
            int i = s.indexOf(off);
            s.state[i] = Slab.LIVE;
            s.requested[i] = requested;
            s.allocatedBy[i] = fn;
            s.freedBy[i] = null;
            s.seq[i] = ++allocSeq;
            s.protFrom[i] = -1;
            s.protTo[i] = -1;
            s.protBy[i] = null;
            c.recordAlloc(s.objSize);
            liveBytes += s.objSize;
            liveObjects++;
            if (zero) {
                seg.asSlice(off, s.objSize).fill((byte) 0);
            } else if (checked) {
                seg.asSlice(off, s.objSize).fill(POISON_FREE);
            }
            long address = dataBase + off;
            if (trace.enabled()) {
                String size = kind == TraceKind.KMALLOC
                        ? requested + " bytes -> " + c.name()
                        : c.name() + ", " + s.objSize + "-byte object";
                trace.emit(kind, fn, address, size + (zero ? ", zeroed" : ""));
            }
            return address;
        }
    }

    private static String allocCall(TraceKind kind, String call, long requested, KmemCache c) {
        return kind == TraceKind.KMALLOC ? call + "(" + requested + ") from " + c.name() : call + "(" + c.name() + ")";
    }

    /** A free slot of {@code c} as a segment offset, or -1 when the heap is exhausted. Holds lock. */
    private long takeSlot(KmemCache c, long requested) {
        if (c == kmallocLarge) {
            long pages = Long.highestOneBit((requested + PAGE_SIZE - 1) / PAGE_SIZE - 1) << 1;
            pages = Math.max(pages, 1);
            LongStack free = c.largeFreelists.get(pages);
            if (free != null && !free.isEmpty()) {
                return free.pop();
            }
            Slab s = newSlab(c, pages * PAGE_SIZE, pages * PAGE_SIZE);
            return s == null ? -1 : s.start;
        }
        if (c.freelist.isEmpty()) {
            Slab s = newSlab(c, (long) c.slabPages() * PAGE_SIZE, c.objectSize());
            if (s == null) {
                return -1;
            }
            // Hand out a new slab's objects in address order, as SLUB does.
            for (int i = s.count - 1; i >= 0; i--) {
                c.freelist.push(s.objectStart(i));
            }
        }
        return c.freelist.pop();
    }

    private Slab newSlab(KmemCache c, long bytes, long objSize) {
        if (heapStart + heapBump + bytes > dataSize) {
            return null;
        }
        long start = heapStart + heapBump;
        Slab s = new Slab(c, start, objSize, (int) (bytes / objSize));
        for (long p = 0; p < bytes; p += PAGE_SIZE) {
            pageSlab[(int) ((heapBump + p) / PAGE_SIZE)] = s;
        }
        heapBump += bytes;
        slabs.add(s);
        return s;
    }

    private Slab slabAt(long off) {
        long h = off - heapStart;
        if (h < 0 || h >= heapBump) {
            return null;
        }
        return pageSlab[(int) (h / PAGE_SIZE)];
    }

    private void free(long address, KmemCache expected, String fn, TraceKind kind) {
        synchronized (lock) {
            long off = address - dataBase;
            Slab s = slabAt(off);
            int i = s == null ? -1 : s.indexOf(off);
            if (i < 0) {
                throw oops(OopsKind.INVALID_FREE, address, Access.FREE, 0, fn, describe(address) + " is not a slab object");
            }
            long start = s.objectStart(i);
            if (off != start) {
                throw oops(OopsKind.INVALID_FREE, address, Access.FREE, 0, fn, "points " + (off - start) + " bytes into "
                        + heapObject(s, i));
            }
            if (s.state[i] == Slab.FREED) {
                throw oops(OopsKind.DOUBLE_FREE, address, Access.FREE, 0, fn, heapObject(s, i) + " is already free");
            }
            if (s.state[i] == Slab.NEVER) {
                throw oops(OopsKind.INVALID_FREE, address, Access.FREE, 0, fn, heapObject(s, i) + " was never allocated");
            }
            if (expected != null && s.cache != expected) {
                throw oops(OopsKind.INVALID_FREE, address, Access.FREE, 0, fn, heapObject(s, i) + " belongs to "
                        + s.cache.name() + ", not to " + expected.name());
            }
            String detail = kind == TraceKind.KFREE
                    ? s.requested[i] + " bytes <- " + s.cache.name() + " (allocated by " + s.allocatedBy[i] + ")"
                    : s.cache.name() + " (allocated by " + s.allocatedBy[i] + ")";
            s.state[i] = Slab.FREED;
            s.freedBy[i] = fn;
            s.protFrom[i] = -1;
            s.protTo[i] = -1;
            s.protBy[i] = null;
            s.cache.recordFree(s.objSize);
            liveBytes -= s.objSize;
            liveObjects--;
            if (checked) {
                seg.asSlice(start, s.objSize).fill(POISON_FREE);
            }
            trace.emit(kind, fn, address, detail);
            quarantine.addLast(start);
            quarantineBytes += s.objSize;
            while (quarantineBytes > quarantineLimit && !quarantine.isEmpty()) {
                long old = quarantine.removeFirst();
                Slab os = slabAt(old);
                quarantineBytes -= os.objSize;
                if (os.cache == kmallocLarge) {
                    kmallocLarge.largeFreelists.computeIfAbsent(os.objSize / PAGE_SIZE, k -> new LongStack()).push(old);
                } else if (!os.cache.destroyed) {
                    os.cache.freelist.push(old);
                }
            }
        }
    }

    // ---- static data ------------------------------------------------------------------------

    /** Defines a zeroed object in the emulated {@code .rodata}: any write to it is an oops in checked mode. */
    public long defineRodata(String name, long size, long align) {
        return defineStatic(name, size, align, true, null);
    }

    /** Defines a {@code const u32 name[]} in {@code .rodata} with these values, in the ABI's byte order. */
    public long defineRodataU32(String name, int... values) {
        return defineStatic(name, 4L * values.length, 4, true, values);
    }

    /** Defines a zeroed, writable object in the emulated {@code .data} (a static kernel variable). */
    public long defineData(String name, long size, long align) {
        return defineStatic(name, size, align, false, null);
    }

    private long defineStatic(String name, long size, long align, boolean readOnly, int[] u32s) {
        if (size <= 0 || align <= 0 || Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("static object " + name + ": size " + size + " must be positive and align "
                    + align + " a power of two");
        }
        synchronized (lock) {
            if (staticsByName.containsKey(name)) {
                throw new IllegalArgumentException("static object '" + name + "' is already defined");
            }
            long bump = readOnly ? rodataBump : dataBump;
            long start = roundUp(bump, align);
            long limit = readOnly ? RODATA_BYTES : RODATA_BYTES + DATA_BYTES;
            if (start + size > limit) {
                throw new IllegalStateException("the emulated " + (readOnly ? ".rodata" : ".data") + " (" + (readOnly ? RODATA_BYTES : DATA_BYTES)
                        + " bytes) has no room for " + name + " (" + size + " bytes)");
            }
            StaticObject o = new StaticObject(name, readOnly, start, size);
            statics.put(start, o);
            staticsByName.put(name, o);
            if (readOnly) {
                rodataBump = start + size;
            } else {
                dataBump = start + size;
            }
            if (u32s != null) {
                for (int i = 0; i < u32s.length; i++) {
                    rawSetU32(start + 4L * i, u32s[i]);
                }
            }
            return dataBase + start;
        }
    }

    /** The address of a static object defined earlier; the error lists them. */
    public long staticAddress(String name) {
        synchronized (lock) {
            StaticObject o = staticsByName.get(name);
            if (o == null) {
                throw new IllegalArgumentException("no static object '" + name + "'; defined: " + String.join(", ", staticsByName.keySet()));
            }
            return dataBase + o.start;
        }
    }

    // ---- publication read-only ------------------------------------------------------------------

    /**
     * Records that {@code [address, address + size)} has been published read-only through a
     * tagged pointer (a {@code _metrics} word with {@code DST_METRICS_READ_ONLY}): from now until
     * the object holding it is freed, a write to it is a {@link OopsKind#READ_ONLY_METRICS_WRITE}
     * oops in checked mode. Shared metrics never change while shared, in the kernel too, so the
     * mark is not lifted when a reader stops pointing at them. Unknown addresses and {@code .rodata}
     * (already read-only) are ignored; fast mode ignores the call.
     */
    public void publishReadOnly(long address, long size, String fn) {
        if (!checked) {
            return;
        }
        synchronized (lock) {
            long off = address - dataBase;
            if (off < 0 || off >= dataSize) {
                return;
            }
            if (off < heapStart) {
                Map.Entry<Long, StaticObject> e = statics.floorEntry(off);
                if (e != null && !e.getValue().readOnly && off + size <= e.getValue().start + e.getValue().size) {
                    StaticObject o = e.getValue();
                    o.protFrom = (int) (off - o.start);
                    o.protTo = (int) (off - o.start + size);
                    o.protBy = fn;
                }
                return;
            }
            Slab s = slabAt(off);
            int i = s == null ? -1 : s.indexOf(off);
            if (i < 0 || s.state[i] != Slab.LIVE) {
                return;
            }
            long in = off - s.objectStart(i);
            if (in + size > s.requested[i]) {
                return;
            }
            s.protFrom[i] = (int) in;
            s.protTo[i] = (int) (in + size);
            s.protBy[i] = fn;
        }
    }

    // ---- checked-mode validation ----------------------------------------------------------------

    /** Validates an access and returns its segment offset, or throws the oops. Holds lock. */
    private long validate(long address, int size, Access access, String fn) {
        if (closed) {
            throw closedAccess(address, access, fn);
        }
        if (Long.compareUnsigned(address, PAGE_SIZE) < 0) {
            throw oops(OopsKind.NULL_POINTER, address, access, size, fn, nullPage(address));
        }
        long off = address - dataBase;
        if (off < 0 || off > dataSize - size) {
            throw oops(OopsKind.WILD_POINTER, address, access, size, fn, describe(address));
        }
        if (off < heapStart) {
            validateStatic(address, off, size, access, fn);
        } else {
            validateHeap(address, off, size, access, fn);
        }
        if (access.atomic() && (address & (size - 1)) != 0) {
            throw oops(OopsKind.MISALIGNED_ATOMIC, address, access, size, fn, describe(address) + ", not " + size + "-byte aligned");
        }
        return off;
    }

    private String nullPage(long address) {
        if (address == ZERO_SIZE_PTR) {
            return "ZERO_SIZE_PTR (what kmalloc(0) returns)";
        }
        return address == 0 ? "NULL" : "NULL + " + address;
    }

    private void validateStatic(long address, long off, int size, Access access, String fn) {
        Map.Entry<Long, StaticObject> e = statics.floorEntry(off);
        StaticObject o = e == null ? null : e.getValue();
        if (o == null) {
            throw oops(OopsKind.WILD_POINTER, address, access, size, fn, "no object there in " + (off < RODATA_BYTES ? ".rodata" : ".data"));
        }
        long in = off - o.start;
        if (in >= o.size) {
            throw oops(OopsKind.OUT_OF_BOUNDS, address, access, size, fn, (in - o.size) + " bytes to the right of " + staticObject(o, 0));
        }
        if (in + size > o.size) {
            throw oops(OopsKind.OUT_OF_BOUNDS, address, access, size, fn, "runs " + (in + size - o.size) + " bytes past the end of "
                    + staticObject(o, in));
        }
        if (access.write() && o.readOnly) {
            throw oops(OopsKind.RODATA_WRITE, address, access, size, fn, staticObject(o, in));
        }
        if (access.write() && o.protFrom >= 0 && in < o.protTo && in + size > o.protFrom) {
            throw oops(OopsKind.READ_ONLY_METRICS_WRITE, address, access, size, fn, protectedWrite(address, in, o.protFrom,
                    o.protBy, staticObject(o, 0)));
        }
    }

    private void validateHeap(long address, long off, int size, Access access, String fn) {
        Slab s = slabAt(off);
        if (s == null) {
            throw oops(OopsKind.WILD_POINTER, address, access, size, fn, "unallocated slab memory");
        }
        int i = s.indexOf(off);
        if (i < 0) {
            throw oops(OopsKind.WILD_POINTER, address, access, size, fn, "the unused tail of a " + s.cache.name() + " slab");
        }
        long start = s.objectStart(i);
        long in = off - start;
        switch (s.state[i]) {
            case Slab.FREED -> throw oops(OopsKind.USE_AFTER_FREE, address, access, size, fn, in + " bytes into freed " + heapObject(s, i));
            case Slab.NEVER -> throw oops(OopsKind.OUT_OF_BOUNDS, address, access, size, fn, in + " bytes into never-allocated "
                    + s.cache.name() + " object " + hex(dataBase + start));
            default -> {
            }
        }
        if (access.write() && s.protFrom[i] >= 0 && in < s.protTo[i] && in + size > s.protFrom[i]) {
            throw oops(OopsKind.READ_ONLY_METRICS_WRITE, address, access, size, fn, protectedWrite(address, in, s.protFrom[i],
                    s.protBy[i], heapObject(s, i)));
        }
        long req = s.requested[i];
        if (in >= req) {
            throw oops(OopsKind.OUT_OF_BOUNDS, address, access, size, fn, (in - req) + " bytes to the right of " + heapObject(s, i));
        }
        if (in + size > req) {
            throw oops(OopsKind.OUT_OF_BOUNDS, address, access, size, fn, "runs " + (in + size - req) + " bytes past the end of "
                    + heapObject(s, i));
        }
    }

    private String protectedWrite(long address, long in, int protFrom, String protBy, String object) {
        return (in - protFrom) + " bytes into the metrics at " + hex(address - (in - protFrom)) + " in " + object
                + ", published read-only by " + protBy + ((address & 1) != 0 ? "; the address still carries the read-only tag (bit 0)" : "");
    }

    private String heapObject(Slab s, int i) {
        String freed = s.state[i] == Slab.FREED ? ", freed by " + s.freedBy[i] : "";
        return s.cache.name() + " object " + hex(dataBase + s.objectStart(i)) + " (" + s.requested[i] + " bytes, allocated by "
                + s.allocatedBy[i] + freed + ")";
    }

    private String staticObject(StaticObject o, long in) {
        return o.name + (in == 0 ? "" : "+0x" + Long.toHexString(in)) + " (" + o.section() + ", " + o.size + " bytes)";
    }

    /** Using a closed memory is the host program's error, not the emulated kernel's: not an oops. */
    private IllegalStateException closedAccess(long address, Access access, String fn) {
        return new IllegalStateException("kernel memory is closed: " + access.verb() + " at " + hex(address) + " in " + fn);
    }

    private KernelOops fastFault(long address, int size, Access access, String fn, RuntimeException cause) {
        if (closed) {
            throw closedAccess(address, access, fn);
        }
        if (cause instanceof IllegalArgumentException) {
            return oops(OopsKind.MISALIGNED_ATOMIC, address, access, size, fn, "not " + size + "-byte aligned (fast mode: no object details)");
        }
        if (Long.compareUnsigned(address, PAGE_SIZE) < 0) {
            return oops(OopsKind.NULL_POINTER, address, access, size, fn, nullPage(address));
        }
        return oops(OopsKind.WILD_POINTER, address, access, size, fn, describe(address) + " (fast mode: no object details)");
    }

    /** Records an oops in the trace and returns it, for the caller to throw. */
    KernelOops oops(OopsKind kind, long address, Access access, int size, String fn, String object) {
        KernelOops o = new KernelOops(kind, address, access, size, fn, object, pointerSize);
        trace.emit(TraceKind.OOPS, fn, address, o.getMessage());
        return o;
    }

    /**
     * What is at an address, for messages: a function, a static object, a slab object (live or
     * freed), or "not mapped".
     */
    public String describe(long address) {
        if (Long.compareUnsigned(address, PAGE_SIZE) < 0) {
            return nullPage(address);
        }
        Symbol fnSym = symbols.lookup(address);
        if (fnSym != null) {
            return "function " + fnSym.name() + " in .text";
        }
        if (symbols.inText(address)) {
            return hex(address) + " in .text";
        }
        long off = address - dataBase;
        if (off < 0 || off >= dataSize) {
            return hex(address) + " is not mapped";
        }
        synchronized (lock) {
            if (off < heapStart) {
                Map.Entry<Long, StaticObject> e = statics.floorEntry(off);
                if (e == null || off - e.getValue().start >= e.getValue().size) {
                    return "no object at " + hex(address) + " in " + (off < RODATA_BYTES ? ".rodata" : ".data");
                }
                return staticObject(e.getValue(), off - e.getValue().start);
            }
            Slab s = slabAt(off);
            int i = s == null ? -1 : s.indexOf(off);
            if (i < 0) {
                return "unallocated slab memory at " + hex(address);
            }
            long in = off - s.objectStart(i);
            String state = switch (s.state[i]) {
                case Slab.LIVE -> "";
                case Slab.FREED -> "freed ";
                default -> "never-allocated ";
            };
            if (s.state[i] == Slab.NEVER) {
                return (in == 0 ? "" : in + " bytes into ") + state + s.cache.name() + " object " + hex(dataBase + s.objectStart(i));
            }
            return (in == 0 ? "" : in + " bytes into ") + state + heapObject(s, i);
        }
    }

    /**
     * A short name for trace lines: a static object or function name, or the slab cache and who
     * allocated the object ({@code kmalloc-64 from fib_create_info}); empty when nothing is known.
     */
    public String symbolize(long address) {
        if (address == 0) {
            return "NULL";
        }
        Symbol fnSym = symbols.lookup(address);
        if (fnSym != null) {
            return fnSym.name();
        }
        long off = address - dataBase;
        if (off < 0 || off >= dataSize) {
            return "";
        }
        synchronized (lock) {
            if (off < heapStart) {
                Map.Entry<Long, StaticObject> e = statics.floorEntry(off);
                if (e == null || off - e.getValue().start >= e.getValue().size) {
                    return "";
                }
                long in = off - e.getValue().start;
                return e.getValue().name + (in == 0 ? "" : "+0x" + Long.toHexString(in));
            }
            Slab s = slabAt(off);
            int i = s == null ? -1 : s.indexOf(off);
            if (i < 0) {
                return "";
            }
            long in = off - s.objectStart(i);
            String from = s.state[i] == Slab.NEVER ? "" : (s.state[i] == Slab.FREED ? " freed by " + s.freedBy[i] : " from " + s.allocatedBy[i]);
            return s.cache.name() + (in == 0 ? "" : "+" + in) + from;
        }
    }

    /** An address as this ABI prints it. */
    public String hex(long address) {
        return Hex.addr(address, pointerSize);
    }

    // ---- raw access (no checks) ----------------------------------------------------------------
    //
    // Checked mode passes the arena's segment and a validated offset; fast mode passes
    // MemoryAccess.ALL and an absolute native address, so that after inlining the JIT sees a
    // constant segment of global scope and the only check left is fast()'s range test.

    private static int rawGetU16(MemorySegment s, long at, boolean be) {
        return Short.toUnsignedInt(be ? s.get(U16_BE, at) : s.get(U16_LE, at));
    }

    private static void rawSetU16(MemorySegment s, long at, boolean be, int v) {
        if (be) {
            s.set(U16_BE, at, (short) v);
        } else {
            s.set(U16_LE, at, (short) v);
        }
    }

    private static int rawGetU32(MemorySegment s, long at, boolean be) {
        return be ? s.get(U32_BE, at) : s.get(U32_LE, at);
    }

    private static void rawSetU32(MemorySegment s, long at, boolean be, int v) {
        if (be) {
            s.set(U32_BE, at, v);
        } else {
            s.set(U32_LE, at, v);
        }
    }

    private static long rawGetU64(MemorySegment s, long at, boolean be) {
        return be ? s.get(U64_BE, at) : s.get(U64_LE, at);
    }

    private static void rawSetU64(MemorySegment s, long at, boolean be, long v) {
        if (be) {
            s.set(U64_BE, at, v);
        } else {
            s.set(U64_LE, at, v);
        }
    }

    private void rawSetU32(long off, int v) {
        rawSetU32(seg, off, bigEndian, v);
    }

    /**
     * Fast mode's only check: the native address of an access of at most 8 bytes that starts
     * inside the emulated memory, or the oops for one that does not. One unsigned comparison:
     * the segment has {@link #SLACK} spare bytes at its end, so an access starting at the last
     * byte stays inside it. After {@link #close()} the bound is 0 and every access fails it.
     */
    private long fast(long address, int size, Access access, String fn) {
        if (Long.compareUnsigned(address - dataBase, fastLimit) >= 0) {
            throw fastFault(address, size, access, fn, null);
        }
        return address + nativeDelta;
    }

    /** Like {@link #fast} for accesses of any length ({@code memcpy}, {@code memset}). */
    private long fastRange(long address, int size, Access access, String fn) {
        long off = address - dataBase;
        if (off < 0 || off > fastLimit - size) {
            throw fastFault(address, size, access, fn, null);
        }
        return address + nativeDelta;
    }

    // ---- plain accesses ---------------------------------------------------------------------

    public int readU8(long address, String fn) {
        if (checked) {
            synchronized (lock) {
                return Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, validate(address, 1, Access.READ, fn)));
            }
        }
        return Byte.toUnsignedInt(Everything.ALL.get(ValueLayout.JAVA_BYTE, fast(address, 1, Access.READ, fn)));
    }

    public void writeU8(long address, int value, String fn) {
        if (checked) {
            synchronized (lock) {
                seg.set(ValueLayout.JAVA_BYTE, validate(address, 1, Access.WRITE, fn), (byte) value);
            }
            return;
        }
        Everything.ALL.set(ValueLayout.JAVA_BYTE, fast(address, 1, Access.WRITE, fn), (byte) value);
    }

    /** A {@code u16}/{@code unsigned short}, zero-extended; cast to {@code short} for signed fields. */
    public int readU16(long address, String fn) {
        if (checked) {
            synchronized (lock) {
                return rawGetU16(seg, validate(address, 2, Access.READ, fn), bigEndian);
            }
        }
        return rawGetU16(Everything.ALL, fast(address, 2, Access.READ, fn), bigEndian);
    }

    public void writeU16(long address, int value, String fn) {
        if (checked) {
            synchronized (lock) {
                rawSetU16(seg, validate(address, 2, Access.WRITE, fn), bigEndian, value);
            }
            return;
        }
        rawSetU16(Everything.ALL, fast(address, 2, Access.WRITE, fn), bigEndian, value);
    }

    // The hot path (fast mode on a 64-bit little-endian ABI, inside the memory) is MemoryAccess's,
    // inlined; everything else, checked mode, big-endian or 32-bit fast mode, a fault, a closed
    // memory, comes to the out-of-line methods below, for this memory and for the code attached.

    /** A {@code u32} (or {@code int}), as {@code int} bits. */
    public int readU32(long address, String fn) {
        return loadU32(address, fn);
    }

    int readU32Slow(long address, String fn) {
        if (checked) {
            synchronized (lock) {
                return rawGetU32(seg, validate(address, 4, Access.READ, fn), bigEndian);
            }
        }
        return rawGetU32(Everything.ALL, fast(address, 4, Access.READ, fn), bigEndian);
    }

    public void writeU32(long address, int value, String fn) {
        storeU32(address, value, fn);
    }

    void writeU32Slow(long address, int value, String fn) {
        if (checked) {
            synchronized (lock) {
                rawSetU32(seg, validate(address, 4, Access.WRITE, fn), bigEndian, value);
            }
            return;
        }
        rawSetU32(Everything.ALL, fast(address, 4, Access.WRITE, fn), bigEndian, value);
    }

    public long readU64(long address, String fn) {
        return loadU64(address, fn);
    }

    long readU64Slow(long address, String fn) {
        if (checked) {
            synchronized (lock) {
                return rawGetU64(seg, validate(address, 8, Access.READ, fn), bigEndian);
            }
        }
        return rawGetU64(Everything.ALL, fast(address, 8, Access.READ, fn), bigEndian);
    }

    public void writeU64(long address, long value, String fn) {
        storeU64(address, value, fn);
    }

    void writeU64Slow(long address, long value, String fn) {
        if (checked) {
            synchronized (lock) {
                rawSetU64(seg, validate(address, 8, Access.WRITE, fn), bigEndian, value);
            }
            return;
        }
        rawSetU64(Everything.ALL, fast(address, 8, Access.WRITE, fn), bigEndian, value);
    }

    /** An {@code unsigned long}: 8 bytes on 64-bit ABIs, 4 (zero-extended) on 32-bit ones. */
    public long readULong(long address, String fn) {
        return loadULong(address, fn);
    }

    long readULongSlow(long address, String fn) {
        return wide ? readU64Slow(address, fn) : Integer.toUnsignedLong(readU32Slow(address, fn));
    }

    /** Stores an {@code unsigned long}; on 32-bit ABIs only the low 32 bits are stored, as C truncates. */
    public void writeULong(long address, long value, String fn) {
        storeULong(address, value, fn);
    }

    void writeULongSlow(long address, long value, String fn) {
        if (wide) {
            writeU64Slow(address, value, fn);
        } else {
            writeU32Slow(address, (int) value, fn);
        }
    }

    /** A pointer ({@code sizeof(void *) == sizeof(unsigned long)} on every ABI modelled). */
    public long readPointer(long address, String fn) {
        return loadULong(address, fn);
    }

    public void writePointer(long address, long value, String fn) {
        storeULong(address, value, fn);
    }

    /**
     * The hot path's window (see {@link MemoryAccess}): {@code dataSize} while open in fast mode
     * on a 64-bit little-endian ABI, else 0 (shut).
     */
    private long window() {
        return closed || checked || bigEndian || !wide ? 0 : dataSize;
    }

    /** Gives {@code code} a copy of the window (a shut one if this memory is closed), flushed on close. */
    void attach(MemoryAccess code) {
        synchronized (lock) {
            code.window(window(), nativeDelta);
            attached.add(code);
        }
    }

    /** {@code memcpy(dst, src, n)}. */
    public void memcpy(long dst, long src, long n, String fn) {
        if (n == 0) {
            return;
        }
        int size = Math.toIntExact(n);
        if (checked) {
            synchronized (lock) {
                long s = validate(src, size, Access.READ, fn);
                long d = validate(dst, size, Access.WRITE, fn);
                MemorySegment.copy(seg, s, seg, d, n);
            }
            return;
        }
        long s = fastRange(src, size, Access.READ, fn);
        long d = fastRange(dst, size, Access.WRITE, fn);
        MemorySegment.copy(Everything.ALL, s, Everything.ALL, d, n);
    }

    /** {@code memset(p, c, n)}. */
    public void memset(long address, int value, long n, String fn) {
        if (n == 0) {
            return;
        }
        int size = Math.toIntExact(n);
        if (checked) {
            synchronized (lock) {
                seg.asSlice(validate(address, size, Access.WRITE, fn), n).fill((byte) value);
            }
            return;
        }
        Everything.ALL.asSlice(fastRange(address, size, Access.WRITE, fn), n).fill((byte) value);
    }

    // ---- atomics ------------------------------------------------------------------------------

    /**
     * {@code cmpxchg(p, old, new)} on an {@code unsigned long}: a compare-and-exchange on the
     * native word. Returns the value found, which equals {@code old} when the exchange happened.
     * Recorded as {@link TraceKind#CMPXCHG_WON} or {@link TraceKind#CMPXCHG_LOST}.
     */
    public long cmpxchgULong(long address, long old, long replacement, String fn) {
        CmpxchgHook hook = cmpxchgHook;
        if (hook != null) {
            hook.beforeCmpxchg(address, fn);
        }
        long prev;
        int size = pointerSize;
        if (checked) {
            synchronized (lock) {
                prev = rawCmpxchgULong(seg, validate(address, size, Access.CMPXCHG, fn), old, replacement);
            }
        } else {
            long at = fast(address, size, Access.CMPXCHG, fn);
            try {
                prev = rawCmpxchgULong(Everything.ALL, at, old, replacement);
            } catch (IllegalArgumentException e) {
                throw fastFault(address, size, Access.CMPXCHG, fn, e);
            }
        }
        boolean won = prev == (wide ? old : old & 0xffffffffL);
        if (trace.enabled()) {
            trace.emit(won ? TraceKind.CMPXCHG_WON : TraceKind.CMPXCHG_LOST, fn, address,
                    "old " + hex(old) + " new " + hex(replacement) + (won ? "" : " found " + hex(prev)));
        }
        return prev;
    }

    private long rawCmpxchgULong(MemorySegment s, long at, long old, long replacement) {
        if (wide) {
            return bigEndian ? (long) A64_BE.compareAndExchange(s, at, old, replacement)
                    : (long) A64_LE.compareAndExchange(s, at, old, replacement);
        }
        return Integer.toUnsignedLong(cas32(s, at, (int) old, (int) replacement));
    }

    private int cas32(MemorySegment s, long at, int old, int replacement) {
        return bigEndian ? (int) A32_BE.compareAndExchange(s, at, old, replacement)
                : (int) A32_LE.compareAndExchange(s, at, old, replacement);
    }

    /**
     * {@code atomic_add_return(delta, v)} on an {@code atomic_t}: {@code atomic_inc} is
     * {@code atomicAddReturn(p, 1, fn)}, {@code atomic_dec_return} is {@code atomicAddReturn(p, -1, fn)}.
     */
    public int atomicAddReturn(long address, int delta, String fn) {
        if (checked) {
            synchronized (lock) {
                return rawGetAndAdd32(seg, validate(address, 4, Access.ATOMIC, fn), delta) + delta;
            }
        }
        long at = fast(address, 4, Access.ATOMIC, fn);
        try {
            return rawGetAndAdd32(Everything.ALL, at, delta) + delta;
        } catch (IllegalArgumentException e) {
            throw fastFault(address, 4, Access.ATOMIC, fn, e);
        }
    }

    private int rawGetAndAdd32(MemorySegment s, long at, int delta) {
        return bigEndian ? (int) A32_BE.getAndAdd(s, at, delta) : (int) A32_LE.getAndAdd(s, at, delta);
    }

    /** {@code atomic_read(v)}. */
    public int atomicRead(long address, String fn) {
        if (checked) {
            synchronized (lock) {
                return rawGetVolatile32(seg, validate(address, 4, Access.ATOMIC, fn));
            }
        }
        long at = fast(address, 4, Access.ATOMIC, fn);
        try {
            return rawGetVolatile32(Everything.ALL, at);
        } catch (IllegalArgumentException e) {
            throw fastFault(address, 4, Access.ATOMIC, fn, e);
        }
    }

    private int rawGetVolatile32(MemorySegment s, long at) {
        return bigEndian ? (int) A32_BE.getVolatile(s, at) : (int) A32_LE.getVolatile(s, at);
    }

    /** {@code atomic_set(v, i)}. */
    public void atomicSet(long address, int value, String fn) {
        if (checked) {
            synchronized (lock) {
                rawSetVolatile32(seg, validate(address, 4, Access.ATOMIC, fn), value);
            }
            return;
        }
        long at = fast(address, 4, Access.ATOMIC, fn);
        try {
            rawSetVolatile32(Everything.ALL, at, value);
        } catch (IllegalArgumentException e) {
            throw fastFault(address, 4, Access.ATOMIC, fn, e);
        }
    }

    private void rawSetVolatile32(MemorySegment s, long at, int value) {
        if (bigEndian) {
            A32_BE.setVolatile(s, at, value);
        } else {
            A32_LE.setVolatile(s, at, value);
        }
    }

    /**
     * {@code spin_lock(lock)} on a 4-byte {@code arch_spinlock_t}: spins on a compare-and-set of
     * the native word from 0 to 1. Not traced.
     */
    public void spinLock(long address, String fn) {
        while (true) {
            int prev;
            if (checked) {
                synchronized (lock) {
                    prev = cas32(seg, validate(address, 4, Access.CMPXCHG, fn), 0, 1);
                }
            } else {
                long at = fast(address, 4, Access.CMPXCHG, fn);
                try {
                    prev = cas32(Everything.ALL, at, 0, 1);
                } catch (IllegalArgumentException e) {
                    throw fastFault(address, 4, Access.CMPXCHG, fn, e);
                }
            }
            if (prev == 0) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** {@code spin_unlock(lock)}. */
    public void spinUnlock(long address, String fn) {
        atomicSet(address, 0, fn);
    }

    /** Installs a hook run before every {@code cmpxchg} (or removes it with {@code null}). */
    public void setCmpxchgHook(CmpxchgHook hook) {
        this.cmpxchgHook = hook;
    }

    // ---- fault injection and accounting ---------------------------------------------------------

    /** Installs a failslab plan for the allocations that follow ({@link Failslab#never()} to stop). */
    public void setFailslab(Failslab plan) {
        synchronized (lock) {
            this.failslab = java.util.Objects.requireNonNull(plan, "plan");
        }
    }

    public Failslab failslab() {
        synchronized (lock) {
            return failslab;
        }
    }

    CacheStats stats(KmemCache c) {
        synchronized (lock) {
            return c.snapshot();
        }
    }

    /** The accounting of one cache by name. */
    public CacheStats stats(String cacheName) {
        return stats(cache(cacheName));
    }

    /** The accounting of every cache, kmalloc classes first. */
    public List<CacheStats> allStats() {
        synchronized (lock) {
            List<CacheStats> out = new ArrayList<>();
            for (KmemCache c : cachesByName.values()) {
                out.add(c.snapshot());
            }
            return out;
        }
    }

    /** Bytes of live slab objects (their slots), over all caches. */
    public long liveBytes() {
        synchronized (lock) {
            return liveBytes;
        }
    }

    public long liveObjects() {
        synchronized (lock) {
            return liveObjects;
        }
    }

    /** The allocation number the next allocation will get: objects allocated from now on have {@code seq >= mark}. */
    public long mark() {
        synchronized (lock) {
            return allocSeq + 1;
        }
    }

    /** Every live slab object. */
    public LeakReport leaks() {
        return leaksSince(0);
    }

    /** The live slab objects allocated at or after {@code mark}, oldest first. */
    public LeakReport leaksSince(long mark) {
        synchronized (lock) {
            List<LiveObject> out = new ArrayList<>();
            for (Slab s : slabs) {
                for (int i = 0; i < s.count; i++) {
                    if (s.state[i] == Slab.LIVE && s.seq[i] >= mark) {
                        out.add(new LiveObject(dataBase + s.objectStart(i), s.cache.name(), s.objSize, s.requested[i],
                                s.allocatedBy[i], s.seq[i]));
                    }
                }
            }
            out.sort(java.util.Comparator.comparingLong(LiveObject::seq));
            return new LeakReport(out, pointerSize);
        }
    }

    /** Frees the native memory; every later access fails. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            fastLimit = 0;
            window(window(), nativeDelta);
            for (MemoryAccess a : attached) {
                a.window(window(), nativeDelta);
            }
        }
        arena.close();
    }

    private static long roundUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    @Override
    public String toString() {
        return "kernel memory on " + abi + " (" + mode + ", " + (dataSize - heapStart) + "-byte heap at " + hex(heapBase()) + ")";
    }
}
