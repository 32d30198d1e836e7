package dstcow.tools.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A C type as a declaration spells it, before any typedef is looked up: the base type named in
 * the specifiers, and the pointer, array and function layers of the declarator.
 *
 * <p>{@link #spelling()} prints it the way the layout model's {@code CType.spelling()} does
 * ({@code int (*)(struct sk_buff *)}, {@code u32[RTAX_MAX]}, {@code unsigned int}), with
 * qualifiers ({@code const}, {@code volatile}, {@code __rcu}, {@code __percpu}, ...) and parameter
 * names left out and integer types in one canonical spelling, so the two can be compared as
 * strings. {@link #written()} keeps the qualifiers and the integer spelling of the source.
 */
public sealed interface CDeclType {

    /**
     * The base type.
     *
     * @param name       canonical: {@code unsigned int}, {@code unsigned long}, {@code struct rtable}, {@code u32}
     * @param written    as written, qualifiers included: {@code unsigned}, {@code struct rtable __rcu}, {@code const u32}
     * @param qualifiers the qualifiers dropped from {@code name}
     */
    record Named(String name, String written, List<String> qualifiers) implements CDeclType {
        public Named {
            qualifiers = List.copyOf(qualifiers);
        }

        /** {@code struct X} or {@code union X}: the keyword, else null. */
        public String recordKeyword() {
            return name.startsWith("struct ") ? "struct" : name.startsWith("union ") ? "union"
                    : name.startsWith("enum ") ? "enum" : null;
        }

        /** The tag of {@code struct X}, else null. */
        public String recordTag() {
            String k = recordKeyword();
            return k == null ? null : name.substring(k.length() + 1);
        }
    }

    record Pointer(CDeclType target, List<String> qualifiers) implements CDeclType {
        public Pointer {
            qualifiers = List.copyOf(qualifiers);
        }
    }

    /** {@code dim} is the size expression as written ({@code RTAX_MAX}, {@code 0}), empty for {@code []}. */
    record Array(CDeclType element, String dim) implements CDeclType {
    }

    record Function(CDeclType returns, List<CDeclType> params, boolean variadic) implements CDeclType {
        public Function {
            params = List.copyOf(params);
        }
    }

    /** A struct or union whose body is written in place ({@code union { ... } u;}). */
    record Record(CStruct def) implements CDeclType {
    }

    /** Canonical spelling: comparable with {@code dstcow.layout.ctype.CType.spelling()}. */
    default String spelling() {
        return spelling(UnaryOperator.identity());
    }

    /** Canonical spelling with array sizes passed through {@code dims} ({@code RTAX_MAX} to {@code 14}). */
    default String spelling(UnaryOperator<String> dims) {
        return declare(this, "", false, dims).strip();
    }

    /** The type as written, qualifiers kept: {@code struct rtable __rcu *}. */
    default String written() {
        return declare(this, "", true, UnaryOperator.identity()).strip();
    }

    /** A declaration of {@code name} with this type, as written: {@code int (*input)(struct sk_buff *)}. */
    default String declaration(String name) {
        return declare(this, name, true, UnaryOperator.identity()).strip();
    }

    /** Declarator syntax, inside out, mirroring the layout module's printer. */
    private static String declare(CDeclType t, String inner, boolean written, UnaryOperator<String> dims) {
        return switch (t) {
            case Named n -> join(written ? n.written() : n.name(), inner);
            case Record r -> join(r.def().kind() + " " + (r.def().name() == null ? "{...}" : r.def().name()), inner);
            case Pointer p -> {
                if (p.target() instanceof Function f) {
                    String star = "*" + quals(p, written) + inner;
                    yield declare(f.returns(), "(" + star + ")(" + params(f, written, dims) + ")", written, dims);
                }
                String starred = "*" + quals(p, written) + inner;
                if (p.target() instanceof Array) {
                    starred = "(" + starred + ")";
                }
                yield declare(p.target(), starred, written, dims);
            }
            case Array a -> declare(a.element(), inner + "[" + (a.dim().isEmpty() ? "" : dims.apply(a.dim())) + "]", written, dims);
            case Function f -> declare(f.returns(), inner + "(" + params(f, written, dims) + ")", written, dims);
        };
    }

    private static String quals(Pointer p, boolean written) {
        return written && !p.qualifiers().isEmpty() ? " " + String.join(" ", p.qualifiers()) + " " : "";
    }

    private static String params(Function f, boolean written, UnaryOperator<String> dims) {
        if (f.params().isEmpty() && !f.variadic()) {
            return "void";
        }
        List<String> ps = new ArrayList<>();
        for (CDeclType p : f.params()) {
            ps.add(declare(p, "", written, dims).strip());
        }
        if (f.variadic()) {
            ps.add("...");
        }
        return String.join(", ", ps);
    }

    private static String join(String base, String inner) {
        if (inner.isEmpty()) {
            return base;
        }
        if (inner.startsWith("[")) {
            return base + inner;
        }
        return base + " " + inner;
    }
}
