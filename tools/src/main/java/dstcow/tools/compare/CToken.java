package dstcow.tools.compare;

/**
 * One token of kernel-style C, or one whole preprocessor directive.
 *
 * @param kind        what it is
 * @param text        the token as written; for a directive, the logical line after {@code #} with
 *                    continuations spliced and comments replaced by a space
 * @param line        1-based line of its first character in the original file
 * @param column      1-based column of its first character
 * @param spaceBefore whether whitespace or a comment separated it from the previous token; used
 *                    to render token runs with normalized whitespace
 * @param offset      offset of its first character in the original text
 * @param endOffset   offset just after its last character in the original text
 * @param endLine     line of its last character (differs from {@code line} for spliced directives)
 * @param charLines   for a directive: the original line of each character of {@code text}
 * @param charCols    for a directive: the original column of each character of {@code text}
 */
record CToken(Kind kind, String text, int line, int column, boolean spaceBefore, int offset, int endOffset,
              int endLine, int[] charLines, int[] charCols) {

    enum Kind { IDENT, NUMBER, STRING, CHAR, PUNCT, DIRECTIVE }

    boolean is(String s) {
        return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(s);
    }

    boolean ident() { return kind == Kind.IDENT; }

    @Override
    public String toString() {
        return kind == Kind.DIRECTIVE ? "#" + text : text;
    }
}
