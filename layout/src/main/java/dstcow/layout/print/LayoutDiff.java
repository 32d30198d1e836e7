package dstcow.layout.print;

import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two layouts of a struct (parent vs patched, or one ABI vs another): the
 * size delta, every member with its old and new offset and cache line, and holes added or removed.
 */
public final class LayoutDiff {

    /** One member's fate. {@code from}/{@code to} offsets are -1 where the member is absent. */
    public record Change(String name, String fromType, String toType, long fromOffset, long toOffset,
                         long fromLine, long toLine, long fromSize, long toSize) {
        public String kind() {
            if (fromOffset < 0) {
                return "added";
            }
            if (toOffset < 0) {
                return "removed";
            }
            if (!Objects.equals(fromType, toType)) {
                return "retyped";
            }
            if (fromOffset != toOffset) {
                return fromLine != toLine ? "moved line" : "moved";
            }
            return "same";
        }
    }

    private final RecordLayout from;
    private final RecordLayout to;
    private final String fromLabel;
    private final String toLabel;
    private final List<Change> changes = new ArrayList<>();

    public LayoutDiff(RecordLayout from, String fromLabel, RecordLayout to, String toLabel) {
        this.from = from;
        this.to = to;
        this.fromLabel = fromLabel;
        this.toLabel = toLabel;
        Map<String, FieldLayout> a = index(from);
        Map<String, FieldLayout> b = index(to);
        for (Map.Entry<String, FieldLayout> e : b.entrySet()) {
            FieldLayout old = a.get(e.getKey());
            FieldLayout now = e.getValue();
            changes.add(new Change(e.getKey(), old == null ? null : old.type().spelling(), now.type().spelling(),
                    old == null ? -1 : old.offset(), now.offset(),
                    old == null ? -1 : old.offset() / from.cacheLine(), now.offset() / to.cacheLine(),
                    old == null ? 0 : old.size(), now.size()));
        }
        for (Map.Entry<String, FieldLayout> e : a.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                FieldLayout old = e.getValue();
                changes.add(new Change(e.getKey(), old.type().spelling(), null, old.offset(), -1,
                        old.offset() / from.cacheLine(), -1, old.size(), 0));
            }
        }
    }

    /** Top-level members by name; an anonymous member is named after what it holds. */
    private static Map<String, FieldLayout> index(RecordLayout l) {
        Map<String, FieldLayout> m = new LinkedHashMap<>();
        for (FieldLayout f : l.fields()) {
            String key = f.name() != null ? f.name()
                    : f.nested().def().kind().keyword() + " {" + f.nested().memberNames().getFirst() + ", ...}";
            m.put(key, f);
        }
        return m;
    }

    public List<Change> changes() { return changes; }

    public long sizeDelta() { return to.size() - from.size(); }

    public List<Holes.Hole> holesRemoved() {
        List<Holes.Hole> out = new ArrayList<>(Holes.of(from));
        out.removeIf(h -> Holes.of(to).contains(h));
        return out;
    }

    public List<Holes.Hole> holesAdded() {
        List<Holes.Hole> out = new ArrayList<>(Holes.of(to));
        out.removeIf(h -> Holes.of(from).contains(h));
        return out;
    }

    /** The diff as text: a header, one row per member, then the holes. */
    public String print() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s: %s %d bytes (%d lines of %d) -> %s %d bytes (%d lines of %d): %+d bytes%n",
                to.def().cName(), fromLabel, from.size(), from.cacheLines(), from.cacheLine(),
                toLabel, to.size(), to.cacheLines(), to.cacheLine(), sizeDelta()));
        out.append(String.format("  %-24s %-26s %15s %15s  %s%n", "member", "type", fromLabel, toLabel, "change"));
        for (Change c : changes) {
            out.append(String.format("  %-24s %-26s %15s %15s  %s%n", c.name(),
                    c.toType() != null ? c.toType() : c.fromType(),
                    where(c.fromOffset(), c.fromLine()), where(c.toOffset(), c.toLine()),
                    describe(c)));
        }
        for (Holes.Hole h : holesRemoved()) {
            out.append(String.format("  hole removed: %d bytes at %d (after %s, %s)%n", h.size(), h.offset(), h.after(), fromLabel));
        }
        for (Holes.Hole h : holesAdded()) {
            out.append(String.format("  hole added:   %d bytes at %d (after %s, %s)%n", h.size(), h.offset(), h.after(), toLabel));
        }
        return out.toString();
    }

    private static String where(long offset, long line) {
        return offset < 0 ? "-" : offset + " (L" + line + ")";
    }

    private static String describe(Change c) {
        return switch (c.kind()) {
            case "retyped" -> "retyped: " + c.fromType() + " -> " + c.toType() + " (" + c.fromSize() + " -> " + c.toSize() + " bytes)";
            case "moved line" -> "moved, line " + c.fromLine() + " -> " + c.toLine();
            case "moved" -> String.format("moved %+d", c.toOffset() - c.fromOffset());
            default -> c.kind();
        };
    }
}
