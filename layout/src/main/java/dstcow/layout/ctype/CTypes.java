package dstcow.layout.ctype;

/** Declarator spelling for {@link CType}: the inside-out C syntax in one place. */
final class CTypes {
    private CTypes() {
    }

    static String declare(CType type, String inner) {
        return declare(type, inner, false);
    }

    static String declare(CType type, String inner, boolean gccNames) {
        return switch (type) {
            case CType.Void v -> join("void", inner);
            case CType.Int i -> join(gccNames ? i.kind().gccName() : i.kind().spelling(), inner);
            case CType.Typedef t -> join(t.name(), inner);
            case CType.Record r -> join(r.def().kind().keyword() + " " + r.def().tagOrAnonymous(), inner);
            case CType.Opaque o -> join(o.kind().keyword() + " " + o.tag(), inner);
            case CType.Pointer p -> {
                String starred = "*" + inner;
                CType target = p.target();
                // Pointers to arrays need parentheses; nothing in scope has them, but be correct.
                if (target instanceof CType.Array) {
                    starred = "(" + starred + ")";
                }
                yield declare(target, starred, gccNames);
            }
            case CType.FunctionPointer f -> declare(f.returns(), "(*" + inner + ")(" + CType.params(f.params(), gccNames) + ")", gccNames);
            case CType.Array a -> {
                String dims = a.flexible() ? "[]" : "[" + a.length() + "]";
                yield declare(a.element(), inner + dims, gccNames);
            }
        };
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
