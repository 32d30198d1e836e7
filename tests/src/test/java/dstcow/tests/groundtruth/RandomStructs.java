package dstcow.tests.groundtruth;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.ctype.IntKind;
import dstcow.layout.model.AlignSpec;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of random C structs for fuzzing the layout engine against compilers:
 * integers of every width and signedness ({@code _Bool} to {@code unsigned long long}),
 * typedefs (of integers, typedefs, pointers, function pointers, arrays and untagged structs),
 * pointers, function pointers, arrays (also two-dimensional and of structs), named structs and
 * unions embedded by value, untagged named ones, anonymous structs and unions, runs of named
 * bitfields of width 1 up to their type's width (none of width zero, none directly in a
 * union), {@code __attribute__((aligned(n)))} on members and records for n in 1..64 (which
 * only ever raises alignment), and a flexible array member as the last member of some
 * top-level structs that have another member.
 *
 * <p>The same seed gives the same structs; the ABI only bounds bitfield widths (a
 * {@code long} bitfield may be 64 bits wide on LP64 and 32 on ILP32), so every ABI draws the
 * same sequence of decisions. Tags are {@code fz<n>} and {@code fz<n>_<k>}, member names
 * {@code m<k>}, unique per top-level struct, so many structs can share one translation unit.
 */
public final class RandomStructs {

    private static final int[] ALIGNS = {1, 2, 4, 8, 16, 32, 64};
    private static final int MAX_DEPTH = 3;

    private static CType t(IntKind k) { return CType.of(k); }

    // Shared typedefs: one object per name, so a translation unit never defines a name twice.
    static final CType.Typedef FZ_U8 = new CType.Typedef("fz_u8", t(IntKind.UCHAR));
    static final CType.Typedef FZ_S16 = new CType.Typedef("fz_s16", t(IntKind.SHORT));
    static final CType.Typedef FZ_U32 = new CType.Typedef("fz_u32", t(IntKind.UINT));
    static final CType.Typedef FZ_S64 = new CType.Typedef("fz_s64", t(IntKind.LLONG));
    static final CType.Typedef FZ_ULONG = new CType.Typedef("fz_ulong", t(IntKind.ULONG));
    static final CType.Typedef FZ_BOOL = new CType.Typedef("fz_bool", t(IntKind.BOOL));
    static final CType.Typedef FZ_BE32 = new CType.Typedef("fz_be32", FZ_U32);
    static final CType.Typedef FZ_PTR = new CType.Typedef("fz_ptr", CType.ptr(new CType.Void()));
    static final CType.Typedef FZ_FN = new CType.Typedef("fz_fn", CType.fn(t(IntKind.INT), CType.ptrTo("fz_opaque")));
    static final CType.Typedef FZ_ARR3 = new CType.Typedef("fz_arr3", CType.array(t(IntKind.USHORT), 3));
    static final CType.Typedef FZ_ATOMIC = new CType.Typedef("fz_atomic",
            RecordDef.anonymous(RecordDef.Kind.STRUCT, Member.of("counter", t(IntKind.INT))).type());
    static final CType.Typedef FZ_PAIR = new CType.Typedef("fz_pair",
            RecordDef.anonymous(RecordDef.Kind.STRUCT, Member.of("tag", t(IntKind.CHAR)), Member.of("v", t(IntKind.LLONG))).type());
    static final CType.Typedef FZ_LINE = new CType.Typedef("fz_line",
            new RecordDef(RecordDef.Kind.STRUCT, null, List.of(Member.of("c", t(IntKind.CHAR))), AlignSpec.bytes(16), null).type());

    private static final List<CType.Typedef> INT_TYPEDEFS = List.of(FZ_U8, FZ_S16, FZ_U32, FZ_S64, FZ_ULONG, FZ_BOOL, FZ_BE32);
    private static final List<CType.Typedef> OTHER_TYPEDEFS = List.of(FZ_PTR, FZ_FN, FZ_ARR3, FZ_ATOMIC, FZ_PAIR, FZ_LINE);

