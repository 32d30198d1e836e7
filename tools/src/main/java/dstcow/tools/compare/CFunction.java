package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A function definition read from C.
 *
 * @param name        the function name
 * @param returnType  the return type as written, specifiers and annotations removed ({@code u32 *})
 * @param parameters  the parameter list as written, whitespace normalized ({@code struct dst_entry *dst, unsigned long old})
 * @param specifiers  {@code static}, {@code inline}, {@code __init}, {@code __exit}, ... in source order
 * @param signature   everything before the body as written, whitespace normalized
 *                    ({@code static inline u32 *dst_metrics_write_ptr(struct dst_entry *dst)})
 * @param exportedAs  {@code EXPORT_SYMBOL} or {@code EXPORT_SYMBOL_GPL} when the file exports it, else {@code null}
 * @param pos         where the definition starts (its first specifier, or the return type)
 * @param nameLine    the line of the name (the line after the return type, in kernel style)
 * @param endLine     the line of the closing brace
 * @param text        the original source lines of the definition
 * @param body        the text between the braces, exactly as in the source
 * @param calls       the calls in the body in source order, from the branches compiled under the configuration
 */
public record CFunction(String name, String returnType, String parameters, List<String> specifiers, String signature,
                        String exportedAs,
                        SourcePos pos, int nameLine, int endLine, String text, String body, List<CCall> calls) {

    public CFunction {
        specifiers = List.copyOf(specifiers);
        calls = List.copyOf(calls);
    }

    public int line() { return pos.line(); }

    public boolean isStatic() { return specifiers.contains("static"); }

    public boolean isInline() {
        return specifiers.contains("inline") || specifiers.contains("__inline__") || specifiers.contains("__inline")
                || specifiers.contains("__always_inline");
    }

    /** The called names, in order ({@code cow_metrics} for {@code dst->ops->cow_metrics(...)}). */
    public List<String> callNames() {
        List<String> out = new ArrayList<>();
        for (CCall c : calls) {
            out.add(c.name());
        }
        return out;
    }
}
