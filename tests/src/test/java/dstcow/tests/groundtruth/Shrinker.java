package dstcow.tests.groundtruth;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing random struct to a small one that still fails, one simplification at a
 * time, at any depth: drop a member, drop an alignment attribute, replace a typedef by what it
 * names, shorten an array to one element or to its element, lift the members of an embedded
 * struct into the enclosing struct (or a union's only member into its parent). Every candidate is re-checked with the compiler; a
 * candidate that no longer compiles (a tag now defined twice) simply does not count.
 */
final class Shrinker {
    private Shrinker() {
    }

    /** Greedily applies simplifications while {@code fails} still holds, trying at most {@code budget} candidates. */
    static RecordDef shrink(RecordDef def, Predicate<RecordDef> fails, int budget) {
        RecordDef current = def;
        int tried = 0;
        boolean progress = true;
        while (progress && tried < budget) {
            progress = false;
            for (RecordDef candidate : candidates(current)) {
                if (++tried > budget) {
                    break;
                }
                if (fails.test(candidate)) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Every one-step simplification of {@code def}. */
    static List<RecordDef> candidates(RecordDef def) {
        List<RecordDef> out = new ArrayList<>();
        List<Member> ms = def.members();
        if (!(def.aligned() instanceof AlignSpec.None)) {
            out.add(with(def, ms, AlignSpec.NONE));
        }
        for (int i = 0; i < ms.size(); i++) {
            List<Member> fewer = new ArrayList<>(ms);
            fewer.remove(i);
            if (!fewer.isEmpty() && !onlyFlexible(fewer)) {
                out.add(with(def, fewer, def.aligned()));
            }
        }
        for (int i = 0; i < ms.size(); i++) {
            Member m = ms.get(i);
            for (Member simpler : simplerMembers(m)) {
                out.add(replace(def, i, List.of(simpler)));
            }
            if (m.type().resolved() instanceof CType.Record r && liftable(def, r.def())) {
                out.add(replace(def, i, r.def().members()));
            }
        }
        return out;
    }

    private static List<Member> simplerMembers(Member m) {
        List<Member> out = new ArrayList<>();
        if (!(m.aligned() instanceof AlignSpec.None)) {
            out.add(new Member(m.name(), m.type(), m.bitWidth(), AlignSpec.NONE, m.condition()));
        }
        CType t = m.type();
        if (t instanceof CType.Typedef td) {
            out.add(new Member(m.name(), td.target(), m.bitWidth(), m.aligned(), m.condition()));
        }
        if (t instanceof CType.Array a && !a.flexible()) {
            if (a.length() > 1) {
                out.add(new Member(m.name(), CType.array(a.element(), 1), m.bitWidth(), m.aligned(), m.condition()));
            }
            out.add(new Member(m.name(), a.element(), m.bitWidth(), m.aligned(), m.condition()));
        }
        if (t instanceof CType.Record r) {
            for (RecordDef inner : candidates(r.def())) {
                out.add(new Member(m.name(), inner.type(), m.bitWidth(), m.aligned(), m.condition()));
            }
        }
        return out;
    }

    /**
     * Whether the members of {@code inner} may take the place of the member holding it: a struct
     * in a struct, or a lone non-bitfield member into a union (unions hold no bitfields).
     */
    private static boolean liftable(RecordDef outer, RecordDef inner) {
        if (containsFlexible(inner)) {
            return false;
        }
        if (outer.kind() == RecordDef.Kind.STRUCT && inner.kind() == RecordDef.Kind.STRUCT) {
            return true;
        }
        return inner.members().size() == 1 && !inner.members().getFirst().bitfield();
    }

    private static boolean onlyFlexible(List<Member> ms) {
        return ms.size() == 1 && ms.getFirst().type() instanceof CType.Array a && a.flexible();
    }

    private static boolean containsFlexible(RecordDef def) {
        return def.members().stream().anyMatch(m -> m.type() instanceof CType.Array a && a.flexible());
    }

    private static RecordDef replace(RecordDef def, int index, List<Member> replacement) {
        List<Member> ms = new ArrayList<>(def.members());
        ms.remove(index);
        ms.addAll(index, replacement);
        return with(def, ms, def.aligned());
    }

    private static RecordDef with(RecordDef def, List<Member> members, AlignSpec aligned) {
        return new RecordDef(def.kind(), def.tag(), members, aligned, def.source());
    }
}
