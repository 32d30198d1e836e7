package dstcow.layout.kernel;

import dstcow.layout.model.KernelSource;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import static dstcow.layout.kernel.KTypes.VOID;
import static dstcow.layout.ctype.CType.fn;
import static dstcow.layout.ctype.CType.ptr;

/**
 * {@code struct rcu_head}, include/linux/types.h at 62fa8a84 (unchanged by the patch):
 * <pre>
 * struct rcu_head {
 *         struct rcu_head *next;
 *         void (*func)(struct rcu_head *head);
 * };
 * </pre>
 */
public final class RcuHead {
    private RcuHead() {
    }

    public static final RecordDef DEF = build();

    private static RecordDef build() {
        // The struct points to itself, so the pointee is named rather than referenced.
        return RecordDef.struct("rcu_head", new KernelSource("include/linux/types.h", "", KernelSource.PATCHED),
                Member.of("next", KTypes.ptr("rcu_head")),
                Member.of("func", fn(VOID, ptr(new dstcow.layout.ctype.CType.Opaque(RecordDef.Kind.STRUCT, "rcu_head")))));
    }
}
