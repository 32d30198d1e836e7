package dstcow.layout.ctype;

import dstcow.layout.model.RecordDef;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A C type as the kernel declares it. Sizes and alignments are not stored here: they depend on
 * the ABI and are computed by the layout engine.
 */
public sealed interface CType {

    /** {@code void}, only behind a pointer or as a function's return type. */
    record Void() implements CType {
    }

    /** A built-in integer type. */
    record Int(IntKind kind) implements CType {
    }

    /** A typedef name ({@code u32}, {@code __be16}, {@code atomic_t}) standing for its target. */
    record Typedef(String name, CType target) implements CType {
    }

    /** A data pointer. */
    record Pointer(CType target) implements CType {
    }

    /** A pointer to a function: {@code ret (*)(params)}. */
    record FunctionPointer(CType returns, List<CType> params) implements CType {
        public FunctionPointer {
            params = List.copyOf(params);
        }
    }

    /**
     * An array. {@code length == 0} is the GNU zero-length array ({@code fib_nh[0]}),
     * {@code length == FLEXIBLE} a C99 flexible array member ({@code int x[]}).
     */
    record Array(CType element, int length) implements CType {
        public static final int FLEXIBLE = -1;

        public boolean flexible() { return length == FLEXIBLE; }
    }

    /** A struct or union whose members we model (embedded by value, or pointed to). */
    record Record(RecordDef def) implements CType {
    }

    /** A struct or union we never look inside: only legal behind a pointer. */
    record Opaque(RecordDef.Kind kind, String tag) implements CType {
    }

    // ---- factories that read like C -----------------------------------------------------

    static Int of(IntKind kind) { return new Int(kind); }

    static Pointer ptr(CType target) { return new Pointer(target); }

    static Pointer ptrTo(String structTag) { return new Pointer(new Opaque(RecordDef.Kind.STRUCT, structTag)); }

    static Array array(CType element, int length) { return new Array(element, length); }

    static FunctionPointer fn(CType returns, CType... params) { return new FunctionPointer(returns, List.of(params)); }

    /** The type with typedefs peeled off. */
    default CType resolved() {
        CType t = this;
        while (t instanceof Typedef td) {
            t = td.target();
        }
        return t;
    }

    /**
     * The C spelling of a declaration of {@code name} with this type, as C and pahole write it:
     * {@code int (*input)(struct sk_buff *)}, {@code long __pad[1]}, {@code struct dst_ops * ops}.
     */
    default String declare(String name) {
        return CTypes.declare(this, name == null ? "" : name);
    }

    /** The C spelling of the type alone ({@code struct rcu_head}, {@code u32 *}). */
    default String spelling() {
        return CTypes.declare(this, "").strip();
    }

    /** The type alone, with integer types named as GCC names them in DWARF ({@code long unsigned int}). */
    default String gccSpelling() {
        return CTypes.declare(this, "", true).strip();
    }

    static String params(List<CType> params) {
        return params(params, false);
    }

    static String params(List<CType> params, boolean gccNames) {
        if (params.isEmpty()) {
            return "void";
        }
        return params.stream().map(p -> gccNames ? p.gccSpelling() : p.spelling()).collect(Collectors.joining(", "));
    }
}
