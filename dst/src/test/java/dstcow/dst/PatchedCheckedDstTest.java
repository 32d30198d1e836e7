package dstcow.dst;

import dstcow.dst.mem.MemoryMode;
import dstcow.layout.model.KernelVersion;

/** The dst contract on the patched kernel (62fa8a84), checked memory. */
class PatchedCheckedDstTest extends DstContractTest {
    @Override
    KernelVersion version() { return KernelVersion.PATCHED; }

    @Override
    MemoryMode mode() { return MemoryMode.CHECKED; }
}
