package dstcow.dst.mem;

/**
 * The kinds of kernel bug the emulated memory reports as a {@link KernelOops}. Each title is
 * what the message starts with; KASAN's wording is used where KASAN has one.
 */
public enum OopsKind {
    USE_AFTER_FREE("use-after-free"),
    DOUBLE_FREE("double-free"),
    /** A free of something that is not the start of a live slab object. */
    INVALID_FREE("invalid-free"),
    /** An access to the first page ({@code NULL}, {@code NULL + offset}, {@code ZERO_SIZE_PTR}). */
    NULL_POINTER("NULL pointer dereference"),
    /** An access to an address that maps no object: the kernel's "unable to handle kernel paging request". */
    WILD_POINTER("wild pointer (unable to handle kernel paging request)"),
    OUT_OF_BOUNDS("out-of-bounds access"),
    RODATA_WRITE("write to .rodata"),
    /** A write to metrics that a {@code _metrics} word tagged {@code DST_METRICS_READ_ONLY} points to. */
    READ_ONLY_METRICS_WRITE("write through read-only metrics pointer"),
    NULL_FUNCTION_CALL("call through NULL function pointer"),
    /** A call to an address that is not a function, or to a function of another type (a CFI failure). */
    BAD_FUNCTION_CALL("call through bad function pointer"),
    MISALIGNED_ATOMIC("misaligned atomic");

    private final String title;

    OopsKind(String title) { this.title = title; }

    public String title() { return title; }
}
