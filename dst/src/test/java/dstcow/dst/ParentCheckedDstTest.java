package dstcow.dst;

import dstcow.dst.mem.MemoryMode;
import dstcow.layout.model.KernelVersion;

/** The dst contract on the parent kernel, checked memory. */
class ParentCheckedDstTest extends DstContractTest {
    @Override
    KernelVersion version() { return KernelVersion.PARENT; }

    @Override
    MemoryMode mode() { return MemoryMode.CHECKED; }
}
