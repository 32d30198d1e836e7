package dstcow.dst;

/**
 * A {@code BUILD_BUG_ON} that fails for the layout a kernel is being built with: the emulated
 * kernel cannot be created, as the real one would not compile.
 */
public final class BuildBugOnError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String condition;

    public BuildBugOnError(String condition, String where, String detail) {
        super("BUILD_BUG_ON(" + condition + ") failed in " + where + ": " + detail);
        this.condition = condition;
    }

    /** The asserted condition, as the kernel writes it. */
    public String condition() { return condition; }
}
