package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;
import dstcow.layout.print.CPrinter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The generator keeps its contract: reproducible, valid C, and it reaches every feature it promises. */
class RandomStructsTest {

    static final int N = 2000;

    static List<RecordDef> generate(long seed, Abi abi, int n) {
        RandomStructs g = new RandomStructs(seed, abi);
        List<RecordDef> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    static String c(List<RecordDef> defs, Abi abi) {
        CPrinter p = new CPrinter(KernelConfig.defaults(abi), abi.l1CacheBytes());
        defs.forEach(p::add);
        return p.print();
    }

    @Test
    void theSameSeedGivesTheSameStructs() {
        assertEquals(c(generate(42, Abi.X86_64, 200), Abi.X86_64), c(generate(42, Abi.X86_64, 200), Abi.X86_64));
        assertNotEquals(c(generate(42, Abi.X86_64, 200), Abi.X86_64), c(generate(43, Abi.X86_64, 200), Abi.X86_64));
    }

    @Test
    void everyAbiDrawsTheSameShapes() {
        // Only bitfield widths depend on the ABI (the width of long), so member names line up.
        List<RecordDef> lp64 = generate(7, Abi.X86_64, 300);
        List<RecordDef> ilp32 = generate(7, Abi.I386, 300);
        for (int i = 0; i < lp64.size(); i++) {
            assertEquals(names(lp64.get(i)), names(ilp32.get(i)), lp64.get(i).cName());
        }
    }

    /** What {@link #check} saw, to show the generator reaches every promised feature. */
    static final class Seen {
        final Set<IntKind> kinds = EnumSet.noneOf(IntKind.class);
        final Set<Integer> aligns = new HashSet<>();
        boolean flexible, anonymousUnion, anonymousStruct, taggedUnion, typedef, functionPointer, twoDimensional;
        boolean fullWidthBitfield, topLevelUnion;
    }

    @Test
    void structsAreValidAndCoverEveryFeature() {
        for (Abi abi : List.of(Abi.X86_64, Abi.I386, Abi.M68K)) {
            Seen seen = new Seen();
            for (RecordDef def : generate(1234, abi, N)) {
                seen.topLevelUnion |= def.kind() == RecordDef.Kind.UNION;
                check(def, abi, true, seen);
            }
            assertEquals(EnumSet.allOf(IntKind.class), seen.kinds, abi + ": integer kinds used");
            assertEquals(Set.of(1, 2, 4, 8, 16, 32, 64), seen.aligns, abi + ": aligned(n) values used");
            assertTrue(seen.flexible && seen.anonymousUnion && seen.anonymousStruct && seen.taggedUnion && seen.typedef
                    && seen.functionPointer && seen.twoDimensional && seen.fullWidthBitfield && seen.topLevelUnion,
                    abi + ": a feature was never generated");
        }
    }

    private static void check(RecordDef def, Abi abi, boolean topLevel, Seen seen) {
        List<Member> ms = def.members();
        if (ms.isEmpty()) {
            fail(def.cName() + " has no members");
        }
        if (def.aligned() instanceof AlignSpec.Bytes b) {
            seen.aligns.add(b.n());
        }
        for (int i = 0; i < ms.size(); i++) {
            Member m = ms.get(i);
            if (m.aligned() instanceof AlignSpec.Bytes b) {
                seen.aligns.add(b.n());
            }
            CType t = m.type();
            seen.typedef |= t instanceof CType.Typedef;
            seen.functionPointer |= t.resolved() instanceof CType.FunctionPointer;
            if (t instanceof CType.Array a) {
                seen.twoDimensional |= a.element() instanceof CType.Array;
                if (a.flexible()) {
                    seen.flexible = true;
                    assertTrue(topLevel && def.kind() == RecordDef.Kind.STRUCT && i == ms.size() - 1 && ms.size() > 1,
                            def.cName() + ": flexible array " + m.name() + " out of place");
                }
            }
            if (m.bitfield()) {
                assertNotEquals(RecordDef.Kind.UNION, def.kind(), def.cName() + ": bitfield " + m.name() + " in a union");
                assertTrue(m.name() != null, def.cName() + ": unnamed bitfield");
                IntKind k = ((CType.Int) t.resolved()).kind();
                int bits = k == IntKind.BOOL ? 1 : k.size(abi) * 8;
                assertTrue(m.bitWidth() >= 1 && m.bitWidth() <= bits, def.cName() + "." + m.name() + ": width " + m.bitWidth());
                seen.fullWidthBitfield |= m.bitWidth() == bits && bits > 8;
                assertTrue(m.aligned() instanceof AlignSpec.None, "aligned bitfield");
            }
            if (t.resolved() instanceof CType.Int i2) {
                seen.kinds.add(i2.kind());
            }
            if (t.resolved() instanceof CType.Record r) {
                seen.anonymousUnion |= m.anonymous() && r.def().kind() == RecordDef.Kind.UNION;
                seen.anonymousStruct |= m.anonymous() && r.def().kind() == RecordDef.Kind.STRUCT;
                seen.taggedUnion |= r.def().tag() != null && r.def().kind() == RecordDef.Kind.UNION;
                check(r.def(), abi, false, seen);
            }
            if (t instanceof CType.Array a && a.element().resolved() instanceof CType.Record r) {
                check(r.def(), abi, false, seen);
            }
        }
    }

    private static List<String> names(RecordDef def) {
        List<String> out = new ArrayList<>();
        for (Member m : def.members()) {
            out.add(String.valueOf(m.name()));
            if (m.type().resolved() instanceof CType.Record r) {
                out.addAll(names(r.def()));
            }
        }
        return out;
    }
}