    private final SplittableRandom rnd;
    private final Abi abi;
    private int count;

    // State of the top-level struct being generated.
    private String tag;
    private int memberNames;
    private int nestedTags;

    public RandomStructs(long seed, Abi abi) {
        this.rnd = new SplittableRandom(seed);
        this.abi = abi;
    }

    /** The next random top-level record, tagged {@code fz<n>}. */
    public RecordDef next() {
        tag = "fz" + count++;
        memberNames = 0;
        nestedTags = 0;
        boolean union = rnd.nextInt(10) == 0;
        RecordDef.Kind kind = union ? RecordDef.Kind.UNION : RecordDef.Kind.STRUCT;
        List<Member> members = members(kind, 0, 1 + rnd.nextInt(10));
        if (!union && rnd.nextInt(8) == 0) {
            CType element = rnd.nextBoolean() ? scalar() : rnd.nextBoolean() ? pointer() : typedefType(0);
            members.add(maybeAligned(Member.of(name(), CType.array(element, CType.Array.FLEXIBLE))));
        }
        return new RecordDef(kind, tag, members, recordAlign(), null);
    }

    /** {@code n} members for a record of {@code kind} at nesting {@code depth} (0: top level). */
    private List<Member> members(RecordDef.Kind kind, int depth, int n) {
        List<Member> out = new ArrayList<>();
        while (out.size() < n) {
            int roll = rnd.nextInt(100);
            if (roll < 25) {
                out.add(maybeAligned(Member.of(name(), scalar())));
            } else if (roll < 33) {
                out.add(maybeAligned(Member.of(name(), typedefType(depth))));
            } else if (roll < 41) {
                out.add(maybeAligned(Member.of(name(), pointer())));
            } else if (roll < 45) {
                out.add(maybeAligned(Member.of(name(), functionPointer())));
            } else if (roll < 53) {
                out.add(maybeAligned(Member.of(name(), array(depth))));
            } else if (roll < 68) {
                if (kind == RecordDef.Kind.UNION) {
                    continue; // no bitfields directly inside a union
                }
                int run = 1 + rnd.nextInt(6);
                for (int i = 0; i < run; i++) {
                    out.add(bitfield());
                }
            } else if (roll < 76) {
                if (depth >= MAX_DEPTH) {
                    continue;
                }
                out.add(maybeAligned(Member.of(name(), taggedRecord(depth + 1).type())));
            } else if (roll < 83) {
                if (depth >= MAX_DEPTH) {
                    continue;
                }
                out.add(maybeAligned(Member.of(name(), untaggedRecord(depth + 1).type())));
            } else if (roll < 92) {
                if (depth >= MAX_DEPTH) {
                    continue;
                }
                out.add(Member.anonymous(untaggedRecord(depth + 1)));
            } else {
                out.add(maybeAligned(Member.of(name(), typedefType(depth))));
            }
        }
        return out;
    }

    private String name() {
        return "m" + memberNames++;
    }

    private RecordDef.Kind anyKind() {
        return rnd.nextInt(3) == 0 ? RecordDef.Kind.UNION : RecordDef.Kind.STRUCT;
    }

    private RecordDef taggedRecord(int depth) {
        RecordDef.Kind kind = anyKind();
        String nestedTag = tag + "_" + nestedTags++;
        return new RecordDef(kind, nestedTag, members(kind, depth, 1 + rnd.nextInt(5)), recordAlign(), null);
    }

    private RecordDef untaggedRecord(int depth) {
        RecordDef.Kind kind = anyKind();
        return new RecordDef(kind, null, members(kind, depth, 1 + rnd.nextInt(4)), recordAlign(), null);
    }

    private AlignSpec recordAlign() {
        return rnd.nextInt(20) == 0 ? AlignSpec.bytes(ALIGNS[rnd.nextInt(ALIGNS.length)]) : AlignSpec.NONE;
    }

