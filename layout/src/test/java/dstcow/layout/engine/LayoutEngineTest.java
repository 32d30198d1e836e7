package dstcow.layout.engine;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.kernel.DstEntry;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's rules on small structs whose layouts are psABI facts (each row was also checked
 * with clang, or m68k-linux-gnu-gcc for m68k); the tests module checks thousands more.
 */
class LayoutEngineTest {

    private static final RecordDef CHAR_LLONG = RecordDef.struct("char_llong", null,
            Member.of("c", CType.of(IntKind.CHAR)), Member.of("l", CType.of(IntKind.LLONG)));

    @ParameterizedTest(name = "{0}: char then long long: {2} bytes, l at {1}")
    @CsvSource({"x86_64, 8, 16, 8", "i386, 4, 12, 4", "arm, 8, 16, 8", "m68k, 2, 10, 2", "s390x, 8, 16, 8"})
    void longLongAlignmentFollowsTheAbi(String abi, long offset, long size, long align) {
        RecordLayout l = LayoutEngine.layout(CHAR_LLONG, KernelConfig.defaults(Abi.parse(abi)));
        assertEquals(offset, l.offsetOf("l"));
        assertEquals(size, l.size());
        assertEquals(align, l.align());
    }

    @ParameterizedTest(name = "{0}: bitfields")
    @CsvSource({
            // char c; int x:31; char d;  SysV: x moves to the next int; m68k packs it at bit 8.
            "x86_64, 32, 8, 12, 4",
            "i386, 32, 8, 12, 4",
            "m68k, 8, 5, 6, 1",
    })
    void bitfieldContainers(String abi, long xBit, long dOffset, long size, long align) {
        RecordDef def = RecordDef.struct("bf", null,
                Member.of("c", CType.of(IntKind.CHAR)),
                Member.bits("x", CType.of(IntKind.INT), 31),
                Member.of("d", CType.of(IntKind.CHAR)));
        RecordLayout l = LayoutEngine.layout(def, KernelConfig.defaults(Abi.parse(abi)));
        assertEquals(xBit, l.field("x").field().bitOffset());
        assertEquals(dOffset, l.offsetOf("d"));
        assertEquals(size, l.size());
        assertEquals(align, l.align());
    }

    @Test
    void alignedMemberRaisesRecordAlignmentAndLeavesAVisibleHole() {
        RecordDef def = RecordDef.struct("al", null,
                Member.of("a", CType.of(IntKind.INT)),
                Member.of("b", CType.of(IntKind.INT)).aligned(AlignSpec.bytes(64)));
        RecordLayout l = LayoutEngine.layout(def, KernelConfig.defaults(Abi.X86_64));
        assertEquals(64, l.offsetOf("b"));
        assertEquals(128, l.size());
        assertEquals(64, l.align());
        MemoryLayout hole = l.ffm().memberLayouts().get(1);
        assertEquals("__hole_at_4", hole.name().orElseThrow());
        assertEquals(60, hole.byteSize());
        assertEquals("__tail_padding", l.ffm().memberLayouts().getLast().name().orElseThrow());
    }

    @Test
    void cachelineAlignedInSmpFollowsConfigAndLineSize() {
        RecordDef def = RecordDef.struct("cl", null,
                Member.of("a", CType.of(IntKind.INT)),
                Member.of("b", CType.of(IntKind.INT)).aligned(AlignSpec.CACHELINE_IN_SMP));
        KernelConfig smp = KernelConfig.defaults(Abi.POWERPC64);
        assertEquals(128, LayoutEngine.layout(def, smp).offsetOf("b"));
        assertEquals(256, LayoutEngine.layout(def, smp, 256).offsetOf("b"));
        assertEquals(4, LayoutEngine.layout(def, smp.with("CONFIG_SMP", false)).offsetOf("b"));
    }

    @Test
    void flexibleArrayAddsAlignmentButNoSize() {
        RecordDef def = RecordDef.struct("flex", null,
                Member.of("c", CType.of(IntKind.CHAR)),
                Member.of("tail", CType.array(CType.of(IntKind.LONG), CType.Array.FLEXIBLE)));
        RecordLayout l = LayoutEngine.layout(def, KernelConfig.defaults(Abi.X86_64));
        assertEquals(8, l.offsetOf("tail"));
        assertEquals(8, l.size());
    }

    @Test
    void unionIsAsLargeAsItsLargestMemberRoundedToItsAlignment() {
        RecordDef def = RecordDef.union("u", null,
                Member.of("c", CType.array(CType.of(IntKind.CHAR), 5)),
                Member.of("i", CType.of(IntKind.INT)));
        RecordLayout l = LayoutEngine.layout(def, KernelConfig.defaults(Abi.I386));
        assertEquals(8, l.size());
        assertEquals(0, l.offsetOf("i"));
        assertEquals(8, l.ffm().byteSize());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x86_64, LITTLE_ENDIAN, 8", "i386, LITTLE_ENDIAN, 4", "powerpc64, BIG_ENDIAN, 8", "s390x, BIG_ENDIAN, 8", "m68k, BIG_ENDIAN, 4"})
    void ffmLayoutCarriesTheAbisByteOrderAndWordSize(String abi, String order, long word) {
        RecordLayout l = LayoutEngine.layout(DstEntry.PATCHED, KernelConfig.defaults(Abi.parse(abi)));
        ValueLayout metrics = (ValueLayout) l.ffm().select(MemoryLayout.PathElement.groupElement("_metrics"));
        assertEquals(order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, metrics.order());
        assertEquals(word, metrics.byteSize());
        assertEquals(l.offsetOf("_metrics"),
                l.ffm().byteOffset(MemoryLayout.PathElement.groupElement("_metrics")));
        assertEquals(l.size(), l.ffm().byteSize());
    }

    @Test
    void anonymousUnionMembersAreFoundByName() {
        RecordLayout l = LayoutEngine.layout(DstEntry.PATCHED, KernelConfig.defaults(Abi.X86_64));
        assertEquals(l.offsetOf("next"), l.offsetOf("rt_next"));
        assertEquals(8, l.offsetOf("rcu_head.func"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.offsetOf("nope"));
        assertTrue(e.getMessage().startsWith("struct dst_entry on x86_64 has no member 'nope'; members: rcu_head, child,"), e.getMessage());
    }

    @Test
    void dottedPathsAddTheEnclosingMembersOffsets() {
        // clang: offsetof(struct dst_ops, pcpuc_entries) = 128 on x86_64, count follows the 4-byte lock at +8.
        RecordLayout l = LayoutEngine.layout(dstcow.layout.kernel.DstOps.PATCHED, KernelConfig.defaults(Abi.X86_64));
        assertEquals(128, l.offsetOf("pcpuc_entries"));
        assertEquals(136, l.offsetOf("pcpuc_entries.count"));
        assertEquals(128, l.offsetOf("pcpuc_entries.lock.rlock.raw_lock.slock"));
    }

    @Test
    void opaqueStructsCannotBeEmbedded() {
        RecordDef def = RecordDef.struct("bad", null, Member.of("dev", new CType.Opaque(RecordDef.Kind.STRUCT, "net_device")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayoutEngine.layout(def, KernelConfig.defaults(Abi.X86_64)));
        assertEquals("struct net_device is opaque in the model: only pointers to it can be laid out", e.getMessage());
    }

    @Test
    void badCacheLineIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayoutEngine.layout(DstEntry.PATCHED, KernelConfig.defaults(Abi.X86_64), 48));
        assertEquals("cache-line size 48 is not a positive power of two", e.getMessage());
    }
}
