package dstcow.tools.bench;

import dstcow.dst.DstKernel;
import dstcow.dst.BuildBugOnError;
import dstcow.layout.abi.Abi;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The false-sharing adapter reads and writes what the dst port does, at the offsets it does. */
class SharedDstEntryTest {

    @Test
    void theKernelLayoutHasTheOffsetsOfThePatchedKernel() {
        try (DstKernel k = DstKernel.boot(KernelVersion.PATCHED, Abi.X86_64);
             SharedDstEntry e = SharedDstEntry.allocate(SharedDstEntry.kernelLayout(), Abi.X86_64)) {
            for (String m : new String[] {"__refcnt", "flags", "ops", "input", "output", "_metrics"}) {
                assertEquals(k.offsetOf(m), e.layout().offsetOf(m), m);
            }
            assertEquals(k.sizeofDstEntry(), e.layout().size());
        }
    }

    @Test
    void theDstModuleRefusesTheControlLayoutAsTheKernelsBuildWould() {
        // Why SharedDstEntry exists: dst_hold()'s BUILD_BUG_ON fails without the pad on a 64-bit ABI.
        assertThrows(BuildBugOnError.class, () -> DstKernel.builder(KernelVersion.PATCHED, Abi.X86_64)
                .dstEntry(SharedDstEntry.controlLayout()).build());
    }

    @Test
    void holdAndReleasePairUpAndTheEntryIsLineAligned() {
        for (var def : new dstcow.layout.model.RecordDef[] {SharedDstEntry.kernelLayout(), SharedDstEntry.controlLayout()}) {
            try (SharedDstEntry e = SharedDstEntry.allocate(def, Abi.X86_64)) {
                assertEquals(0, e.address() % 64, "a SLAB_HWCACHE_ALIGN object starts on a line");
                assertEquals(1, e.refcount());
                for (int i = 0; i < 1000; i++) {
                    e.dstHold();
                    e.dstRelease();
                }
                assertEquals(1, e.refcount());
                e.dstRelease();
                assertEquals(0, e.refcount());
                assertThrows(IllegalStateException.class, e::dstRelease, "below zero");
            }
        }
    }
}
