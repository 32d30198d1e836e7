package dstcow.ipv4;

/** Where a route cache entry's (or bundle element's) metrics live. */
public enum MetricsState {
    /** Parent kernel: the entry's own inline {@code u32 _metrics[RTAX_MAX]}. */
    INLINE("inline"),
    /** 62fa8a84: read-only, pointing at the all-zero {@code dst_default_metrics} in .rodata. */
    DEFAULT("default"),
    /** 62fa8a84: read-only, pointing at shared metrics ({@code fi->fib_metrics}). */
    SHARED("shared"),
    /** 62fa8a84: writable, the entry's own kmalloc'd copy (after copy-on-write). */
    PRIVATE("private");

    private final String id;

    MetricsState(String id) { this.id = id; }

    /** {@code inline}, {@code default}, {@code shared}, {@code private}. */
    public String id() { return id; }

    @Override
    public String toString() { return id; }
}
