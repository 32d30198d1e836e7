package dstcow.layout.engine;

import dstcow.layout.model.KernelConfig;
import dstcow.layout.model.RecordDef;

import java.lang.foreign.GroupLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A struct or union laid out for one ABI and configuration: every member's offset, size and
 * alignment, and the same layout as an FFM {@link GroupLayout} (explicit, named padding; the
 * ABI's byte order and alignments), which FFM validates as it is built.
 *
 * @param def       the definition
 * @param config    the ABI and kernel configuration it was laid out for
 * @param cacheLine the cache-line size used for {@code ____cacheline_aligned_in_smp} and for printing
 * @param size      {@code sizeof}
 * @param align     {@code _Alignof}
 * @param fields    the present members, in declaration order
 * @param ffm       the FFM layout; its byte size and alignment equal {@code size} and {@code align}
 */
public record RecordLayout(RecordDef def, KernelConfig config, int cacheLine, long size, long align,
                           List<FieldLayout> fields, GroupLayout ffm) {

    public RecordLayout {
        fields = List.copyOf(fields);
    }

    public String name() { return def.cName(); }

    /**
     * The member at a dotted path ({@code rt.dst.__refcnt}); anonymous structs and unions are
     * looked through, as in C. The returned offset is relative to this record.
     */
    public Optional<Located> find(String path) {
        RecordLayout current = this;
        long base = 0;
        FieldLayout hit = null;
        for (String part : path.split("\\.")) {
            if (current == null) {
                return Optional.empty();
            }
            Optional<Located> step = current.findDirect(part);
            if (step.isEmpty()) {
                return Optional.empty();
            }
            hit = step.get().field();
            base += step.get().offset();
            current = hit.nested();
        }
        return Optional.of(new Located(hit, base));
    }

    /** Like {@link #find} but fails with the list of members when the path does not exist. */
    public Located field(String path) {
        return find(path).orElseThrow(() -> new IllegalArgumentException(
                name() + " on " + config.abi() + " has no member '" + path + "'; members: " + String.join(", ", memberNames())));
    }

    /** Byte offset of a member, through anonymous records and dotted paths. */
    public long offsetOf(String path) {
        return field(path).offset();
    }

    private Optional<Located> findDirect(String name) {
        for (FieldLayout f : fields) {
            if (name.equals(f.name())) {
                return Optional.of(new Located(f, f.offset()));
            }
            if (f.name() == null && f.nested() != null) {
                Optional<Located> inner = f.nested().findDirect(name);
                if (inner.isPresent()) {
                    return Optional.of(new Located(inner.get().field(), f.offset() + inner.get().offset()));
                }
            }
        }
        return Optional.empty();
    }

    /** The names a user may ask for (anonymous members' names included). */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>();
        for (FieldLayout f : fields) {
            if (f.name() != null) {
                names.add(f.name());
            } else if (f.nested() != null) {
                names.addAll(f.nested().memberNames());
            }
        }
        return names;
    }

    /** Number of {@code cacheLine}-byte lines the record spans. */
    public long cacheLines() {
        return (size + cacheLine - 1) / cacheLine;
    }

    /** A member found by path, with its offset from the start of the record asked. */
    public record Located(FieldLayout field, long offset) {
        public long end() { return offset + (field.end() - field.offset()); }
    }
}
