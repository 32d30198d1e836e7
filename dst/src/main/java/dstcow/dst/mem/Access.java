package dstcow.dst.mem;

/** What an emulated instruction did to memory, as an oops message names it. */
public enum Access {
    READ("read", false, false),
    WRITE("write", true, false),
    /** {@code cmpxchg}: an atomic compare-and-exchange. */
    CMPXCHG("cmpxchg", true, true),
    /** {@code atomic_inc}, {@code atomic_dec_return}, {@code atomic_read}, ...: other atomic operations. */
    ATOMIC("atomic access", true, true),
    /** {@code kfree} or {@code kmem_cache_free}. */
    FREE("free", true, false),
    /** An indirect call through a function pointer. */
    CALL("call", false, false);

    private final String verb;
    private final boolean write;
    private final boolean atomic;

    Access(String verb, boolean write, boolean atomic) {
        this.verb = verb;
        this.write = write;
        this.atomic = atomic;
    }

    /** The word used in messages: {@code read}, {@code write}, {@code cmpxchg}, ... */
    public String verb() { return verb; }

    /** Whether the access may modify memory (so {@code .rodata} refuses it). */
    public boolean write() { return write; }

    /** Whether the access must be naturally aligned. */
    public boolean atomic() { return atomic; }
}
