package dstcow.dst;

import dstcow.dst.mem.MemoryMode;
import dstcow.layout.model.KernelVersion;

/** The dst contract on the patched kernel (62fa8a84), fast memory. */
class PatchedFastDstTest extends DstContractTest {
    @Override
    KernelVersion version() { return KernelVersion.PATCHED; }

    @Override
    MemoryMode mode() { return MemoryMode.FAST; }
}
