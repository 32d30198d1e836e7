package dstcow.layout.print;

import dstcow.layout.engine.FieldLayout;
import dstcow.layout.engine.RecordLayout;
import dstcow.layout.model.RecordDef;

import java.util.ArrayList;
import java.util.List;

/** The holes of a struct, as pahole counts them: gaps between top-level members, and tail padding. */
public final class Holes {
    private Holes() {
    }

    /**
     * @param after  the member the hole follows ({@code "(tail padding)"} for the trailing gap)
     * @param offset first byte of the hole
     * @param size   bytes
     */
    public record Hole(String after, long offset, long size) {
    }

    public static List<Hole> of(RecordLayout layout) {
        List<Hole> holes = new ArrayList<>();
        if (layout.def().kind() == RecordDef.Kind.UNION) {
            return holes;
        }
        List<FieldLayout> fields = layout.fields();
        long end = 0;
        String after = null;
        for (FieldLayout f : fields) {
            long start = f.bitfield() ? f.bitOffset() / 8 : f.offset();
            if (after != null && start > end) {
                holes.add(new Hole(after, end, start - end));
            }
            end = Math.max(end, f.end());
            after = f.displayName();
        }
        if (layout.size() > end) {
            holes.add(new Hole("(tail padding)", end, layout.size() - end));
        }
        return holes;
    }

    /** Bytes lost to holes and tail padding. */
    public static long wasted(RecordLayout layout) {
        return of(layout).stream().mapToLong(Hole::size).sum();
    }
}
