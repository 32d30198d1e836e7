package dstcow.dst.mem;

/**
 * How much the emulated memory checks, like a kernel built with or without KASAN.
 */
public enum MemoryMode {
    /**
     * Every access is validated against the live objects: NULL and wild pointers, use after
     * free, out-of-bounds, writes to {@code .rodata} and to metrics published read-only, and
     * misaligned atomics are reported as a {@link KernelOops}. Freed and uninitialised slab
     * memory is poisoned ({@code 0x6b}, SLUB's {@code POISON_FREE}). The default.
     */
    CHECKED("checked"),
    /**
     * Accesses go straight to native memory with no validation, for benchmarks. Only an access
     * that leaves the emulated memory altogether still becomes a {@link KernelOops} (with less
     * detail). The allocator still refuses double and invalid frees, so its accounting stays exact.
     */
    FAST("fast");

    private final String id;

    MemoryMode(String id) { this.id = id; }

    public String id() { return id; }

    /** Parses {@code checked} or {@code fast}; the error lists both. */
    public static MemoryMode parse(String text) {
        for (MemoryMode m : values()) {
            if (m.id.equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown memory mode '" + text + "'; allowed: checked, fast");
    }

    @Override
    public String toString() { return id; }
}
