package dstcow.dst.ops;

import dstcow.layout.ctype.CType;
import dstcow.layout.kernel.DstOps;
import dstcow.layout.kernel.KernelBasics;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.RecordDef;

/**
 * Where the dst module takes {@code struct dst_ops} and {@code spinlock_t} from: the layout
 * module's transcriptions ({@link DstOps}, include/net/dst_ops.h before and after 62fa8a84, and
 * {@link KernelBasics#SPINLOCK_T}), so the struct is declared once in the project.
 */
public final class DstOpsStruct {
    private DstOpsStruct() {
    }

    /** {@code spinlock_t} without lock debugging: its first word is the lock on every ABI. */
    public static final CType SPINLOCK_T = KernelBasics.SPINLOCK_T;

    public static final RecordDef PATCHED = DstOps.PATCHED;
    public static final RecordDef PARENT = DstOps.PARENT;

    public static RecordDef of(KernelVersion version) {
        return DstOps.of(version);
    }
}
