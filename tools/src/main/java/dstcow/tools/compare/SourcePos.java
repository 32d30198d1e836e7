package dstcow.tools.compare;

/**
 * A place in a C source file, as compilers print it: {@code include/net/dst.h:39:1}.
 *
 * @param file   the file name as given to the reader (a path relative to the kernel tree)
 * @param line   1-based line in the original file (continuation lines counted)
 * @param column 1-based column; a tab counts as one column, as in GCC's diagnostics
 */
public record SourcePos(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
