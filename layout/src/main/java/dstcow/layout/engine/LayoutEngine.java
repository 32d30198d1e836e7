package dstcow.layout.engine;

import dstcow.layout.abi.Abi;
import dstcow.layout.ctype.CType;
import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.Member;
import dstcow.layout.model.RecordDef;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lays out C structs and unions the way the ABI's compiler does (System V rules: each member at
 * the next offset that is a multiple of its alignment, records padded to their alignment,
 * bitfields in containers of their declared type; m68k packs bitfields), and builds the matching
 * FFM layout. Offsets are only ever computed here.
 */
public final class LayoutEngine {

    private record Key(KernelConfig config, int cacheLine) {
    }

    /**
     * Layouts per definition. The definition is a weak key and its layouts are softly held (a
     * layout refers back to its definition, so a strong value would pin the key): the property
     * tests' tens of thousands of random structs can be collected, the kernel structs are laid
     * out once and stay while memory allows.
     */
    private static final Map<RecordDef, java.lang.ref.SoftReference<Map<Key, RecordLayout>>> CACHE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private LayoutEngine() {
    }

    /** Lays out {@code def} with the ABI's own L1 cache-line size. */
    public static RecordLayout layout(RecordDef def, KernelConfig config) {
        return layout(def, config, config.abi().l1CacheBytes());
    }

    /**
     * Lays out {@code def} for {@code config}'s ABI. {@code cacheLine} is {@code SMP_CACHE_BYTES}
     * for {@code ____cacheline_aligned_in_smp} members and the line size printers use.
     */
    public static RecordLayout layout(RecordDef def, KernelConfig config, int cacheLine) {
        if (cacheLine <= 0 || Integer.bitCount(cacheLine) != 1) {
            throw new IllegalArgumentException("cache-line size " + cacheLine + " is not a positive power of two");
        }
        Key key = new Key(config, cacheLine);
        Map<Key, RecordLayout> perDef;
        synchronized (CACHE) {
            java.lang.ref.SoftReference<Map<Key, RecordLayout>> ref = CACHE.get(def);
            perDef = ref == null ? null : ref.get();
            if (perDef == null) {
                perDef = new ConcurrentHashMap<>();
                CACHE.put(def, new java.lang.ref.SoftReference<>(perDef));
            }
        }
        RecordLayout cached = perDef.get(key);
        if (cached != null) {
            return cached;
        }
        RecordLayout computed = compute(def, config, cacheLine);
        perDef.putIfAbsent(key, computed);
        return computed;
    }

    /** {@code sizeof} and {@code _Alignof} of any complete type. */
    public static long[] sizeAlign(CType type, KernelConfig config, int cacheLine) {
        Abi abi = config.abi();
        return switch (type) {
            case CType.Int i -> new long[] {i.kind().size(abi), i.kind().align(abi)};
            case CType.Typedef t -> sizeAlign(t.target(), config, cacheLine);
            case CType.Pointer p -> new long[] {abi.pointerSize(), abi.pointerAlign()};
            case CType.FunctionPointer f -> new long[] {abi.pointerSize(), abi.pointerAlign()};
            case CType.Array a -> {
                long[] e = sizeAlign(a.element(), config, cacheLine);
                yield new long[] {a.flexible() ? 0 : e[0] * a.length(), e[1]};
            }
            case CType.Record r -> {
                RecordLayout l = layout(r.def(), config, cacheLine);
                yield new long[] {l.size(), l.align()};
            }
            case CType.Opaque o -> throw new IllegalArgumentException(
                    o.kind().keyword() + " " + o.tag() + " is opaque in the model: only pointers to it can be laid out");
            case CType.Void v -> throw new IllegalArgumentException("void has no size");
        };
    }

