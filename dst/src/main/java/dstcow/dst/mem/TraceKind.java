package dstcow.dst.mem;

/** The kinds of event a {@link Trace} records. */
public enum TraceKind {
    KMALLOC("kmalloc"),
    KFREE("kfree"),
    CACHE_ALLOC("kmem_cache_alloc"),
    CACHE_FREE("kmem_cache_free"),
    /** An allocation that returned NULL: failslab fired, or the emulated memory is exhausted. */
    ALLOC_FAILED("alloc failed"),
    CMPXCHG_WON("cmpxchg won"),
    CMPXCHG_LOST("cmpxchg lost"),
    /** A {@code _metrics} word or array was set, imported, copied or swapped back. */
    METRICS("metrics"),
    /** A dst's read-only metrics were copied to a private writable array. */
    COW("cow"),
    /** A metric was stored. */
    METRIC_WRITE("metric write"),
    /** A metric write (or a whole {@code dst_copy_metrics}) was dropped because no writable array was available. */
    METRIC_WRITE_DROPPED("write dropped"),
    /** An indirect call through a function pointer read from native memory. */
    CALL("call"),
    /** {@code WARN_ON} / {@code WARN_ON_ONCE} fired. */
    WARNING("WARNING"),
    OOPS("oops"),
    /** Anything else worth seeing: a step the emulator does not model, a lifecycle event. */
    NOTE("note");

    private final String label;

    TraceKind(String label) { this.label = label; }

    /** The column text in printed traces. */
    public String label() { return label; }
}
