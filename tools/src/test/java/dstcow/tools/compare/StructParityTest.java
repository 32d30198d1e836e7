package dstcow.tools.compare;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.engine.LayoutEngine;
import dstcow.layout.kernel.KernelBasics;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Cond;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dstcow.layout.kernel.KTypes.INT;
import static dstcow.layout.kernel.KTypes.UINT;
import static dstcow.layout.kernel.KTypes.ULONG;
import static dstcow.layout.kernel.KTypes.VOID;
import static dstcow.layout.kernel.KTypes.__be16;
import static dstcow.layout.kernel.KTypes.atomic_t;
import static dstcow.layout.kernel.KTypes.ptr;
import static dstcow.layout.kernel.KTypes.u32;
import static dstcow.layout.kernel.KTypes.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Struct parity on the fixtures: full parity where the C and the model agree, and each kind of
 * difference the check must catch, with the exact line it reports.
 */
class StructParityTest {

    /** The Java model of struct pkt_desc in pkt.h, written independently of the reader. */
    static final RecordDef PKT_DESC = new RecordDef(RecordDef.Kind.STRUCT, "pkt_desc", List.of(
            Member.of("next", ptr("pkt_desc")),
            Member.of("pprev", CType.ptr(ptr("pkt_desc"))),
            Member.of("ops", ptr("dst_ops")),
            Member.of("stamp", ULONG),
            Member.of("xfrm", ptr("xfrm_state")).ifdef("CONFIG_XFRM"),
            Member.of("__pad1", ptr(VOID)).ifndef("CONFIG_XFRM"),
            Member.of("slots", CType.array(u32, 6)),
            Member.of("num_in", INT),
            Member.of("num_out", INT),
            Member.bits("kind", UINT, 4),
            Member.bits("urgent", UINT, 1),
            Member.bits("cls", u8, 3),
            Member.anonymous(RecordDef.anonymous(RecordDef.Kind.UNION,
                    Member.of("peer", ptr("pkt_desc")),
                    Member.of("cookie", ULONG),
                    Member.of("ports", RecordDef.anonymous(RecordDef.Kind.STRUCT,
                            Member.of("sport", __be16),
                            Member.of("dport", __be16)).type()))),
            Member.of("cpu_list", KernelBasics.LIST_HEAD.type()).when(Cond.both(Cond.ifdef("CONFIG_SMP"), Cond.ifdef("CONFIG_HOTPLUG_CPU"))),
            Member.of("handler", CType.fn(INT, ptr("sk_buff"), ptr("pkt_desc"))),
            Member.of("route", ptr("rtable")),
            Member.of("refs", atomic_t).aligned(AlignSpec.CACHELINE_IN_SMP)),
            AlignSpec.LONG, null);

    /** The model of struct pkt_small that every variant in pkt_mismatch.h departs from once. */
    static final RecordDef PKT_SMALL = RecordDef.struct("pkt_small", null,
            Member.of("next", ptr("pkt_small")),
            Member.of("stamp", ULONG),
            Member.of("xfrm", ptr("xfrm_state")).ifdef("CONFIG_XFRM"),
            Member.of("len", u32),
            Member.bits("kind", UINT, 4));

    private static final CFile PKT = Fixtures.read("pkt.h", "CONFIG_XFRM", "CONFIG_SMP");
    private static final CFile MISMATCH = Fixtures.read("pkt_mismatch.h", "CONFIG_XFRM");
    private static final CFile DST = Fixtures.read("dst_entry_62fa8a84.h", "CONFIG_XFRM");

    private static ParityResult small(String tag) {
        return StructParity.compare(MISMATCH.requireStruct(tag), PKT_SMALL);
    }

    @Test
    void everyConstructMatchesItsModel() {
        ParityResult r = StructParity.compare(PKT, "pkt_desc", PKT_DESC);
        assertEquals(ParityResult.Status.MATCH, r.status(), r.toText());
        assertEquals("pkt.h:23", r.cSide());
    }