    private static RecordLayout compute(RecordDef def, KernelConfig config, int cacheLine) {
        Abi abi = config.abi();
        boolean union = def.kind() == RecordDef.Kind.UNION;
        List<FieldLayout> fields = new ArrayList<>();
        long bit = 0;            // next free bit (struct) / largest member end in bits (union)
        long maxAlign = 1;
        for (Member m : def.members()) {
            if (!m.condition().holds(config)) {
                continue;
            }
            CType t = m.type();
            long[] sa = sizeAlign(t, config, cacheLine);
            long size = sa[0];
            long align = Math.max(sa[1], m.aligned().resolve(abi, config, cacheLine));
            RecordLayout nested = t.resolved() instanceof CType.Record r ? layout(r.def(), config, cacheLine) : null;
            if (m.bitfield()) {
                int w = m.bitWidth();
                if (w > size * 8) {
                    throw new IllegalArgumentException("bitfield '" + m.name() + "' is " + w + " bits wide, wider than its type "
                            + t.spelling() + " (" + size * 8 + " bits)");
                }
                long start;
                if (union) {
                    start = 0;
                } else if (abi.bitfieldTypeAlignment()) {
                    long alignBits = align * 8;
                    start = (bit % alignBits) + w > size * 8 || w == 0 ? roundUp(bit, alignBits) : bit;
                } else {
                    start = bit;
                }
                if (abi.bitfieldTypeAlignment() && (m.name() != null || w == 0)) {
                    maxAlign = Math.max(maxAlign, align);
                } else if (!abi.bitfieldTypeAlignment()) {
                    // GCC without PCC_BITFIELD_TYPE_MATTERS (m68k) lays out a bitfield exactly as wide as
                    // an integer mode, starting aligned for it, as an ordinary member of that mode
                    // (stor-layout.c): it then aligns the record like one.
                    long modeAlign = integerModeAlign(w, abi);
                    if (modeAlign > 0 && start % (modeAlign * 8) == 0) {
                        maxAlign = Math.max(maxAlign, modeAlign);
                    }
                }
                long end = start + w;
                bit = union ? Math.max(bit, roundUp(end, 8)) : end;
                fields.add(new FieldLayout(m, start / 8, start, size, align, null));
            } else {
                long offset = union ? 0 : roundUp(roundUp(bit, 8) / 8, align);
                maxAlign = Math.max(maxAlign, align);
                bit = union ? Math.max(bit, size * 8) : (offset + size) * 8;
                fields.add(new FieldLayout(m, offset, offset * 8, size, align, nested));
            }
        }
        maxAlign = Math.max(maxAlign, def.aligned().resolve(abi, config, cacheLine));
        long size = roundUp(roundUp(bit, 8) / 8, maxAlign);
        GroupLayout ffm = FfmLayouts.build(def, config, cacheLine, fields, size, maxAlign);
        if (ffm.byteSize() != size || ffm.byteAlignment() != maxAlign) {
            throw new IllegalStateException("FFM layout of " + def.cName() + " on " + abi + " is " + ffm.byteSize() + " bytes, align "
                    + ffm.byteAlignment() + "; the engine computed " + size + ", align " + maxAlign);
        }
        return new RecordLayout(def, config, cacheLine, size, maxAlign, fields, ffm);
    }

    private static long integerModeAlign(int width, Abi abi) {
        return switch (width) {
            case 8 -> 1;
            case 16 -> abi.shortAlign();
            case 32 -> abi.intAlign();
            case 64 -> abi.longLongAlign();
            default -> 0;
        };
    }

    static long roundUp(long value, long align) {
        return (value + align - 1) / align * align;
    }

