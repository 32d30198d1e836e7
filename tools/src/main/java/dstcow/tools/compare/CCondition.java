package dstcow.tools.compare;

/**
 * The preprocessor condition a piece of C sits under, relative to its enclosing definition
 * (a struct member's {@code #ifdef CONFIG_XFRM}; an {@code #else} branch is the negation).
 *
 * @param expr  the condition; {@link PpExpr#TRUE} outside any {@code #if}
 * @param holds whether it held for the configuration the file was read with
 */
public record CCondition(PpExpr expr, boolean holds) {

    /** Not under any {@code #if}. */
    public static final CCondition ALWAYS = new CCondition(PpExpr.TRUE, true);

    public boolean always() { return expr == PpExpr.TRUE; }

    /** As a C expression ({@code defined(CONFIG_XFRM)}, {@code !defined(CONFIG_XFRM)}), empty when always. */
    public String text() { return always() ? "" : expr.toString(); }

    @Override
    public String toString() { return always() ? "always" : text() + (holds ? "" : " (does not hold)"); }
}