    private Member maybeAligned(Member m) {
        return rnd.nextInt(12) == 0 ? m.aligned(AlignSpec.bytes(ALIGNS[rnd.nextInt(ALIGNS.length)])) : m;
    }

    private CType scalar() {
        IntKind[] kinds = IntKind.values();
        return t(kinds[rnd.nextInt(kinds.length)]);
    }

    private CType pointer() {
        return switch (rnd.nextInt(5)) {
            case 0 -> CType.ptr(scalar());
            case 1 -> CType.ptr(new CType.Void());
            case 2 -> CType.ptrTo("fz_opaque");
            case 3 -> CType.ptr(CType.ptr(t(IntKind.CHAR)));
            default -> CType.ptr(new CType.Opaque(RecordDef.Kind.UNION, "fz_opaque_u"));
        };
    }

    private CType functionPointer() {
        CType ret = switch (rnd.nextInt(4)) {
            case 0 -> new CType.Void();
            case 1 -> t(IntKind.INT);
            case 2 -> CType.ptr(t(IntKind.CHAR));
            default -> t(IntKind.LONG);
        };
        int n = rnd.nextInt(4);
        CType[] params = new CType[n];
        for (int i = 0; i < n; i++) {
            params[i] = rnd.nextBoolean() ? scalar() : pointer();
        }
        return CType.fn(ret, params);
    }

    private CType array(int depth) {
        CType element = switch (rnd.nextInt(6)) {
            case 0, 1 -> scalar();
            case 2 -> pointer();
            case 3 -> typedefType(depth);
            case 4 -> depth < MAX_DEPTH ? taggedRecord(depth + 1).type() : scalar();
            default -> functionPointer();
        };
        CType a = CType.array(element, 1 + rnd.nextInt(5));
        return rnd.nextInt(10) == 0 ? CType.array(a, 1 + rnd.nextInt(3)) : a;
    }

    /** A typedef name: one of the shared ones, or a new typedef of an untagged struct or union. */
    private CType typedefType(int depth) {
        int roll = rnd.nextInt(10);
        if (roll < 5) {
            return INT_TYPEDEFS.get(rnd.nextInt(INT_TYPEDEFS.size()));
        }
        if (roll < 8 || depth >= MAX_DEPTH) {
            return OTHER_TYPEDEFS.get(rnd.nextInt(OTHER_TYPEDEFS.size()));
        }
        // CPrinter prints typedefs before tagged records, so a typedef'd record may only embed
        // scalars, pointers, arrays of those and other typedefs.
        RecordDef.Kind kind = anyKind();
        List<Member> members = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        while (members.size() < n) {
            switch (rnd.nextInt(5)) {
                case 0 -> members.add(maybeAligned(Member.of(name(), scalar())));
                case 1 -> members.add(maybeAligned(Member.of(name(), pointer())));
                case 2 -> members.add(Member.of(name(), CType.array(scalar(), 1 + rnd.nextInt(4))));
                case 3 -> members.add(Member.of(name(), INT_TYPEDEFS.get(rnd.nextInt(INT_TYPEDEFS.size()))));
                default -> {
                    if (kind == RecordDef.Kind.STRUCT) {
                        members.add(bitfield());
                    }
                }
            }
        }
        RecordDef def = new RecordDef(kind, null, members, recordAlign(), null);
        return new CType.Typedef(tag + "_t" + nestedTags++, def.type());
    }

    private Member bitfield() {
        CType type = rnd.nextInt(4) == 0 ? INT_TYPEDEFS.get(rnd.nextInt(INT_TYPEDEFS.size())) : scalar();
        IntKind kind = ((CType.Int) type.resolved()).kind();
        int bits = kind == IntKind.BOOL ? 1 : kind.size(abi) * 8;
        // Favour narrow fields, so runs share storage units, but reach the full width too.
        int width = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(bits) : 1 + rnd.nextInt(Math.min(bits, 12));
        return Member.bits(name(), type, width);
    }
}
