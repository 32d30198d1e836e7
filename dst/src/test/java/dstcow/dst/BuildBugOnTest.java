package dstcow.dst;

import dstcow.layout.abi.Abi;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * dst_hold()'s {@code BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63)}: a kernel whose
 * layout breaks it cannot be built, as the real one would not compile.
 */
class BuildBugOnTest {

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void withoutThePadTheRefcountLeavesItsLineAndTheBuildFails(KernelVersion version) {
        BuildBugOnError e = assertThrows(BuildBugOnError.class, () -> DstKernel.builder(version, Abi.X86_64)
                .dstEntry(DstEntry.of(version).without("__pad_to_align_refcnt")).build());
        // Without the pad, __refcnt follows tclassid directly: patched 112 + 4, parent 176 + 4.
        long offset = version == KernelVersion.PATCHED ? 116 : 180;
        assertEquals("BUILD_BUG_ON(offsetof(struct dst_entry, __refcnt) & 63) failed in dst_hold() (include/net/dst.h):"
                + " struct dst_entry: __refcnt at offset " + offset + " on x86_64 (config default) is not 64-byte aligned (offset & 63 = 52);"
                + " check __pad_to_align_refcnt (absent from this layout) so that __refcnt starts a 64-byte line", e.getMessage());
        assertEquals("offsetof(struct dst_entry, __refcnt) & 63", e.condition());
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void theLayoutModulesDefinitionsBuildOnEveryAbiAndConfigTheKernelBuilds(KernelVersion version) {
        for (Abi abi : Abi.values()) {
            for (boolean classid : new boolean[] {true, false}) {
                KernelConfig c = KernelConfig.defaults(abi).with("CONFIG_IP_ROUTE_CLASSID", classid);
                try (DstKernel k = DstKernel.builder(version, abi).config(c).heapBytes(1 << 16).build()) {
                    assertEquals(0, k.offsetOf("__refcnt") & 63, abi + " " + c);
                }
            }
        }
    }
}