    @Test
    void everyConstructLaysOutLikeItsModelOnEveryAbi() {
        ParityResult r = StructParity.compareLayout(PKT, "pkt_desc", PKT_DESC, KernelVersion.PATCHED);
        assertEquals(ParityResult.Status.MATCH, r.status(), r.toText());
    }

    @Test
    void theConvertedRecordLaysOutAsTheEngineSaysForTheModel() {
        // Spot check of toRecordDef: the member that is ____cacheline_aligned_in_smp lands on a cache line.
        KernelConfig x86 = KernelConfig.defaults(Abi.X86_64);
        RecordDef c = StructParity.toRecordDef(PKT.requireStruct("pkt_desc"), x86, ModelTypes.of(KernelVersion.PATCHED, PKT_DESC),
                PKT.constants());
        long refs = LayoutEngine.layout(c, x86).offsetOf("refs");
        assertEquals(0, refs % 64, "refs at " + refs);
        assertEquals(LayoutEngine.layout(PKT_DESC, x86).size(), LayoutEngine.layout(c, x86).size());
    }

    @Test
    void theVariantWithoutDifferencesMatches() {
        ParityResult r = small("pkt_small");
        assertEquals(ParityResult.Status.MATCH, r.status(), r.toText());
    }

    @Test
    void aFieldMissingFromTheC() {
        ParityResult r = small("pkt_small_no_stamp");
        assertEquals(ParityResult.Status.DIFFER, r.status());
        assertEquals(List.of("extra: `stamp` (`unsigned long stamp`) is in the Java model but not in the C struct"), r.lines());
        assertEquals(ParityResult.What.EXTRA, r.differences().getFirst().what());
    }

    @Test
    void aFieldMissingFromTheJavaModel() {
        ParityResult r = small("pkt_small_flags");
        assertEquals(List.of("missing: `flags` (`int flags`, C line 46) is in the C struct but not in the Java model"), r.lines());
        assertEquals(ParityResult.What.MISSING, r.differences().getFirst().what());
    }

    @Test
    void aReorderedField() {
        ParityResult r = small("pkt_small_reordered");
        assertEquals(List.of("reordered: `len` is member 2 in C (line 53, after `next`) but member 4 in Java (after `xfrm`)"),
                r.lines());
        assertEquals(ParityResult.What.REORDERED, r.differences().getFirst().what());
    }

    @Test
    void aRetypedFieldTypedefNamesMustMatchAsWritten() {
        ParityResult r = small("pkt_small_retyped");
        assertEquals(List.of("type differs: `len` is `__u32` in C (line 68) but `u32` in Java"), r.lines());
        assertEquals(ParityResult.What.TYPE, r.differences().getFirst().what());
        assertEquals("__u32", r.differences().getFirst().c());
        assertEquals("u32", r.differences().getFirst().java());
    }

    @Test
    void aFieldUnderTheWrongIfdef() {
        ParityResult r = small("pkt_small_condition");
        assertEquals(List.of("condition differs: `xfrm` is under `defined(CONFIG_SMP)` in C (line 77) but under "
                + "`defined(CONFIG_XFRM)` in Java"), r.lines());
    }

    @Test
    void aBitfieldOfAnotherWidth() {
        ParityResult r = small("pkt_small_bits");
        assertEquals(List.of("bitfield differs: `kind` is 3 bits in C (line 91) but 4 bits in Java"), r.lines());
    }

    @Test
    void unsignedAloneIsUnsignedInt() {
        // pkt_small spells kind as "unsigned int", the variants as "unsigned": neither is a difference.
        assertTrue(small("pkt_small").matches());
        assertTrue(small("pkt_small_bits").of(ParityResult.What.TYPE).isEmpty());
    }

    @Test
    void differencesInsideAnAnonymousUnionNameTheirPath() {
        RecordDef changed = new RecordDef(RecordDef.Kind.STRUCT, "pkt_desc", PKT_DESC.members().stream().map(m -> m.name() != null ? m
                : Member.anonymous(RecordDef.anonymous(RecordDef.Kind.UNION,
                        Member.of("peer", ptr("pkt_desc")),
                        Member.of("cookie", u32)))).toList(), AlignSpec.LONG, null);
        ParityResult r = StructParity.compare(PKT, "pkt_desc", changed);
        assertEquals(List.of(
                "missing: `union {peer, ...}.ports` (`struct {...} ports`, C line 45) is in the C struct but not in the Java model",
                "type differs: `union {peer, ...}.cookie` is `unsigned long` in C (line 41) but `u32` in Java"), r.lines());
    }

