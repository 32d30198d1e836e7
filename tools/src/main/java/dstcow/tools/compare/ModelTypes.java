package dstcow.tools.compare;

import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.kernel.KTypes;
import dstcow.layout.kernel.KernelStructs;
import dstcow.layout.model.KernelVersion;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typedefs and struct tags the layout model knows, by name, so a struct read from C can be
 * turned into a model {@link RecordDef} and laid out: {@code atomic_t}, {@code __u32},
 * {@code struct rcu_head}, {@code struct flowi}, ... collected from the model's own definitions.
 */
public final class ModelTypes {

    private final Map<String, CType> typedefs = new LinkedHashMap<>();
    private final Map<String, RecordDef> records = new LinkedHashMap<>();
    private final Set<RecordDef> seen = new HashSet<>();

    private ModelTypes() {
    }

    /**
     * Everything reachable from {@code first} (looked up first, so the struct being compared wins
     * over a same-named one), from every {@link KernelStructs} entry of {@code version}, and the
     * kernel's integer typedefs.
     */
    public static ModelTypes of(KernelVersion version, RecordDef... first) {
        ModelTypes t = new ModelTypes();
        for (RecordDef d : first) {
            t.walk(d.type());
        }
        for (KernelStructs.Entry e : KernelStructs.all()) {
            t.walk(e.at(version).type());
        }
        for (CType k : List.of(KTypes.__u8, KTypes.__u16, KTypes.__u32, KTypes.__s32, KTypes.__u64, KTypes.__s64,
                KTypes.u8, KTypes.u16, KTypes.u32, KTypes.s32, KTypes.u64, KTypes.s64, KTypes.__be16, KTypes.__be32,
                KTypes.__le16, KTypes.__le32, KTypes.atomic_t)) {
            t.walk(k);
        }
        t.typedefs.putIfAbsent("bool", new CType.Typedef("bool", CType.of(IntKind.BOOL)));
        return t;
    }

    public Optional<CType> typedef(String name) {
        return Optional.ofNullable(typedefs.get(name));
    }

    public Optional<RecordDef> record(String tag) {
        return Optional.ofNullable(records.get(tag));
    }

    private void walk(CType t) {
        switch (t) {
            case CType.Typedef td -> {
                typedefs.putIfAbsent(td.name(), td);
                walk(td.target());
            }
            case CType.Record r -> {
                RecordDef d = r.def();
                if (d.tag() != null) {
                    records.putIfAbsent(d.tag(), d);
                }
                if (seen.add(d)) {
                    for (Member m : d.members()) {
                        walk(m.type());
                    }
                }
            }
            case CType.Pointer p -> walk(p.target());
            case CType.FunctionPointer f -> {
                walk(f.returns());
                f.params().forEach(this::walk);
            }
            case CType.Array a -> walk(a.element());
            case CType.Int i -> { }
            case CType.Void v -> { }
            case CType.Opaque o -> { }
        }
    }
}
