package dstcow.layout.check;

import dstcow.layout.abi.Abi;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel compiles on every one of these ABIs, so its own BUILD_BUG_ON must hold in our model too. */
class KernelAssertionsTest {

    @Test
    void everyGatingAssertionHoldsForBothKernelsOnEveryAbiAndConfig() {
        CheckMatrix m = CheckMatrix.run(Arrays.asList(Abi.values()), Arrays.asList(KernelVersion.values()));
        assertEquals(8 * 2 * 4, m.rows().size());
        assertTrue(m.allGatingHold(), m.print());
    }

    @Test
    void removingThePadBreaksTheRefcntGuardOnEvery64BitAbi() {
        List<Abi> all = Arrays.asList(Abi.values());
        CheckMatrix m = CheckMatrix.run(all, List.of(KernelVersion.PATCHED),
                (v, abi) -> DstEntry.of(v).without("__pad_to_align_refcnt"));
        assertFalse(m.allGatingHold());
        for (CheckMatrix.Row r : m.rows()) {
            // 32-bit ABIs never had the pad: removing it changes nothing there.
            assertEquals(!r.abi().is64Bit(), r.gatingHold(), r.abi() + " " + r.config());
        }
        CheckMatrix.Row x86 = m.rows().stream().filter(r -> r.abi() == Abi.X86_64 && r.config().diffFromDefaults().equals("default"))
                .findFirst().orElseThrow();
        assertEquals("struct dst_entry: __refcnt at offset 116 on x86_64 (config default) is not 64-byte aligned (offset & 63 = 52); "
                        + "check __pad_to_align_refcnt (absent from this layout) so that __refcnt starts a 64-byte line",
                x86.outcomes().getFirst().message());
        assertTrue(m.print().contains("FAIL patched: struct dst_entry: __refcnt at offset 116 on x86_64"), m.print());
    }

    @Test
    void readMostlyGroupIsReportedAtS390xsRealLineSizeWithoutFailing() {
        CheckMatrix m = CheckMatrix.run(List.of(Abi.S390X), List.of(KernelVersion.PATCHED));
        assertTrue(m.allGatingHold());
        String text = m.print();
        assertTrue(text.contains("note: patched read-mostly@L1: struct dst_entry: input at offset 88 shares 256-byte line 0 with __refcnt at 128 on s390x"), text);
    }

    @Test
    void parentKeepsFlagsOffTheWriteableLineAndHasNoWriteableAssertion() {
        List<String> ids = KernelAssertions.forStruct(DstEntry.PARENT, KernelVersion.PARENT).stream().map(Assertion::id).toList();
        assertEquals(List.of("refcnt&63", "read-mostly", "read-mostly@L1"), ids);
    }
}