    /** The FFM value layout for a scalar of {@code size} bytes, in the ABI's byte order. */
    public static ValueLayout scalar(long size, long align, Abi abi) {
        ValueLayout base = switch ((int) size) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 2 -> ValueLayout.JAVA_SHORT;
            case 4 -> ValueLayout.JAVA_INT;
            case 8 -> ValueLayout.JAVA_LONG;
            default -> throw new IllegalArgumentException("no scalar of " + size + " bytes");
        };
        return base.withOrder(abi.byteOrder()).withByteAlignment(align);
    }

    /** Builds FFM group layouts from computed field positions; kept apart so the rules above stay readable. */
    private static final class FfmLayouts {
        static GroupLayout build(RecordDef def, KernelConfig config, int cacheLine, List<FieldLayout> fields, long size, long align) {
            List<MemoryLayout> elements = new ArrayList<>();
            int anon = 0;
            if (def.kind() == RecordDef.Kind.UNION) {
                long largest = 0;
                for (FieldLayout f : fields) {
                    MemoryLayout l = f.bitfield()
                            ? MemoryLayout.sequenceLayout((f.bitWidth() + 7) / 8, ValueLayout.JAVA_BYTE).withName("bitfield " + f.name())
                            : member(f, config, cacheLine, anon++);
                    elements.add(l);
                    largest = Math.max(largest, l.byteSize());
                }
                if (largest < size) {
                    elements.add(MemoryLayout.paddingLayout(size).withName("__union_padding"));
                }
                GroupLayout u = MemoryLayout.unionLayout(elements.toArray(MemoryLayout[]::new));
                return named(u.byteAlignment() < align ? u.withByteAlignment(align) : u, def);
            }
            long pos = 0;
            int i = 0;
            while (i < fields.size()) {
                FieldLayout f = fields.get(i);
                if (f.bitfield()) {
                    // A run of bitfields sharing bytes becomes one byte sequence named after them.
                    long start = f.bitOffset() / 8;
                    long end = f.end();
                    StringBuilder names = new StringBuilder(String.valueOf(f.name()));
                    int j = i + 1;
                    while (j < fields.size() && fields.get(j).bitfield() && fields.get(j).bitOffset() / 8 < end) {
                        end = Math.max(end, fields.get(j).end());
                        names.append(',').append(fields.get(j).name());
                        j++;
                    }
                    pos = pad(elements, pos, start);
                    if (end > start) {
                        elements.add(MemoryLayout.sequenceLayout(end - start, ValueLayout.JAVA_BYTE)
                                .withName("bitfield " + names));
                    }
                    pos = Math.max(pos, end);
                    i = j;
                    continue;
                }
                pos = pad(elements, pos, f.offset());
                MemoryLayout l = member(f, config, cacheLine, anon);
                if (f.name() == null) {
                    anon++;
                }
                elements.add(l);
                pos = f.offset() + f.size();
                i++;
            }
            if (pos < size) {
                elements.add(MemoryLayout.paddingLayout(size - pos).withName("__tail_padding"));
            }
            GroupLayout s = MemoryLayout.structLayout(elements.toArray(MemoryLayout[]::new));
            return named(s.byteAlignment() < align ? s.withByteAlignment(align) : s, def);
        }

        private static GroupLayout named(GroupLayout l, RecordDef def) {
            return def.tag() == null ? l : l.withName(def.tag());
        }

        private static long pad(List<MemoryLayout> elements, long pos, long target) {
            if (target > pos) {
                elements.add(MemoryLayout.paddingLayout(target - pos).withName("__hole_at_" + pos));
            }
            return Math.max(pos, target);
        }

        private static MemoryLayout member(FieldLayout f, KernelConfig config, int cacheLine, int anonIndex) {
            MemoryLayout l = typeLayout(f.type(), config, cacheLine);
            if (l.byteAlignment() < f.align()) {
                l = l.withByteAlignment(f.align());
            }
            return l.withName(f.name() != null ? f.name() : "$anon" + anonIndex);
        }

        private static MemoryLayout typeLayout(CType t, KernelConfig config, int cacheLine) {
            Abi abi = config.abi();
            return switch (t.resolved()) {
                case CType.Int i -> scalar(i.kind().size(abi), i.kind().align(abi), abi);
                case CType.Pointer p -> scalar(abi.pointerSize(), abi.pointerAlign(), abi);
                case CType.FunctionPointer p -> scalar(abi.pointerSize(), abi.pointerAlign(), abi);
                case CType.Array a -> MemoryLayout.sequenceLayout(a.flexible() ? 0 : a.length(),
                        typeLayout(a.element(), config, cacheLine));
                case CType.Record rec -> LayoutEngine.layout(rec.def(), config, cacheLine).ffm();
                default -> throw new IllegalArgumentException("cannot lay out " + t.spelling());
            };
        }
    }
}
