package dstcow.tools.compare;

/**
 * The C reader could not make sense of its input. The message starts with
 * {@code file:line:column:} and says what was expected, so editors can jump to it.
 */
public final class CParseException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final transient SourcePos pos;
    private final String detail;

    public CParseException(SourcePos pos, String detail) {
        super(pos + ": " + detail);
        this.pos = pos;
        this.detail = detail;
    }

    /** Where the reader stopped. */
    public SourcePos pos() { return pos; }

    /** The message without the position. */
    public String detail() { return detail; }
}
