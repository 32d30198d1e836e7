package dstcow.tools.compare;

import java.util.List;

/**
 * A {@code #define}.
 *
 * @param name    the macro name
 * @param params  the parameter names of a function-like macro, or {@code null} for an object-like one
 * @param body    the replacement text, continuation lines spliced, comments removed, whitespace normalized
 * @param active  whether the {@code #define} was in a branch that is compiled under the configuration
 * @param pos     where the {@code #} is
 * @param endLine the last line (after continuation lines)
 * @param text    the original source lines, continuation backslashes included
 */
public record CMacro(String name, List<String> params, String body, boolean active, SourcePos pos, int endLine,
                     String text) {

    public CMacro {
        params = params == null ? null : List.copyOf(params);
    }

    public boolean functionLike() { return params != null; }

    public int line() { return pos.line(); }
}
