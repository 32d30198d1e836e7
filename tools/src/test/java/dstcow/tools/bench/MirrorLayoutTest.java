package dstcow.tools.bench;

import dstcow.tools.bench.mirror.DstEntryMirror;
import dstcow.tools.bench.mirror.PaddedDstEntryMirror;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What JOL says about the on-heap mirrors: only the padded one keeps refcnt a line away from ops/input/output. */
class MirrorLayoutTest {

    private static long offset(ClassLayout layout, String field) {
        for (FieldLayout f : layout.fields()) {
            if (f.name().equals(field)) {
                return f.offset();
            }
        }
        throw new AssertionError("no field " + field + " in\n" + layout.toPrintable());
    }

    private static long distance(Class<?> type) {
        ClassLayout l = ClassLayout.parseClass(type);
        long refcnt = offset(l, "refcnt");
        long nearest = Long.MAX_VALUE;
        for (String name : List.of("ops", "input", "output")) {
            long o = offset(l, name);
            nearest = Math.min(nearest, Math.abs(refcnt - o));
        }
        return nearest;
    }

    @Test
    void paddedMirrorKeepsRefcntAtLeastOneCacheLineFromTheReadMostlyFields() {
        long d = distance(PaddedDstEntryMirror.class);
        assertTrue(d >= 64, "refcnt only " + d + " bytes from ops/input/output:\n"
                + ClassLayout.parseClass(PaddedDstEntryMirror.class).toPrintable());
    }

    @Test
    void plainMirrorGivesNoSuchGuarantee() {
        // HotSpot packs the int refcnt among the other fields: it lands within a line of a read-mostly field.
        long d = distance(DstEntryMirror.class);
        assertTrue(d < 64, "expected the plain mirror to put refcnt near ops/input/output, got " + d + " bytes:\n"
                + ClassLayout.parseClass(DstEntryMirror.class).toPrintable());
    }
}