    @Test
    void alignmentAttributesAreCompared() {
        RecordDef plain = new RecordDef(RecordDef.Kind.STRUCT, "pkt_desc", PKT_DESC.members().stream()
                .map(m -> "refs".equals(m.name()) ? m.aligned(AlignSpec.NONE) : m).toList(), AlignSpec.NONE, null);
        ParityResult r = StructParity.compare(PKT, "pkt_desc", plain);
        assertEquals(List.of(
                "attribute differs: the struct has `__aligned__(BITS_PER_LONG/8)` in C but no alignment attribute in Java",
                "attribute differs: `refs` has `____cacheline_aligned_in_smp` in C but no alignment attribute in Java"), r.lines());
    }

    @Test
    void aStructThatIsNotThereIsMissing() {
        ParityResult r = StructParity.compare(PKT, "pkt_nowhere", PKT_DESC);
        assertEquals(ParityResult.Status.MISSING, r.status());
        assertEquals(List.of("no struct pkt_nowhere in pkt.h under the configuration read"), r.lines());
    }

    // ---- struct dst_entry ----------------------------------------------------------------------

    @Test
    void dstEntryOf62fa8a84HasFullParityWithThePatchedModel() {
        RecordDef patched = KernelStructs.get("dst_entry", KernelVersion.PATCHED);
        ParityResult members = StructParity.compare(DST, "dst_entry", patched);
        assertEquals(ParityResult.Status.MATCH, members.status(), members.toText());
        ParityResult layout = StructParity.compareLayout(DST, "dst_entry", patched, KernelVersion.PATCHED);
        assertEquals(ParityResult.Status.MATCH, layout.status(), layout.toText());
    }

    @Test
    void dstEntryOf62fa8a84DiffersFromTheParentModel() {
        RecordDef parent = KernelStructs.get("dst_entry", KernelVersion.PARENT);
        ParityResult r = StructParity.compare(DST, "dst_entry", parent);
        assertEquals(ParityResult.Status.DIFFER, r.status());
        assertTrue(r.lines().contains("type differs: `_metrics` is `unsigned long` in C (line 18) but `u32[14]` in Java"), r.toText());
        assertTrue(r.lines().contains("reordered: `flags` is member 26 in C (line 50, after `rate_tokens`) but member 6 in Java "
                + "(after `obsolete`)"), r.toText());
        assertTrue(r.of(ParityResult.What.MISSING).isEmpty() && r.of(ParityResult.What.EXTRA).isEmpty(),
                "the patch moves and retypes members; it adds and removes none");

        ParityResult layout = StructParity.compareLayout(DST, "dst_entry", parent, KernelVersion.PARENT);
        assertEquals(ParityResult.Status.DIFFER, layout.status());
        assertTrue(layout.lines().contains("sizeof differs: C 168, Java 216 on x86_64, aarch64, powerpc64, s390x, riscv64"),
                layout.toText());
        assertTrue(layout.lines().stream().anyMatch(l -> l.startsWith("offset of `__refcnt` differs: C 128, Java 192 on x86_64")),
                layout.toText());
    }

    @Test
    void conditionsAreComparedByMeaningNotText() {
        PpExpr a = PpExpr.parse("!(defined(A) || defined(B))");
        PpExpr b = PpExpr.parse("!defined(A) && !defined(B)");
        assertTrue(StructParity.equivalent(a, b));
        assertFalse(StructParity.equivalent(a, PpExpr.parse("!defined(A)")));
        assertTrue(StructParity.equivalent(PpExpr.parse("IS_ENABLED(X)"), PpExpr.parse("defined(X) || defined(X_MODULE)")));
        assertTrue(StructParity.equivalent(PpExpr.TRUE, PpExpr.parse("1")));
    }
}
