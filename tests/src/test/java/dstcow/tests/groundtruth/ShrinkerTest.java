package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shrinker keeps the failure and removes everything else. */
class ShrinkerTest {

    /** A stand-in for "the engine gets it wrong": the struct holds a long long bitfield somewhere. */
    static boolean hasLongLongBitfield(RecordDef def) {
        for (Member m : def.members()) {
            CType t = m.type().resolved();
            if (m.bitfield() && t instanceof CType.Int i && i.kind() == IntKind.LLONG) {
                return true;
            }
            if (t instanceof CType.Record r && hasLongLongBitfield(r.def())) {
                return true;
            }
            if (t instanceof CType.Array a && a.element().resolved() instanceof CType.Record r && hasLongLongBitfield(r.def())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shrinksToTheOneMemberThatMatters() {
        RandomStructs g = new RandomStructs(99, Abi.X86_64);
        Predicate<RecordDef> fails = ShrinkerTest::hasLongLongBitfield;
        int shrunk = 0;
        for (int i = 0; i < 500 && shrunk < 20; i++) {
            RecordDef def = g.next();
            if (def.kind() != RecordDef.Kind.STRUCT || !fails.test(def)) {
                continue; // a union cannot hold the bitfield directly, so it cannot shrink to one
            }
            RecordDef small = Shrinker.shrink(def, fails, 10_000);
            assertTrue(fails.test(small), "the shrunk struct must still fail");
            assertEquals(1, small.members().size(), () -> "not minimal: " + small.members());
            Member only = small.members().getFirst();
            assertTrue(only.bitfield() && only.type() instanceof CType.Int, () -> "not minimal: " + only);
            shrunk++;
        }
        assertTrue(shrunk >= 5, "too few structs with a long long bitfield to test the shrinker: " + shrunk);
    }
}
