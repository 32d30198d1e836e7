package dstcow.tests.groundtruth;

import dstcow.layout.ctype.CType;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;

/**
 * Every member path of a record under a configuration, read from the model alone (not from the
 * engine): the names C code uses to reach a member, as {@code offsetof} takes them. Embedded
 * structs and unions are entered ({@code rcu_head.next}), anonymous ones are looked through
 * ({@code next}, not {@code <anon>.next}); arrays are not entered.
 */
public final class MemberPaths {
    private MemberPaths() {
    }

    /**
     * One reachable member.
     *
     * @param path     the dotted path
     * @param member   its declaration
     * @param flexible a C99 flexible array member (no {@code sizeof})
     */
    public record Path(String path, Member member, boolean flexible) {
        public boolean bitfield() { return member.bitfield(); }
    }

    public static List<Path> of(RecordDef def, KernelConfig config) {
        List<Path> out = new ArrayList<>();
        walk(def, config, "", out);
        return out;
    }

    private static void walk(RecordDef def, KernelConfig config, String prefix, List<Path> out) {
        for (Member m : def.members()) {
            if (!m.condition().holds(config)) {
                continue;
            }
            CType resolved = m.type().resolved();
            if (m.anonymous()) {
                if (!(resolved instanceof CType.Record r)) {
                    throw new IllegalArgumentException("unnamed member of " + def.cName() + " is a " + m.type().spelling()
                            + ", not a struct or union");
                }
                walk(r.def(), config, prefix, out);
                continue;
            }
            String path = prefix + m.name();
            boolean flexible = resolved instanceof CType.Array a && a.flexible();
            out.add(new Path(path, m, flexible));
            if (resolved instanceof CType.Record r) {
                walk(r.def(), config, path + ".", out);
            }
        }
    }
}
