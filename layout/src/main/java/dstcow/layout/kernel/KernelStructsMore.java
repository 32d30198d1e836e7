package dstcow.layout.kernel;

import java.util.List;

/** The structs around dst_entry (dst_ops, rtable, flowi, fib_info, xfrm_dst); filled in as they are transcribed. */
final class KernelStructsMore {
    private KernelStructsMore() {
    }

    static List<KernelStructs.Entry> entries() {
        return List.of();
    }
}
